"""A statement cell under real nbgrader autograding shows nothing a person could misread: in a
course whose nbgrader config lacks nngrade's grading step (nothing fills the statements in
afterwards), the autograded notebook's statement cells are empty, and its test cells still
score 0 (they fail closed)."""
from __future__ import annotations

import copy
import json
import os
import subprocess
import sys

import pytest

pytest.importorskip("nbgrader")
nbformat = pytest.importorskip("nbformat")

from nbgrader.api import Gradebook  # noqa: E402

from nngrade.course.assignment import build, stored_spec  # noqa: E402
from nngrade.course import notebook_cells  # noqa: E402

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


def nbgrader(course, *args):
    environment = {name: value for name, value in os.environ.items()
                   if name not in ("NNGRADE_STUDENT", "JUPYTERHUB_USER", "NB_USER")}
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True, text=True,
                          timeout=600, env=environment)
    assert done.returncode == 0, done.stderr[-2000:]


def test_autograding_without_nngrades_step_leaves_the_statements_empty(tmp_path):
    (tmp_path / "hw1.yaml").write_text(ASSIGNMENT)
    course = tmp_path / "course"
    build(tmp_path / "hw1.yaml", course, course_id="nn101")
    nbgrader(course, "generate_assignment", "hw1")
    (course / "nbgrader_config.py").write_text(PLAIN_CONFIG)
    spec = stored_spec(course, "hw1")
    notebook = nbformat.read(str(course / "release" / "hw1" / "hw1.ipynb"), as_version=4)
    submitted = copy.deepcopy(notebook)
    for cell in submitted.cells:  # right answers, as the grader would see them
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("-answer"):
            exercise = grade_id.split("-")[0]
            expected = spec.answer_key(exercise, spec.variant(exercise, "ada")).expected
            cell.source = f"answer_{exercise} = {json.dumps(expected)}"
    path = course / "submitted" / "ada" / "hw1" / "hw1.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(submitted, str(path))
    nbgrader(course, "autograde", "hw1")
    graded = nbformat.read(str(course / "autograded" / "ada" / "hw1" / "hw1.ipynb"), as_version=4)
    cells = {cell.metadata.get("nbgrader", {}).get("grade_id"): cell for cell in graded.cells}
    for entry in spec.exercises:
        assert cells[notebook_cells.statement_id(entry)].outputs == []
        assert any(output.get("ename") == "NotGradedError" for output in cells[notebook_cells.test_id(entry)].outputs)
    shown = json.dumps([cell.get("outputs", []) for cell in graded.cells])
    assert "not rendered" not in shown and "autograding" not in shown
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        assert gradebook.find_submission("hw1", "ada").score == 0
