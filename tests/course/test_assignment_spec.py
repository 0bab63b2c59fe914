"""The spec a notebook embeds, as the student's kernel reads it: the same spec back for every
kind and setting, and a one-line error for a copy nngrade did not write."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nngrade.course.assignment_spec import AssignmentError, from_data, from_embedded, load
from nngrade.exercises import registry

LIGHT_KERNEL = """
import sys
from nngrade.course.assignment_spec import from_embedded
from_embedded({text!r})
print(sorted(name for name in ("jsonschema", "nngrade.exercises.catalogue", "nngrade.grading.grade", "sympy")
             if name in sys.modules))
"""


@settings(max_examples=40, deadline=None)
@given(kind=st.sampled_from(registry.kinds()), check=st.sampled_from(["full", "format", "off"]),
       practice=st.booleans(), style=st.sampled_from(["fraction", "decimal", "both"]),
       sigfigs=st.one_of(st.none(), st.integers(1, 6)), points=st.sampled_from([1, 2.5]))
def test_every_spec_survives_the_embedded_reading(kind, check, practice, style, sigfigs, points):
    spec = from_data({"assignment": "hw1", "key": "k", "check": check, "practice": practice,
                      "numbers": {"style": style}, "title": "T", "instructions": "Do it.",
                      "exercises": [{"id": "a", "kind": kind, "points": points, "sigfigs": sigfigs},
                                    {"id": "b", "kind": kind, "knobs": {"difficulty": "medium"}}]})
    assert from_embedded(spec.to_json()) == spec


def test_part_settings_survive_the_embedded_reading():
    spec = from_data({"assignment": "hw1", "key": "k", "exercises": [
        {"id": "a", "kind": "linear_layer", "parts": {"z": {"rtol": 0.01, "weight": 2}}}]})
    assert from_embedded(spec.to_json()).entry("a").parts == {"z": {"rtol": 0.01, "weight": 2}}


def stored(**changes):
    data = from_data({"assignment": "hw1", "key": "k", "exercises": [{"id": "a", "kind": "linear_layer"}]}).to_dict()
    data.update(changes)
    return data


@pytest.mark.parametrize("text, words", [
    ("{not json", "not valid JSON"),
    (json.dumps([1, 2]), "not a mapping"),
    (json.dumps({k: v for k, v in stored().items() if k != "key"}), "key is missing"),
    (json.dumps(stored(check="sometimes")), "check"),
    (json.dumps(stored(practice="no")), "practice has the wrong type"),
    (json.dumps(stored(exercises=[{"id": "a"}])), r"exercises\[0\].kind is missing"),
    (json.dumps(stored(exercises=[{**stored()["exercises"][0], "points": True}])), "points has the wrong type"),
    (json.dumps(stored(exercises=[{**stored()["exercises"][0], "parts": {"z": 3}}])), "not a mapping"),
    (json.dumps(stored(numbers={"style": "roman", "sigfigs": 4})), "style"),
])
def test_a_copy_nngrade_did_not_write_is_one_line_error(text, words):
    with pytest.raises(AssignmentError, match=words) as raised:
        from_embedded(text)
    assert "\n" not in str(raised.value) and "restore the cell" in str(raised.value)


def test_reading_the_embedded_spec_loads_no_schema_checker_catalogue_or_grader():
    import subprocess
    import sys

    spec = from_data({"assignment": "hw1", "key": "k", "exercises": [{"id": "a", "kind": "gd_univariate"}]})
    done = subprocess.run([sys.executable, "-c", LIGHT_KERNEL.format(text=spec.to_json())],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_an_unquoted_check_off_in_yaml_is_the_level_off(tmp_path):
    """YAML 1.1 reads ``off`` (and ``no``) as false; an assignment file means the level."""
    path = tmp_path / "hw1.yaml"
    for written in ("off", "no", "'off'"):
        path.write_text(f"assignment: hw1\ncheck: {written}\nexercises:\n  - {{id: layer, kind: linear_layer}}\n")
        assert load(path).check == "off"
    path.write_text("assignment: hw1\ncheck: yes\nexercises:\n  - {id: layer, kind: linear_layer}\n")
    with pytest.raises(AssignmentError, match="check"):
        load(path)
