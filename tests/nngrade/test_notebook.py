"""The student's kernel in an assessed release hands out no expected values.

solution() refuses unless the release has the full check; no answer key or expected value is
reachable through the Assignment object's attributes; the format check reports shapes only
where the shape is not itself an answer (how many mistakes, how many stationary points).
"""
from __future__ import annotations

import dataclasses
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from nngrade.course.assignment_spec import from_data
from nngrade.course.notebook_cells import HANDLE, answer
from nngrade.grading.grade import grade
from nngrade.grading.key import AnswerKey
from nngrade.notebook import Assignment, NoSolutionsError

EXERCISES = [
    {"id": "layer", "kind": "linear_layer", "points": 2},
    {"id": "perc", "kind": "perceptron", "points": 2},
    {"id": "gd", "kind": "gd_univariate", "points": 3},
]


def spec_with(check: str):
    return from_data({"assignment": "hw1", "key": "course-key", "check": check, "exercises": EXERCISES})


def expected(spec, exercise_id, student="ada"):
    return spec.answer_key(exercise_id, spec.variant(exercise_id, student)).expected


@pytest.mark.parametrize("check", ["format", "off"])
def test_solution_refuses_in_an_assessed_release(check):
    student = Assignment(spec_with(check), student="ada")
    for exercise_id in ("layer", "perc", "gd"):
        with pytest.raises(NoSolutionsError, match=f"assessed \\(check: {check}\\)"):
            student.solution(exercise_id)


def test_solution_gives_the_answers_with_the_full_check():
    spec = spec_with("full")
    assert Assignment(spec, student="ada").solution("layer") == expected(spec, "layer")


def reachable(root, depth=0, seen=None):
    """Every object reachable from ``root`` through attributes, containers and dataclass fields."""
    seen = set() if seen is None else seen
    if id(root) in seen or depth > 12:
        return
    seen.add(id(root))
    yield root
    if isinstance(root, dict):
        children = list(root.keys()) + list(root.values())
    elif isinstance(root, (list, tuple, set, frozenset)):
        children = list(root)
    elif dataclasses.is_dataclass(root) and not isinstance(root, type):
        children = [getattr(root, field.name) for field in dataclasses.fields(root)]
    elif hasattr(root, "__dict__") and not isinstance(root, type):
        children = list(vars(root).values())
    else:
        children = []
    for child in children:
        yield from reachable(child, depth + 1, seen)


@pytest.mark.parametrize("check", ["format", "off"])
def test_no_answer_key_or_expected_value_is_reachable_from_the_kernel_object(check, capsys):
    spec = spec_with(check)
    student = Assignment(spec, student="ada")
    for exercise_id in ("layer", "perc", "gd"):
        student.show(exercise_id)
        student.check(exercise_id, {})
        student.format_problems(exercise_id, {})
    objects = list(reachable(student))
    assert not any(isinstance(item, AnswerKey) for item in objects)
    arrays = [np.asarray(item, dtype=float) for item in objects
              if isinstance(item, (list, np.ndarray)) and _numeric(item)]
    for exercise_id in ("layer", "perc"):
        for part, value in expected(spec, exercise_id).items():
            want = np.asarray(value, dtype=float)
            assert not any(a.shape == want.shape and np.allclose(a, want) for a in arrays if want.size > 1), part
    text = " ".join(str(item) for item in objects if isinstance(item, str))
    assert expected(spec, "gd")["derivative"].replace(" ", "") not in text.replace(" ", "")


def _numeric(item) -> bool:
    try:
        np.asarray(item, dtype=float)
    except (TypeError, ValueError):
        return False
    return True


def test_the_format_check_does_not_reveal_how_many_mistakes_or_stationary_points():
    spec = spec_with("format")
    student = Assignment(spec, student="ada")
    mistakes = expected(spec, "perc")["mistakes"]
    points = expected(spec, "gd")["stationary_points"]
    perc = {**expected(spec, "perc")}
    gd = {**expected(spec, "gd")}
    for count in range(0, 6):
        perc["mistakes"] = list(range(1, count + 1))
        gd["stationary_points"] = [0.5] * count
        assert not [p for p in student.format_problems("perc", perc) if "mistakes" in p], count
        assert not [p for p in student.format_problems("gd", gd) if "stationary" in p], count
    perc["mistakes"] = [[1, 2], [3, 4]]
    gd["stationary_points"] = [[0.5]]
    assert "the visits that were mistakes: expected a list of numbers" in student.format_problems("perc", perc)
    assert "the stationary points: expected a list of numbers" in student.format_problems("gd", gd)
    assert len(mistakes) >= 1 and len(points) >= 1


def test_the_format_check_still_tells_shapes_that_are_not_answers():
    student = Assignment(spec_with("format"), student="ada")
    problems = student.format_problems("perc", {"w": [1, 2], "b": [0], "mistakes": [1]})
    assert any(p.startswith("w after each visit: expected") for p in problems)
    assert any("missing" in p for p in student.format_problems("layer", {}))


@pytest.mark.parametrize("check", ["full", "format", "off"])
def test_the_instructors_source_notebook_still_works_its_own_answers(check):
    """The answer cell's solution block (stripped from the release) runs in every release."""
    spec = spec_with(check)
    namespace = {HANDLE: Assignment(spec, student="instructor")}
    for entry in spec.exercises:
        exec(answer(spec, entry).source, namespace)  # noqa: S102 - nngrade's own generated cell
        assert namespace[entry.variable] == expected(spec, entry.id, "instructor")
        assert namespace[HANDLE].format_problems(entry.id, namespace[entry.variable]) == []


def test_graded_feedback_does_not_print_the_expected_count_either():
    spec = spec_with("full")
    key = spec.answer_key("perc", spec.variant("perc", "ada"))
    count = len(key.expected["mistakes"])
    result = grade(key, {**key.expected, "mistakes": list(range(1, count + 3))})
    feedback = next(p.feedback for p in result.parts if p.part == "mistakes")
    assert f"{count} number" not in feedback and "not right" in feedback


def test_an_autograded_record_fails_its_cell_in_one_line_of_ipython(monkeypatch, capsys):
    """Fail closed without nngrade's grading step, cheaply: IPython shows the error's own line
    instead of formatting the stack in every test cell."""
    interactiveshell = pytest.importorskip("IPython.core.interactiveshell")
    from nngrade.notebook import NotGradedError

    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    shell = interactiveshell.InteractiveShell.instance()
    try:
        shell.user_ns[HANDLE] = Assignment(spec_with("format"), student="ada")
        outcome = shell.run_cell(f"{HANDLE}.record('layer', {{'z': [[1.0]]}})")
    finally:  # the shell is a singleton: left behind, later tests would think they run in a notebook
        interactiveshell.InteractiveShell.clear_instance()
    assert isinstance(outcome.error_in_exec, NotGradedError)
    shown = capsys.readouterr()
    lines = [line for line in (shown.out + shown.err).splitlines() if "NotGradedError" in line]
    assert lines == [f"NotGradedError: {outcome.error_in_exec}"]
    assert "Traceback" not in shown.out + shown.err


@pytest.mark.parametrize("written", [
    [[1], [8]], [1, 8], (1, 8), [[1.0], [8.0]], ["1", "8"], np.array([[1], [8]]), np.array([1.0, 8.0], np.float32),
    [np.int64(1), np.float64(8)], [Fraction(1), Fraction(8)], [Decimal("1"), Decimal("8.0")], [Decimal("1E+0"), 8],
    [Decimal("1.001"), 8], [[0], [7]],
])
def test_what_check_grades_is_what_the_record_hands_to_autograde(written):
    """The full check grades the live answer in the kernel; autograde grades the record's JSON.
    A Decimal answer was right for check() and recorded as an object autograde refused (0)."""
    import json

    import nngrade
    from nngrade.notebook import plain_data

    problem = {"kind": "linear_layer", "params": {"X": [[1, 2], [3, -1]], "W": [[2], [-1]], "b": [1]}}
    recorded = json.loads(json.dumps(plain_data({"z": written})))
    assert nngrade.grade(problem, recorded).score == nngrade.grade(problem, {"z": written}).score
