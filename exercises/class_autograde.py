"""Autograde a whole class with several nbgrader processes, then fill the one gradebook.

nbgrader grades one notebook at a time and has no parallel option. Here the submitted students
are split into ``processes`` balanced groups; each group runs one ``nbgrader autograde`` with a
folder of links to its students' submissions and its own copy of the gradebook, so the processes
never share a database. When all are done, only what autograde produced (auto scores, the
needs-manual-grade flags, auto comments, late penalties, submission times, and students and
submissions that were missing) is written into the course gradebook through nbgrader's own
Gradebook API, and ``scores.csv`` is written beside the students' class results that each
autograde wrote (:mod:`.class_results`). Nothing else is copied back, so a manual grade entered or a student added while
the run went on stays. Student code cannot reach the gradebook: the kernels run in the sandbox
(checked before anything starts; see :mod:`nngrade.sandbox`).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from nngrade.core.own_tools import put_own_tools_first
from nngrade.sandbox import use_sandbox

from . import class_results


@dataclass
class ClassRun:
    """What one class autograde did."""

    students: int
    processes: int
    seconds: float
    failed: list[str]
    """Groups whose nbgrader exited non-zero, with the end of their log."""
    unconfined: bool = False
    """The kernels ran unconfined (NNGRADE_SANDBOX=off): the results are not tamper-proof."""


def submitted_students(course: Path, assignment: str) -> list[str]:
    folder = course / "submitted"
    return sorted(p.name for p in folder.iterdir() if (p / assignment).is_dir()) if folder.is_dir() else []


def groups(students: list[str], processes: int) -> list[list[str]]:
    """``students`` dealt round-robin into at most ``processes`` non-empty groups."""
    count = max(1, min(processes, len(students)))
    return [students[index::count] for index in range(count)]


def autograde(course: str | Path, assignment: str, processes: int = 2, extra: tuple[str, ...] = (),
              nbgrader: tuple[str, ...] = (sys.executable, "-m", "nbgrader")) -> ClassRun:
    """Autograde every submitted student of ``assignment`` with ``processes`` nbgrader runs."""
    put_own_tools_first()
    confined = use_sandbox()  # refuses here, before any student is graded, if it cannot work
    course = Path(course).resolve()
    students = submitted_students(course, assignment)
    database = course / "gradebook.db"
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="nngrade-autograde-", dir=course) as scratch:
        scratch = Path(scratch)
        runs = []
        for index, group in enumerate(groups(students, processes)):
            links = scratch / f"submitted-{index}"
            links.mkdir()
            for student in group:
                (links / student).symlink_to(course / "submitted" / student, target_is_directory=True)
            part = scratch / f"gradebook-{index}.db"
            shutil.copyfile(database, part)
            log = open(scratch / f"log-{index}.txt", "w")
            command = [*nbgrader, "autograde", assignment, "--force",
                       f"--CourseDirectory.submitted_directory={links}",
                       f"--CourseDirectory.db_url=sqlite:///{part}", *extra]
            runs.append((group, part, log, subprocess.Popen(command, cwd=course, stdout=log, stderr=log)))
        failed = []
        for group, part, log, process in runs:
            process.wait()
            log.close()
            if process.returncode != 0:
                failed.append(f"{', '.join(group)}: {Path(log.name).read_text()[-1500:]}")
        for group, part, _, _ in runs:
            merge(part, database, assignment, group)
    results = class_results.course_results(course, assignment)
    if results.is_dir():
        class_results.write_scores_of_folder(results)
    return ClassRun(len(students), len(runs), time.perf_counter() - start, failed, unconfined=not confined)


def merge(part: Path, database: Path, assignment: str, students: list[str]) -> None:
    """Copy the autograde results of ``students`` from the gradebook ``part`` into ``database``
    (only the fields autograde sets: manual scores, extra credit and manual comments stay)."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{part}") as source, Gradebook(f"sqlite:///{database}") as target:
        for student in students:
            try:
                graded = source.find_submission(assignment, student)
            except MissingEntry:
                continue
            target.update_or_create_student(student)
            with target.db.no_autoflush:  # nbgrader builds the submission's rows before adding them
                target.update_or_create_submission(assignment, student, timestamp=graded.timestamp)
            for notebook in graded.notebooks:
                into = target.find_submission_notebook(notebook.name, assignment, student)
                into.late_submission_penalty = notebook.late_submission_penalty
                for grade in notebook.grades:
                    row = target.find_grade(grade.name, notebook.name, assignment, student)
                    row.auto_score, row.needs_manual_grade = grade.auto_score, grade.needs_manual_grade
                for comment in notebook.comments:
                    row = target.find_comment(comment.name, notebook.name, assignment, student)
                    row.auto_comment = comment.auto_comment
            target.db.commit()
