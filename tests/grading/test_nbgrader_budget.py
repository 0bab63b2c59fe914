"""Through the real nbgrader: a student whose expression used to hang grading for minutes is
graded wrong at once, and the honest student in the same run keeps full marks."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
import time

import pytest

pytest.importorskip("nbgrader")
nbformat = pytest.importorskip("nbformat")

from nbgrader.api import Gradebook  # noqa: E402

from nngrade.course.assignment import build, stored_spec  # noqa: E402

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


def nbgrader(course, *args):
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True,
                          text=True, timeout=900)


def submission(release, answers: dict):
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id", "") == "gd-answer":
            cell.source = f"answer_gd = {json.dumps(answers)}"
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("budget")
    (root / "hw1.yaml").write_text(ASSIGNMENT)
    course = root / "course"
    build(root / "hw1.yaml", course, course_id="nn101")
    generated = nbgrader(course, "generate_assignment", "hw1")
    assert generated.returncode == 0, generated.stderr[-2000:]
    spec = stored_spec(course, "hw1")
    release = nbformat.read(str(course / "release" / "hw1" / "hw1.ipynb"), as_version=4)
    for student in STUDENTS:
        answers = dict(spec.answer_key("gd", spec.variant("gd", student)).expected)
        answers = {part: value.tolist() if hasattr(value, "tolist") else value for part, value in answers.items()}
        if student == "hanging":
            answers["derivative"] = HANGING
        path = course / "submitted" / student / "hw1" / "hw1.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(submission(release, answers), str(path))
    start = time.perf_counter()
    run = nbgrader(course, "autograde", "hw1")
    seconds = time.perf_counter() - start
    print(f"autograde of 2 notebooks, one with {HANGING}: {seconds:.1f} s")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        scores = {student: {g.name: g.score for g in gb.find_submission_notebook("hw1", "hw1", student).grades}
                  for student in STUDENTS}
    graded_nb = nbformat.read(str(course / "autograded" / "hanging" / "hw1" / "hw1.ipynb"), as_version=4)
    return {"run": run, "seconds": seconds, "scores": scores, "notebook": graded_nb}


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
