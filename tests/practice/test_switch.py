"""An assessed release can switch practice off: the assignment option, and the notebook that honours it."""
from __future__ import annotations

import subprocess
import sys

import pytest

from nngrade.course.assignment import notebook
from nngrade.course.assignment_spec import AssignmentError, from_data, from_json

from .kernel import execute, text_of

EXERCISES = [{"id": "layer", "kind": "linear_layer", "points": 2}]


def spec(**options):
    return from_data({"assignment": "exam1", "key": "course-key", "exercises": EXERCISES, **options})


def test_the_option_is_read_kept_in_the_stored_form_and_defaults_to_on():
    assert spec().practice is True
    off = spec(practice=False, check="format")
    assert off.practice is False and from_json(off.to_json()).practice is False
    with pytest.raises(AssignmentError, match="practice"):
        spec(practice="no")


def test_an_assignment_without_practice_switches_it_off_in_its_process():
    code = (
        "from nngrade import practice\n"
        "from nngrade.notebook import Assignment\n"
        "practice('loss', show=False)\n"
        "Assignment({spec!r})\n"
        "try:\n"
        "    practice('loss', show=False)\n"
        "except practice.PracticeOffError as error:\n"
        "    print('refused:', error)\n"
    )
    for options, refused in (({"practice": False}, True), ({}, False)):
        run = subprocess.run([sys.executable, "-c", code.format(spec=spec(**options).to_json())],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        assert run.stdout.startswith("refused: practice is switched off while you work on exam1") == refused


@pytest.mark.parametrize("allowed", [True, False])
def test_the_generated_notebook_honours_the_option_in_a_real_kernel(allowed, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    monkeypatch.setenv("NNGRADE_STUDENT", "ada")
    nb = notebook(spec(practice=allowed, check="format"))
    nb.cells.append(nbformat.v4.new_code_cell("from nngrade import practice\np = practice('loss', difficulty='easy')"))
    executed = execute(nb)
    last = text_of(executed.cells[-1])
    assert [output.output_type for cell in executed.cells[:-1] for output in cell.get("outputs", [])
            if output.output_type == "error"] == []
    if allowed:
        assert "Practice variant 1 of `loss`" in last
    else:
        assert last.startswith("PracticeOffError: practice is switched off while you work on exam1")
