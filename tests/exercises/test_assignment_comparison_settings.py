"""An assignment file sets a part's rounding rule and written-form check, and grading uses them."""
from __future__ import annotations

import pytest

from nngrade.exercises.assignment_spec import AssignmentError, from_data


def spec_with(settings: dict):
    return from_data({"assignment": "hw1", "key": "k", "exercises": [
        {"kind": "linear_layer", "id": "layer", "parts": {"z": settings}}]})


def test_rule_and_written_form_reach_the_answer_key():
    spec = spec_with({"mode": "sigfigs", "sigfigs": 2, "rule": "band", "written_form": True})
    problem = spec.variant("layer", "student-1")
    part = spec.answer_key("layer", problem).spec("z")
    assert (part.mode, part.sigfigs, part.rule, part.written_form) == ("sigfigs", 2, "band", True)


@pytest.mark.parametrize("settings, words", [
    ({"mode": "sigfigs", "rule": "nearest"}, "unknown rule"),
    ({"written_form": True}, "sigfigs and decimals"),
    ({"mode": "decimals", "written_form": "yes"}, "true or false"),
])
def test_bad_settings_are_one_line_errors(settings, words):
    with pytest.raises(AssignmentError, match=words):
        spec_with(settings)
