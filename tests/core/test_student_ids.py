"""Student ids that name folders and results files: none that Windows reads as a device or as another id."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from nngrade.core.student_ids import check_roster, safe_student_id

#: Names Windows keeps for devices, whatever their case and whatever extension follows.
DEVICES = ["CON", "prn", "Aux", "nul", "COM1", "com9", "LPT1", "lpt0", "nul.json", "CON.ada", "aux.1.2"]


@pytest.mark.parametrize("student", DEVICES)
def test_a_windows_device_name_is_not_a_student_id(student):
    """``nul.json`` on Windows writes nowhere and ``CON.json`` to the console: such a student's
    results file, or build folder, would be lost."""
    assert not safe_student_id(student)
    with pytest.raises(ValueError, match="cannot name a file"):
        check_roster(["ada", student])


@pytest.mark.parametrize("student", ["ada.", "ada..", "x.y."])
def test_an_id_ending_in_a_dot_is_not_a_student_id(student):
    """Windows drops a name's trailing dots, so ``ada.`` would be ``ada``'s folder."""
    assert not safe_student_id(student)


@pytest.mark.parametrize("student", ["console", "con_1", "nuls", "com10", "lpt", "a.con", "ada.b", "ada"])
def test_names_that_only_look_like_devices_are_student_ids(student):
    assert safe_student_id(student)


@given(st.from_regex(r"[A-Za-z0-9_@+-][A-Za-z0-9._@+-]{0,98}[A-Za-z0-9_@+-]", fullmatch=True))
def test_every_safe_id_is_a_name_windows_keeps_as_it_is(student):
    base = student.split(".")[0].upper()
    windows_keeps = base not in {"CON", "PRN", "AUX", "NUL"} and not (
        len(base) == 4 and base[:3] in ("COM", "LPT") and base[3].isdigit())
    assert safe_student_id(student) == windows_keeps
