"""What one autograde put in a gradebook, read out as plain data and written into another.

A class autograde grades each student into a private copy of the course gradebook (no two
tasks share a database, and a task can be run again from scratch). Its worker reads what
autograde produced back out of that copy (:func:`read_autograded`, in the worker, so the
reading runs in parallel), and the course process writes every student's record into the
course gradebook in one transaction (:func:`write_autograded`). Only what autograde sets is
carried: auto scores, the needs-manual-grade flags, auto comments, late penalties, submission
times, and students and submissions that were missing. Manual scores, extra credit and manual
comments in the course gradebook are never touched, so a manual grade entered while the class
was being graded stays.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class GradedNotebook:
    name: str
    late_submission_penalty: float | None
    grades: tuple[tuple[str, float | None, bool | None], ...]
    """``(grade cell name, auto score, needs manual grade)`` for each graded cell."""
    comments: tuple[tuple[str, str | None], ...]
    """``(cell name, auto comment)`` for each commented cell."""


@dataclass(frozen=True)
class Autograded:
    """One student's autograde results for one assignment, as nbgrader stored them."""

    student: str
    timestamp: datetime | None
    notebooks: tuple[GradedNotebook, ...]


def read_autograded(database: Path, assignment: str, student: str) -> Autograded | None:
    """What autograde stored for ``student`` in the gradebook ``database``; ``None`` when it
    stored no submission (the autograde failed before it got there)."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{database}") as source:
        try:
            graded = source.find_submission(assignment, student)
        except MissingEntry:
            return None
        return Autograded(student, graded.timestamp, tuple(
            GradedNotebook(notebook.name, notebook.late_submission_penalty,
                           tuple((grade.name, grade.auto_score, grade.needs_manual_grade) for grade in notebook.grades),
                           tuple((comment.name, comment.auto_comment) for comment in notebook.comments))
            for notebook in graded.notebooks))


def write_autograded(records: list[Autograded], database: Path, assignment: str) -> None:
    """Write ``records`` into the gradebook ``database``, all in one transaction (nbgrader's own
    calls commit only to add a student or a submission the gradebook did not have)."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{database}") as target:
        for record in records:
            try:
                submission = target.find_submission(assignment, record.student)
            except MissingEntry:
                target.update_or_create_student(record.student)
                with target.db.no_autoflush:  # nbgrader builds the submission's rows before adding them
                    submission = target.add_submission(assignment, record.student)
            submission.timestamp = record.timestamp
            notebooks = {notebook.name: notebook for notebook in submission.notebooks}
            for graded in record.notebooks:
                into = notebooks[graded.name]
                into.late_submission_penalty = graded.late_submission_penalty
                grades = {grade.name: grade for grade in into.grades}
                for name, auto_score, needs_manual_grade in graded.grades:
                    grades[name].auto_score, grades[name].needs_manual_grade = auto_score, needs_manual_grade
                comments = {comment.name: comment for comment in into.comments}
                for name, auto_comment in graded.comments:
                    comments[name].auto_comment = auto_comment
        target.db.commit()
