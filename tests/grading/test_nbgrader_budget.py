"""Through the real nbgrader: a student whose expression used to hang grading for minutes is
graded wrong at once, and the honest student in the same run keeps full marks."""
from __future__ import annotations

import json
import time

import pytest

pytest.importorskip("nbgrader")
pytest.importorskip("nbformat")

from ..nbgrader_course import answered, autograded, grades, hand_in, released, right_answers, run_nbgrader  # noqa: E402

pytestmark = pytest.mark.nbgrader

ASSIGNMENT = """\
assignment: hw1
title: Gradient descent
check: format
exercises:
  - id: gd
    kind: gd_univariate
    points: 3
    knobs: {difficulty: hard}
"""
HANGING = "exp(exp(10**30*x))"
STUDENTS = ("honest", "hanging")
#: A generous bound on the whole run: nbgrader's own start-up and two kernels are most of it;
#: before the budget, the hanging answer alone held grading for minutes.
RUN_SECONDS = 240


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = released(tmp_path_factory.mktemp("budget"), ASSIGNMENT)
    for student in STUDENTS:
        answers = right_answers(course.spec, "gd", student)
        if student == "hanging":
            answers["derivative"] = HANGING
        hand_in(course.course, "hw1", student, answered(course.notebook, lambda _: f"answer_gd = {json.dumps(answers)}"))
    start = time.perf_counter()
    run = run_nbgrader(course.course, "autograde", "hw1")
    seconds = time.perf_counter() - start
    print(f"autograde of 2 notebooks, one with {HANGING}: {seconds:.1f} s")
    return {"run": run, "seconds": seconds, "scores": grades(course.course, "hw1", STUDENTS),
            "notebook": autograded(course.course, "hw1", "hanging")}


def test_the_run_finishes_in_bounded_time(graded):
    assert graded["run"].returncode == 0, graded["run"].stderr[-3000:]
    assert graded["seconds"] < RUN_SECONDS


def test_the_honest_student_keeps_full_marks(graded):
    assert sum(graded["scores"]["honest"].values()) == 3


def test_the_hanging_expression_is_wrong_and_the_rest_is_graded(graded):
    hanging = sum(graded["scores"]["hanging"].values())
    assert 0 < hanging < 3
    shown = "\n".join(str(output) for cell in graded["notebook"].cells for output in cell.get("outputs", []))
    assert "f'(x): not equivalent" in shown
