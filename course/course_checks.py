"""Checks before a class autograde, so that an unusable course is one line at once.

nbgrader takes seconds to start and then fails deep inside with a traceback when the course
folder is wrong, the assignment was never built or generated, nobody has submitted, or it is
not installed. Everything here is read from files (the stored spec, the sqlite gradebook), so
the checks take milliseconds and need neither nbgrader nor nbformat.
"""
from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

from .assignment_spec import AssignmentError
from .class_autograde import submitted_students
from .stored import all_specs

#: What an nbgrader_config.py must contain for nngrade's grading to run.
CONFIG_MARKER = "nngrade.course.autograde"
#: How to install what the course commands need.
INSTALL_HINT = "pip install 'nngrade[nbgrader]'"


class CourseError(ValueError):
    """A course that cannot be autograded as it is, with a one-line reason."""


def nbgrader_installed() -> bool:
    """True when nbgrader can be imported in this environment."""
    try:
        return importlib.util.find_spec("nbgrader") is not None
    except (ImportError, ValueError):
        return False


def ready_to_autograde(course: str | Path, assignment: str) -> list[str]:
    """The students who submitted ``assignment``; :class:`CourseError` says what is missing first."""
    course = Path(course)
    if not course.is_dir():
        raise CourseError(f"{course}: no such course folder")
    config = course / "nbgrader_config.py"
    if not config.is_file():
        raise CourseError(f"{course} is not an nbgrader course (no nbgrader_config.py); "
                          "nngrade course build writes one")
    if CONFIG_MARKER not in config.read_text(encoding="utf-8", errors="replace"):
        raise CourseError(f"{config} does not switch on nngrade's grading (see nngrade course build)")
    try:
        specs = all_specs(course)  # what the grading step loads: every stored spec must be readable
    except AssignmentError as error:
        raise CourseError(str(error)) from None
    if assignment not in specs:
        raise CourseError(f"assignment {assignment!r} was never built in {course} "
                          f"(nngrade course build {assignment}.yaml --course {course})")
    if not nbgrader_installed():
        raise CourseError(f"autograding needs nbgrader, which is not installed here: {INSTALL_HINT}")
    if not _in_gradebook(course / "gradebook.db", assignment):
        raise CourseError(f"assignment {assignment!r} is not in the gradebook of {course} yet: run "
                          f"nbgrader generate_assignment {assignment} there first")
    students = submitted_students(course, assignment)
    if not students:
        raise CourseError(f"nobody has submitted {assignment!r} in {course} "
                          f"(no submitted/<student>/{assignment} folder; run nbgrader collect {assignment})")
    return students


def _in_gradebook(database: Path, assignment: str) -> bool:
    if not database.is_file():
        return False
    try:
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            return connection.execute("SELECT 1 FROM assignment WHERE name = ?", (assignment,)).fetchone() is not None
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise CourseError(f"{database}: not a readable nbgrader gradebook ({error})") from None
