"""An assignment file sets a part's rounding rule and written-form check, and grading uses them."""
from __future__ import annotations

import pytest

from nngrade.course.assignment_spec import AssignmentError, from_data
from nngrade.exercises import registry
from nngrade.grading.grade import grade


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


def _numeric_part(kind):

    return next(spec.part for spec in registry.get(kind).answers if spec.kind == "numeric")


def _nudged(value, by):
    if isinstance(value, list):
        return [_nudged(item, by) for item in value]
    return value * (1 + by) + by


@pytest.mark.parametrize("kind", registry.kinds())
def test_mode_exact_in_an_assignment_file_grades_as_the_overrides_argument(kind):
    """One override mechanism: ``mode: exact`` written in a YAML assignment and ``overrides=``
    give the same key, so every submission gets the same grade by both paths."""
    import yaml

    import nngrade
    from nngrade.exercises.keys import DEFAULT_SIGFIGS, answer_key

    part = _numeric_part(kind)
    spec = from_data(yaml.safe_load(f"""
assignment: hw1
key: k
exercises:
  - {{id: ex, kind: {kind}, parts: {{{part}: {{mode: exact}}}}}}
"""))
    problem = spec.variant("ex", "student-1")
    from_file = spec.answer_key("ex", problem)
    from_argument = answer_key(registry.get(kind), problem, sigfigs=DEFAULT_SIGFIGS, overrides={part: {"mode": "exact"}})
    assert from_file.spec(part) == from_argument.spec(part)
    assert from_file.exact == from_argument.exact and from_file.slack == from_argument.slack
    solution = nngrade.solve(problem)["answers"][part]
    for answer in (solution["exact"], solution["value"], _nudged(solution["value"], 1e-4)):
        by_file, by_argument = grade(from_file, {part: answer}), grade(from_argument, {part: answer})
        assert by_file.to_dict() == by_argument.to_dict(), (kind, answer)


def test_mode_exact_in_an_assignment_file_compares_as_rationals():
    """An answer 1e-4 off is not exact: the file's ``mode: exact`` no longer leaves z compared as
    floats with rounding slack."""
    import nngrade

    spec = spec_with({"mode": "exact"})
    problem = spec.variant("layer", "student-1")
    key = spec.answer_key("layer", problem)
    solution = nngrade.solve(problem)["answers"]["z"]
    assert grade(key, {"z": solution["exact"]}).all_correct
    assert grade(key, {"z": _nudged(solution["value"], 1e-4)}).score == 0
