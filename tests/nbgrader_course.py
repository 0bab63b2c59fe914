"""A real nbgrader course for the tests that autograde end to end, in the steps an instructor takes.

``released`` builds an assignment into a course and releases it (``nbgrader generate_assignment``);
``answered`` fills a copy of the released notebook's answer cells; ``hand_in`` puts a student's
notebook where ``nbgrader collect`` would; ``run_nbgrader`` runs any nbgrader command on the
course; ``grades`` reads what autograding recorded. Every test that runs the real nbgrader takes
these steps from here, so that a course is made one way and a change to how nbgrader is started
is made once.
"""
from __future__ import annotations

import copy
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import nbformat
from nbgrader.api import Gradebook

from nngrade.course.assignment import build, stored_spec

#: Course id of every test course.
COURSE_ID = "nn101"


@dataclass(frozen=True)
class Released:
    """A built course with its assignment released."""

    course: Path
    name: str
    spec: Any
    notebook: Any
    """The released notebook, as a student downloads it (copy it before changing it)."""


def run_nbgrader(course: Path, *args: str, timeout: float = 900, env: dict | None = None,
                 check: bool = False) -> subprocess.CompletedProcess:
    """``python -m nbgrader ARGS`` in the course folder; with ``check``, it must exit 0."""
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True,
                          text=True, timeout=timeout, env=env)
    if check:
        assert done.returncode == 0, f"nbgrader {' '.join(args)}:\n{done.stderr[-3000:]}"
    return done


def released(root: Path, assignment: str, *, name: str = "hw1", timeout: float | None = None,
             course_id: str = COURSE_ID) -> Released:
    """Build the assignment YAML text ``assignment`` (named ``name``) into ``root/course`` and
    release it; ``timeout`` is nbgrader's time per cell (``c.Execute.timeout``)."""
    (root / f"{name}.yaml").write_text(assignment)
    course = root / "course"
    build(root / f"{name}.yaml", course, course_id=course_id)
    if timeout is not None:
        with open(course / "nbgrader_config.py", "a") as config:
            config.write(f"c.Execute.timeout = {timeout}\n")
    run_nbgrader(course, "generate_assignment", name, check=True)
    notebook = nbformat.read(str(course / "release" / name / f"{name}.ipynb"), as_version=4)
    return Released(course, name, stored_spec(course, name), notebook)


def grade_id(cell) -> str:
    """The nbgrader grade id of a cell ('' for a cell nbgrader does not grade)."""
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


def right_answers(spec, exercise: str, student: str) -> dict:
    """The expected answers of ``student``'s own variant of ``exercise``, as plain data of the
    caller's own (changing them changes no key)."""
    expected = spec.answer_key(exercise, spec.variant(exercise, student)).expected
    return copy.deepcopy({part: value.tolist() if hasattr(value, "tolist") else value
                          for part, value in expected.items()})


def answered(notebook, source: Callable[[str], str | None]):
    """A copy of ``notebook`` whose answer cells hold ``source(exercise)`` (a cell is left as
    released where it gives None)."""
    filled = copy.deepcopy(notebook)
    for cell in filled.cells:
        if grade_id(cell).endswith("-answer"):
            code = source(grade_id(cell)[: -len("-answer")])
            if code is not None:
                cell.source = code
    return filled


def hand_in(course: Path, name: str, student: str, notebook=None) -> Path:
    """The path of ``student``'s submitted notebook (its folder made), the notebook written there if given."""
    path = course / "submitted" / student / name / f"{name}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    if notebook is not None:
        nbformat.write(notebook, str(path))
    return path


def autograded(course: Path, name: str, student: str):
    """``student``'s notebook as autograding left it."""
    return nbformat.read(str(course / "autograded" / student / name / f"{name}.ipynb"), as_version=4)


def grades(course: Path, name: str, students, value: Callable[[Any], Any] = lambda grade: grade.score) -> dict:
    """Per student, ``value(grade)`` of every grade cell of the notebook, by grade id."""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {student: {grade.name: value(grade)
                          for grade in gradebook.find_submission_notebook(name, name, student).grades}
                for student in students}
