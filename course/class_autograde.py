"""Autograde a whole class on every core, or on a Dask cluster, then fill the one gradebook.

nbgrader grades one notebook at a time and has no parallel option, and every ``nbgrader``
command pays 5-6 s of start-up. Here each student is one task, run by
:func:`nngrade.core.run_many.run_many` on a pool of worker processes (or a Dask cluster's
workers): a worker imports nbgrader once and builds its ``NbGraderAPI`` once per run, then
autogrades student after student in its own process through it (``NbGraderAPI.autograde``,
which the formgrader calls in the same way), each into a private copy of the gradebook, so no
two tasks share a database and a task can be run again from scratch. Work is handed out as
workers free up, so one slow notebook does not hold a whole group back. The worker reads what
autograde stored back out of its copy (:mod:`.gradebook_merge`, in parallel); when all are done,
the course process writes only that (auto scores, the needs-manual-grade flags, auto comments,
late penalties, submission times, and students and submissions that were missing) into the
course gradebook through nbgrader's own Gradebook API, in one transaction, and ``scores.csv``
is written beside the students' class results that each autograde wrote (:mod:`.class_results`).
Nothing else is copied back, so a manual grade entered or a student added while the run went
on stays.

On Dask (``scheduler``), a worker that dies mid-task (killed, or out of memory) loses nothing:
the scheduler runs its tasks again elsewhere, and since a task starts from a fresh copy of the
gradebook, the merged gradebook is the one a serial run gives. The workers must see the course
folder at the same path (a shared file system) and have nngrade and nbgrader installed. Student
code cannot reach the gradebook: the kernels run in the sandbox (checked before anything starts;
see :mod:`nngrade.sandbox`).
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from nngrade.classwork import class_results
from nngrade.core.own_tools import put_own_tools_first
from nngrade.core.run_many import cores, run_many
from nngrade.sandbox import use_sandbox

from .gradebook_merge import Autograded, read_autograded, write_autograded
from .stored import all_specs

#: The course's nbgrader configuration file, read by every task.
CONFIG_FILE = "nbgrader_config.py"


@dataclass
class ClassRun:
    """What one class autograde did."""

    students: int
    processes: int
    seconds: float
    failed: list[str]
    """Students whose autograde failed, with the end of its log."""
    unconfined: bool = False
    """The kernels ran unconfined (NNGRADE_SANDBOX=off): the results are not tamper-proof."""


def submitted_students(course: Path, assignment: str) -> list[str]:
    folder = course / "submitted"
    return sorted(p.name for p in folder.iterdir() if (p / assignment).is_dir()) if folder.is_dir() else []


@dataclass(frozen=True)
class AutogradeStudent:
    """One student's autograde, as a worker runs it: into a fresh copy of the course gradebook
    in ``scratch``; returns ``(student, what autograde stored, the end of the log if it failed)``."""

    course: Path
    assignment: str
    scratch: Path
    specs: dict
    """The course's assignment specs, read before any student's code ran."""
    run: str
    """This class run's id: a worker builds its nbgrader objects once per run, not per student."""

    def __call__(self, student: str) -> tuple[str, Autograded | None, str]:
        api = self._worker_api()
        handle, name = tempfile.mkstemp(prefix=f"gradebook-{student}-", suffix=".db", dir=self.scratch)
        os.close(handle)
        part = Path(name)
        try:
            shutil.copyfile(self.course / "gradebook.db", part)
            api.coursedir.db_url = f"sqlite:///{part}"
            outcome = api.autograde(self.assignment, student, force=True, create=True)
            failure = "" if outcome.get("success") else (outcome.get("error") or outcome.get("log") or "")[-1500:]
            return student, read_autograded(part, self.assignment, student), failure
        finally:
            part.unlink(missing_ok=True)

    def _worker_api(self):
        """This worker's ``NbGraderAPI`` for the run, built on its first student."""
        built = _WORKER_API.get(self.run)
        if built is None:
            from nbgrader.apps import NbGraderAPI
            from nbgrader.coursedir import CourseDirectory

            from .autograde import use_specs

            put_own_tools_first()
            use_specs(self.specs)
            config = course_config(self.course)
            config.CourseDirectory.root = str(self.course)
            built = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
            _WORKER_API.clear()  # one run at a time per worker: nothing from an earlier run is kept
            _WORKER_API[self.run] = built
        return built


def warm_up(specs: dict) -> None:
    """Import what an autograde runs (nbgrader, nbconvert, the kernel client, nngrade's grading)
    and grade once with ``specs``, so that worker processes forked from here inherit it all
    instead of each paying for it on its first student."""
    import nbgrader.apps  # noqa: F401
    import nbgrader.converters.autograde  # noqa: F401

    from . import confined_execute  # noqa: F401
    from .autograde import use_specs

    use_specs(specs)


#: The ``NbGraderAPI`` of the run this worker process is in, by run id.
_WORKER_API: dict[str, object] = {}


def course_config(course: Path):
    """The course's nbgrader configuration, as ``nbgrader`` run in the course folder reads it."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    path = course / CONFIG_FILE
    if not path.is_file():
        return Config()
    return PyFileConfigLoader(CONFIG_FILE, path=str(course)).load_config()


def autograde(course: str | Path, assignment: str, processes: int | None = None, scheduler: str | None = None,
              progress: bool | None = None) -> ClassRun:
    """Autograde every submitted student of ``assignment`` on ``processes`` workers (default: one
    per core), or on the Dask cluster at ``scheduler`` (``"local"`` for one on this machine)."""
    put_own_tools_first()
    confined = use_sandbox()  # refuses here, before any student is graded, if it cannot work
    course = Path(course).resolve()
    students = submitted_students(course, assignment)
    database = course / "gradebook.db"
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="nngrade-autograde-", dir=course) as scratch:
        task = AutogradeStudent(course, assignment, Path(scratch), all_specs(course), uuid.uuid4().hex)
        workers = processes or cores()
        if scheduler is None and workers > 1:
            warm_up(task.specs)  # once here, so the forked workers start warm

        outcomes = run_many(task, students, processes=processes, scheduler=scheduler,
                            description="autograding", progress=progress)
        failed = [f"{student}: {failure}" for student, _, failure in outcomes if failure]
        write_autograded([record for _, record, _ in outcomes if record is not None], database, assignment)
    results = class_results.course_results(course, assignment)
    if results.is_dir():
        class_results.write_scores_of_folder(results)
    return ClassRun(len(students), min(workers, max(len(students), 1)), time.perf_counter() - start, failed, unconfined=not confined)
