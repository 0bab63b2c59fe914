"""The demo's nbgrader part: a course built from the seed lab's assignment, three simulated
students' submissions, one real ``nbgrader autograde`` run, and the gradebook read back.

The students: ``ada`` answers right, ``grace`` makes a known mistake in every exercise, and
``alan`` works by hand, rounding every value to three significant figures.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from nngrade.core.own_tools import put_own_tools_first
from nngrade.exercises.keys import plain, rounded_nested

from .assignment import build, stored_spec
from .notebook_cells import test_id

ASSIGNMENT_FILE = Path(__file__).parent / "assignments" / "seed-lab.yaml"
STUDENTS = ("ada", "grace", "alan")


def answers(spec, exercise: str, student: str) -> dict:
    """What the simulated ``student`` writes for ``exercise``."""
    key = spec.answer_key(exercise, spec.variant(exercise, student))
    right = key.expected
    if student == "grace" and key.misconceptions:
        return {**right, **key.misconceptions[0].values}
    if student == "alan":
        return {part: _rounded(value) for part, value in right.items()}
    return right


def _rounded(value):
    if isinstance(value, (bool, str)) or value is None:
        return value
    return plain(rounded_nested(value, 3))


def run(out: Path) -> dict:
    """Build the course under ``out``, submit, autograde; returns ``{student: {exercise: score}}``."""
    import nbformat
    from nbgrader.api import Gradebook

    from .class_autograde import autograde

    put_own_tools_first()
    course = out / "course"
    build(ASSIGNMENT_FILE, course, "nngrade-demo")
    spec = stored_spec(course, "seed-lab")
    _nbgrader(course, "generate_assignment", "seed-lab", "--force")
    released = nbformat.read(course / "release" / "seed-lab" / f"{spec.notebook_name}.ipynb", as_version=4)
    answer_cells = {f"{entry.id}-answer": entry for entry in spec.exercises}
    for student in STUDENTS:
        notebook = nbformat.from_dict(json.loads(json.dumps(released)))
        for cell in notebook.cells:
            entry = answer_cells.get(cell.metadata.get("nbgrader", {}).get("grade_id", ""))
            if entry:
                cell.source = f"{entry.variable} = {json.dumps(answers(spec, entry.id, student))}"
        folder = course / "submitted" / student / "seed-lab"
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, folder / f"{spec.notebook_name}.ipynb")
    result = autograde(course, "seed-lab", processes=2)
    if result.failed:
        raise RuntimeError("nbgrader autograde failed: " + "; ".join(result.failed))
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {
            student: {entry.id: gradebook.find_grade(test_id(entry), spec.notebook_name, "seed-lab", student).score
                      for entry in spec.exercises}
            for student in STUDENTS
        }


def _nbgrader(course: Path, *args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader {args[0]} failed: {done.stderr.strip().splitlines()[-1:]}")
