"""A statement cell under real nbgrader autograding shows nothing a person could misread: in a
course whose nbgrader config lacks nngrade's grading step (nothing fills the statements in
afterwards), the autograded notebook's statement cells are empty, and its test cells still
score 0 (they fail closed)."""
from __future__ import annotations

import json
import os

import pytest

pytest.importorskip("nbgrader")
pytest.importorskip("nbformat")

from nbgrader.api import Gradebook  # noqa: E402

from nngrade.course import notebook_cells  # noqa: E402

from ..nbgrader_course import answered, autograded, grade_id, hand_in, released, right_answers, run_nbgrader  # noqa: E402

pytestmark = pytest.mark.nbgrader

ASSIGNMENT = """\
assignment: hw1
check: format
exercises:
  - {id: layer, kind: linear_layer, points: 2}
  - {id: act, kind: activation, points: 1, knobs: {function: sigmoid}}
"""
#: An nbgrader config of the course without nngrade's steps (no ``configure(c)``).
PLAIN_CONFIG = 'c = get_config()\nc.CourseDirectory.course_id = "nn101"\n'
#: The environment of the instructor's nbgrader: no student named in it.
INSTRUCTOR = {name: value for name, value in os.environ.items()
              if name not in ("NNGRADE_STUDENT", "JUPYTERHUB_USER", "NB_USER")}


def test_autograding_without_nngrades_step_leaves_the_statements_empty(tmp_path):
    built = released(tmp_path, ASSIGNMENT)
    course, spec = built.course, built.spec
    (course / "nbgrader_config.py").write_text(PLAIN_CONFIG)
    right = answered(built.notebook,  # right answers, as the grader would see them
                     lambda exercise: f"answer_{exercise} = {json.dumps(right_answers(spec, exercise, 'ada'))}")
    hand_in(course, "hw1", "ada", right)
    run_nbgrader(course, "autograde", "hw1", env=INSTRUCTOR, check=True)
    graded = autograded(course, "hw1", "ada")
    cells = {grade_id(cell): cell for cell in graded.cells}
    for entry in spec.exercises:
        assert cells[notebook_cells.statement_id(entry)].outputs == []
        assert any(output.get("ename") == "NotGradedError" for output in cells[notebook_cells.test_id(entry)].outputs)
    shown = json.dumps([cell.get("outputs", []) for cell in graded.cells])
    assert "not rendered" not in shown and "autograding" not in shown
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        assert gradebook.find_submission("hw1", "ada").score == 0
