"""nbgrader preprocessors that grade nngrade assignments outside the student's kernel.

nbgrader runs the students' code and its test cells in one kernel and reads the score from the
test cells' outputs, so anything the student's code patches (numpy.testing, nngrade, print) can
fake a pass. nngrade's test cells therefore only *record* the answers, and three steps around
nbgrader's ``Execute`` do the rest in the nbgrader process:

1. :class:`PrepareStudent` (before Execute): names the student nbgrader is grading (from the
   submission's folder) in ``NNGRADE_STUDENT`` for the kernel, so the statement cells show that
   student's numbers; loads the course's assignment specs the first time (before any student code
   ran); and snapshots the sqlite gradebook.
2. :class:`~.confined_execute.ConfinedExecute`: nbgrader's Execute with the kernel confined
   (bubblewrap: no course directory, gradebook or network inside, limits, every process it
   started killed with it) and everything it sends bounded; a dead kernel or a malformed
   message fails the cells that did not run instead of aborting the submission.
3. :class:`GradeOutsideKernel` (after Execute, the kernel is gone): for each nngrade test cell,
   reads the recorded answers, draws the variant of the student nbgrader is grading, grades
   with nngrade's grader and *replaces* the cell's outputs with the feedback and the score that
   nbgrader then saves (an error output for 0, the score as the last result otherwise). If the
   kernel wrote to the gradebook (possible only with ``NNGRADE_SANDBOX=off``), the snapshot is
   put back and the cell says so; an unconfined run says in every feedback that it is not
   tamper-proof. The same graded answers are written as the student's record in the class
   results format (:mod:`.class_results`) to ``<course>/nngrade-results/<assignment>/``. Each
   statement cell then shows the student's own problem, rendered (:mod:`.own_problem`), for the
   instructor's view of the graded notebook.

:func:`configure` sets all of this in an ``nbgrader_config.py``.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

from nngrade.classwork import class_results
from nngrade.core.own_tools import put_own_tools_first
from nngrade.core.student_ids import safe_student_id
from nngrade.grading.grade import grade
from nngrade.grading.result import GradeResult, PartResult, points_text, rounded_points
from nngrade.sandbox import UNCONFINED_WARNING

from .assignment_spec import AssignmentSpec
from .notebook_cells import test_id
from .notebook_protocol import ANSWERS_MIME, STUDENT_VARIABLE
from .own_problem import show_own_problems
from .stored import all_specs

#: Key of nbgrader's ``resources`` set by the Execute step when the kernel ran unconfined.
UNCONFINED = "nngrade_unconfined"


class _Run:
    """State shared by the three steps within one nbgrader process (never seen by a kernel)."""

    specs: dict[str, AssignmentSpec] | None = None
    snapshot: sqlite3.Connection | None = None
    digest: str = ""


def _course_root(preprocessor) -> str:
    from nbgrader.coursedir import CourseDirectory

    return CourseDirectory(config=preprocessor.config).root


def _drop_linked_copies(preprocessor, resources: dict) -> list[str]:
    """Delete from the autograded folder what nbgrader copied through a symbolic link in the
    submission (it copies a submission's other files following links, so a link to the
    gradebook or to ``nngrade-specs/<assignment>.json`` would become a real copy there, and from there
    in the feedback folder). A file the instructor's source folder also has is kept (nbgrader
    put the instructor's copy there). Returns the paths dropped, relative to the submission."""
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=preprocessor.config)
    info = resources["nbgrader"]
    submitted = Path(coursedir.format_path(coursedir.submitted_directory, info["student"], info["assignment"]))
    autograded = Path(coursedir.format_path(coursedir.autograded_directory, info["student"], info["assignment"]))
    source = Path(coursedir.format_path(coursedir.source_directory, ".", info["assignment"]))
    dropped = []
    for root, _, names in os.walk(submitted):
        for name in names:
            relative = (Path(root) / name).relative_to(submitted)
            copy = autograded / relative
            if (submitted / relative).is_symlink() and not (source / relative).exists() \
                    and (copy.is_file() or copy.is_symlink()):
                copy.unlink()
                dropped.append(str(relative))
    return dropped


def _sqlite_path(resources: dict) -> Path | None:
    url = resources.get("nbgrader", {}).get("db_url", "")
    prefix = "sqlite:///"
    return Path(url[len(prefix):]) if url.startswith(prefix) else None


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def _warm_up(specs: dict[str, AssignmentSpec]) -> None:
    """Import every module grading needs now, before any student code can touch files on disk."""
    for spec in specs.values():
        for entry in spec.exercises:
            problem = spec.variant(entry.id, "nngrade-warm-up")
            grade(spec.answer_key(entry.id, problem), {})


def use_specs(specs: dict[str, AssignmentSpec]) -> None:
    """Grade with ``specs``, read by the caller before any student code ran (a class autograde
    reads them once and hands them to every task), instead of reading the course's own."""
    if _Run.specs != specs:
        _Run.specs = specs
        _warm_up(specs)


class PrepareStudent(NbGraderPreprocessor):
    """Before execution: the student's id for the kernel, the specs, a gradebook snapshot."""

    def preprocess(self, nb: NotebookNode, resources: dict):
        if _Run.specs is None:
            _Run.specs = all_specs(_course_root(self))
            _warm_up(_Run.specs)
        os.environ[STUDENT_VARIABLE] = resources["nbgrader"]["student"]
        for relative in _drop_linked_copies(self, resources):
            self.log.warning("The submission of %s holds a link, %s: not copied, not graded",
                             resources["nbgrader"]["student"], relative)
        path = _sqlite_path(resources)
        if path is not None and path.exists():
            _Run.snapshot = sqlite3.connect(":memory:")
            source = sqlite3.connect(path)
            try:
                source.backup(_Run.snapshot)
            finally:
                source.close()
            _Run.digest = _file_digest(path)
        return nb, resources


class GradeOutsideKernel(NbGraderPreprocessor):
    """After execution: grade each nngrade test cell from its recorded answers and set its outputs."""

    def preprocess(self, nb: NotebookNode, resources: dict):
        os.environ.pop(STUDENT_VARIABLE, None)
        tampered = self._restore_gradebook(resources)
        info = resources["nbgrader"]
        spec = (_Run.specs or {}).get(info["assignment"])
        if spec is None or spec.notebook_name != info["notebook"]:
            return nb, resources
        tests = {test_id(entry): entry for entry in spec.exercises}
        graded: dict[str, tuple] = {}
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if cell.cell_type == "code" and grade_id in tests:
                graded[tests[grade_id].id] = self._grade_cell(cell, spec, tests[grade_id].id, info["student"],
                                                              tampered, resources.get(UNCONFINED, True))
        self._write_results(spec, info["student"], graded)
        show_own_problems(nb, spec, info["student"], {exercise: problem for exercise, (problem, _, _) in graded.items()})
        return nb, resources

    def _write_results(self, spec: AssignmentSpec, student: str, graded: dict[str, tuple]) -> None:
        """The student's records in the class results format, in the instructor's results folder
        (written here, in nbgrader's process, from the answers graded above; never by the kernel)."""
        records, errors = [], []
        for entry in spec.exercises:
            if entry.id not in graded:
                errors.append(class_results.error_record(entry.id, "its test cell was not in the notebook"))
                continue
            problem, result, error = graded[entry.id]
            records.append(class_results.problem_record(entry.id, entry.kind, problem.seed, result))
            if error:
                errors.append(class_results.error_record(entry.id, error))
        if not safe_student_id(student):
            self.log.warning("Student id %r cannot name a results file: no nngrade results written", student)
            return
        folder = class_results.course_results(_course_root(self), spec.name)
        class_results.write_student(folder, class_results.student_record(student, spec.name, records, errors))

    def _restore_gradebook(self, resources: dict) -> bool:
        path = _sqlite_path(resources)
        snapshot, _Run.snapshot = _Run.snapshot, None
        if path is None or snapshot is None:
            return False
        changed = _file_digest(path) != _Run.digest
        if changed:
            self.log.warning("The code of %s changed the gradebook while it ran; restoring it",
                             resources["nbgrader"]["student"])
            target = sqlite3.connect(path)
            try:
                snapshot.backup(target)
            finally:
                target.close()
        snapshot.close()
        return changed

    def _grade_cell(self, cell: NotebookNode, spec: AssignmentSpec, exercise_id: str, student: str,
                    tampered: bool, unconfined: bool) -> tuple:
        entry = spec.entry(exercise_id)
        points = min(entry.points, float(cell.metadata["nbgrader"].get("points", entry.points)))
        problem = spec.variant(exercise_id, student)
        key = spec.answer_key(exercise_id, problem)
        answers = _recorded_answers(cell)
        error = None
        if tampered:
            error = "the code wrote to the gradebook while it ran"
            result = _all_zero(key, "your code wrote to the gradebook while it ran; this exercise gets 0 "
                                    "and the instructor has been told")
        elif answers is None:
            error = "no answers were recorded"
            result = _all_zero(key, "no answers were recorded: the answer cell or this test cell did not run "
                                    "to the end (an error, a time-out, or the kernel stopped)")
        else:
            result = grade(key, answers)
        result = result.scaled(points)
        score = rounded_points(min(points, result.score))
        text = result.to_text(f"{entry.id} ({student}), points") + "\n"
        if unconfined:
            text += f"WARNING: {UNCONFINED_WARNING}\n"
        outputs = [NotebookNode(output_type="stream", name="stdout", text=text)]
        if score > 0:
            outputs.append(NotebookNode(output_type="execute_result", execution_count=cell.get("execution_count"),
                                        metadata={}, data={"text/plain": repr(score)}))
        else:
            outputs.append(error_output("NotGraded" if answers is None else "WrongAnswer",
                                  f"{entry.id}: 0 of {points_text(points)} points"))
        cell.outputs = outputs
        return problem, result, error


def _recorded_answers(cell: NotebookNode) -> Any:
    """The answers in the last nngrade record of the cell's outputs, or None."""
    found = None
    for output in cell.get("outputs", []):
        data = output.get("data", {}) if output.get("output_type") in ("display_data", "execute_result") else {}
        payload = data.get(ANSWERS_MIME)
        if isinstance(payload, str):
            try:
                payload = json.loads(payload)
            except (ValueError, RecursionError):  # not JSON, a number too long, nested too deeply
                payload = None
        if isinstance(payload, dict):
            found = payload.get("answers")
    try:
        return _plain(found)
    except RecursionError:  # nested deeper than this process can walk: no usable answers
        return None


def _plain(value: Any) -> Any:
    """Plain Python data from nbformat's NotebookNode mappings."""
    if isinstance(value, dict):
        return {str(name): _plain(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _all_zero(key, message: str) -> GradeResult:
    return GradeResult([PartResult(spec.part, 0.0, spec.weight, False, f"{spec.name}: {message}", "not_graded")
                        for spec in key.specs])


def error_output(name: str, value: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=name, evalue=value, traceback=[f"{name}: {value}"])


#: nbgrader's autograde steps with nngrade's three put around Execute.
AUTOGRADE_PREPROCESSORS = (
    "nngrade.course.autograde.PrepareStudent",
    "nngrade.course.confined_execute.ConfinedExecute",
    "nngrade.course.autograde.GradeOutsideKernel",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
)


#: nbgrader's steps before autograding, with an OverwriteCells that survives duplicated and
#: unknown grade ids.
SANITIZE_PREPROCESSORS = (
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nngrade.course.sanitize_cells.TolerantOverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
)


def configure(c) -> None:
    """Set nngrade's autograding in an nbgrader config object (call it from nbgrader_config.py)."""
    from traitlets.utils.importstring import import_item

    put_own_tools_first()
    c.Autograde.autograde_preprocessors = [import_item(name) for name in AUTOGRADE_PREPROCESSORS]
    c.Autograde.sanitize_preprocessors = [import_item(name) for name in SANITIZE_PREPROCESSORS]
    c.OverwriteCells.add_missing_cells = True
    c.ExportApp.plugin_class = import_item("nngrade.course.export.RoundedCsvExport")
    c.GenerateFeedback.preprocessors = [import_item("nbgrader.preprocessors.GetGrades"),
                                        import_item("nngrade.course.feedback.ShowOwnProblem"),
                                        import_item("nbgrader.preprocessors.ClearHiddenTests"),
                                        import_item("nbconvert.preprocessors.CSSHTMLHeaderPreprocessor")]
