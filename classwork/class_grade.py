"""Grade a whole class's JSON submissions in one run, into the class results format.

Each student's problems come from one of two places:

- a problem set (a YAML file or a shipped set's name) with the roster and the course secret:
  every student's variants are drawn again exactly as ``nngrade build --students`` drew them
  (without a roster or secret, every student has the class-wide variants of ``--seed``);
- a folder that ``nngrade build`` wrote: ``students/<student>/problems/*.json`` (or, built for
  the whole class, ``problems/*.json`` for everybody), the variants' seeds and params as built.

Speed comes from not doing the same work twice, never from grading less:

- answer keys are cached per variant (the fixed examples that every student shares are keyed
  once per process);
- a submission identical to one already graded against the same variant gets the same result
  (grading is a pure function of the key and the plain answers; the right answers to a shared
  problem are the same text for the whole class, and an expression part would otherwise cost a
  budgeted child process each time);
- students are spread over processes (or a Dask cluster) by :mod:`nngrade.core.run_many`.

Every grading step keeps its own budget (:mod:`nngrade.grading.grade`); a submission that
cannot be read is one error line in that student's record, and the run goes on.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nngrade.core.exact_text import exact_text
from nngrade.core.names import did_you_mean
from nngrade.core.one_line import one_line
from nngrade.core.params import ParamError, float_refusal
from nngrade.core.problem import Problem, ProblemFileError, loads_data, read_text_file
from nngrade.core.run_many import run_many
from nngrade.core.student_ids import check_roster
from nngrade.exercises import problems, registry
from nngrade.exercises.keys import DEFAULT_SIGFIGS, answer_key
from nngrade.grading.grade import grade
from nngrade.grading.key import AnswerKey
from nngrade.grading.result import GradeResult
from nngrade.handouts import problemset

from . import class_results, class_submissions

#: Most graded submissions remembered per process, and the longest one remembered (characters
#: of its text form; at most about 100 MB of memo): beyond that a submission is graded again.
MEMO_ENTRIES, MEMO_TEXT = 50_000, 2_000
#: Folder of a built class that holds one folder per student.
STUDENTS_FOLDER = "students"


@dataclass(frozen=True)
class SetVariants:
    """Each student's problems drawn from a problem set, as ``nngrade build`` drew them."""

    problem_set: problemset.ProblemSet
    assignment: str
    seed: int = 0
    secret: str | None = None
    roster: tuple[str, ...] | None = None

    def students(self) -> tuple[str, ...] | None:
        return self.roster

    def problems_of(self, student: str) -> list[tuple[str, Problem]]:
        keyed = self.secret is not None and self.roster is not None
        items = problemset.instantiate(self.problem_set, self.seed, student if keyed else None,
                                       self.secret, self.assignment)
        return [(problemset.problem_id(number, problem), problem) for number, problem in enumerate(items, 1)]


@dataclass(frozen=True)
class BuiltVariants:
    """Each student's problems as ``nngrade build`` wrote them into ``folder``."""

    folder: Path
    assignment: str

    def students(self) -> tuple[str, ...] | None:
        folder = self.folder / STUDENTS_FOLDER
        if not folder.is_dir():
            return None
        return tuple(sorted(path.name for path in folder.iterdir() if (path / "problems").is_dir()))

    def problems_of(self, student: str) -> list[tuple[str, Problem]]:
        # paths as text: joining them costs a tenth of building a Path, once per student
        students = os.path.join(self.folder, STUDENTS_FOLDER)
        folder = os.path.join(students, student, "problems") if os.path.isdir(students) \
            else os.path.join(self.folder, "problems")
        try:
            with os.scandir(folder) as entries:  # the file names as text, a symbolic link told from its entry
                found = sorted((entry.name, entry.path, entry.is_symlink()) for entry in entries
                               if entry.name.endswith(".json"))
        except OSError:  # no such folder, or not a folder
            raise KeyError(f"no problems for {student!r} in {self.folder}") from None
        return [(name[:-len(".json")], _read_problem(path, linked)) for name, path, linked in found]


def variants_from(source: str | Path, *, roster: list[str] | None = None, secret: str | None = None,
                  seed: int = 0, assignment: str | None = None):
    """The variants at ``source``: a folder ``nngrade build`` wrote, else a problem set."""
    path = Path(source)
    if path.is_dir():
        return BuiltVariants(path, assignment or path.name)
    if roster and not secret:
        raise ValueError("per-student variants need the course secret")
    if roster:
        check_roster(roster)
    loaded = problemset.load(source)
    return SetVariants(loaded, assignment or Path(source).stem, seed, secret, tuple(roster) if roster else None)


_problem_cache: dict[str, Problem] = {}
_shared_cache: dict[tuple[int, ...], Problem] = {}
_identities: dict[tuple[int, bool], tuple[Problem, str]] = {}


def _read_problem(path: str, linked: bool = False) -> Problem:
    """A built problem file, parsed once per distinct content (the shared examples are the same
    text in every student's folder). A shared one (``nngrade build`` hard-links each student's
    fixed examples to one file in ``shared/``; an older build made symbolic links, ``linked``) is
    read once per file it leads to, told by one stat: its device, inode, size, and modification
    and change times (a write changes the change time, which no tool sets back), so the shared
    file is not read again for every student. Anything but a regular file is read as usual, and
    refused as usual."""
    identity = None
    try:
        status = os.stat(path)
    except OSError:
        status = None  # read_text_file says why, in the usual words
    if status is not None and stat.S_ISREG(status.st_mode) and (linked or status.st_nlink > 1):
        identity = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
        known = _shared_cache.get(identity)
        if known is not None:
            return known
    text = read_text_file(path)
    known = _problem_cache.get(text)
    if known is None:
        known = _problem_cache[text] = problems.read(loads_data(text, path), path)
        _remember(_identities, (id(known), False), (known, "text-" + hashlib.sha256(text.encode()).hexdigest()))
    if identity is not None:
        _remember(_shared_cache, identity, known)
    return known


def variant_of(problem: Problem) -> Any:
    """How a record names the variant: its seed where it was drawn, else a short digest of the
    problem itself (a fixed example, a problem written by hand)."""
    if problem.seed is not None:
        return problem.seed
    return "fixed-" + _identity(problem, canonical=True)[:12]


def _identity(problem: Problem, canonical: bool = False) -> str:
    """A digest of the problem, worked out once per problem object (the shared examples are one
    object for the whole class). The ``canonical`` one, of the problem's JSON, names a fixed
    variant in the records; the other is what keys and graded answers are kept by: for a problem
    read from a file, the digest of the file's text (:func:`_read_problem` files it as it parses
    the text), else of the problem's ``repr`` (exact for the ints, Fractions and text that params
    hold, a quarter of the cost of its JSON). Two equal problems known by different digests only
    have their key made twice."""
    known = _identities.get((id(problem), canonical))
    if known is not None and known[0] is problem:
        return known[1]
    text = json.dumps(problems.write(problem), sort_keys=True, default=str) if canonical else repr(problem)
    identity = hashlib.sha256(text.encode()).hexdigest()
    _remember(_identities, (id(problem), canonical), (problem, identity))
    return identity


def _remember(memo: dict, key, value) -> None:
    """``memo[key] = value``, the memo emptied first when it holds :data:`MEMO_ENTRIES`."""
    if len(memo) >= MEMO_ENTRIES:
        memo.clear()
    memo[key] = value


class Grader:
    """Grades submissions against variants, keeping keys and results it has already computed."""

    def __init__(self, sigfigs: int | None = DEFAULT_SIGFIGS):
        self.sigfigs = sigfigs
        self._keys: dict[str, AnswerKey | ParamError] = {}
        self._memo: OrderedDict[tuple[str, str], GradeResult] = OrderedDict()

    def key(self, problem: Problem) -> tuple[str, AnswerKey]:
        """The problem's answer key, made once; a problem whose key's twin refuses raises its
        :class:`ParamError` again for every student, without working it out again."""
        identity = _identity(problem)
        if identity not in self._keys:
            try:
                self._keys[identity] = answer_key(registry.get(problem.kind), problem, sigfigs=self.sigfigs)
            except ParamError as error:
                self._keys[identity] = error
        key = self._keys[identity]
        if isinstance(key, ParamError):
            raise key
        return identity, key

    def grade(self, problem: Problem, answers: Any, text: str | None = None) -> GradeResult:
        """The grade of ``answers`` to ``problem``; ``text``, where given, is the text of the
        file the answers were read from whole (the same text is the same answers)."""
        identity, key = self.key(problem)
        memo = (identity, "file", text) if text is not None else (identity, "data", _memo_text(answers))
        if memo[2] is None:
            return grade(key, answers)
        if memo in self._memo:
            self._memo.move_to_end(memo)
            return self._memo[memo]
        result = grade(key, answers)
        self._memo[memo] = result
        if len(self._memo) > MEMO_ENTRIES:
            self._memo.popitem(last=False)
        return result


def _memo_text(answers: Any) -> str | None:
    """An exact text form of plain JSON data (types kept: 1, 1.0 read as Decimal, "1" differ),
    or None when it is long or not plain data, so it is graded without the memo."""
    if type(answers) is not dict or len(answers) > 64:
        return None
    return exact_text(answers, MEMO_TEXT)


#: Answers to names that are not problems of the set, named one by one in a student's record;
#: the rest are counted in one line (a file under the size cap can name hundreds of thousands).
UNKNOWN_PROBLEMS_NAMED = 10


def grade_student(variants, grader: Grader, submission: class_submissions.Submission) -> dict:
    """One student's record in the class results format."""
    submission.read()
    errors = [class_results.error_record(problem, error) for problem, error in submission.errors]
    try:
        items = variants.problems_of(submission.student)
    except (KeyError, ProblemFileError, ValueError) as error:
        errors.append(class_results.error_record(None, str(error).strip('"')))
        return class_results.student_record(submission.student, variants.assignment, [], errors)
    known = [problem_id for problem_id, _ in items]
    unknown = [name for name in submission.answers if name not in known]
    for name in unknown[:UNKNOWN_PROBLEMS_NAMED]:
        shown = name if len(name) <= 40 else name[:40] + "..."
        errors.append(class_results.error_record(
            None, f"{shown!r} is not a problem of the set{did_you_mean(name, known) if len(name) <= 40 else ''}"))
    if len(unknown) > UNKNOWN_PROBLEMS_NAMED:
        errors.append(class_results.error_record(
            None, f"and {len(unknown) - UNKNOWN_PROBLEMS_NAMED} more names that are not problems of the set"))
    records = []
    for problem_id, problem in items:
        try:
            result = grader.grade(problem, submission.answers.get(problem_id, {}), submission.texts.get(problem_id))
        except ParamError as error:  # the key's twin refuses this problem: one line, and the rest is graded
            errors.append(class_results.error_record(problem_id, float_refusal(problem.kind, error)))
            continue
        records.append(_problem_record(problem_id, problem, result))
    return class_results.student_record(submission.student, variants.assignment, records, errors)


_records: dict[tuple, tuple[GradeResult, dict]] = {}


def _problem_record(problem_id: str, problem: Problem, result: GradeResult) -> dict:
    """:func:`~.class_results.problem_record`, one object for every student with the same result
    (a graded answer looked up in the memo) to the same problem, so that it is turned into
    data and JSON once (records are never changed once made)."""
    variant = variant_of(problem)
    memo = (problem_id, problem.kind, variant, id(result))
    known = _records.get(memo)
    if known is not None and known[0] is result:
        return known[1]
    record = class_results.problem_record(problem_id, problem.kind, variant, result)
    _remember(_records, memo, (result, record))
    return record


@dataclass
class ClassGrading:
    """What a class run did."""

    students: int
    problems: int
    parts: int
    errors: list[str]
    """One line per thing that could not be read or graded, with its student."""
    out: Path


@dataclass(frozen=True)
class _Task:
    """One student's grading, as a worker runs it (picklable: variants, settings, submission)."""

    variants: Any
    sigfigs: int | None
    out: Path

    def __call__(self, submission: class_submissions.Submission) -> dict:
        """Grade and write one student's record; returns its scores (:func:`~.class_results.scores_record`)."""
        record = grade_student(self.variants, _grader(self.sigfigs), submission)
        class_results.write_student(self.out, record)
        return class_results.scores_record(record)


_graders: dict[Any, Grader] = {}


def _grader(sigfigs: int | None) -> Grader:
    """This process's grader (its caches live as long as the process)."""
    if sigfigs not in _graders:
        _graders[sigfigs] = Grader(sigfigs)
    return _graders[sigfigs]


def grade_class(variants, submissions: str | Path, out: str | Path, *, sigfigs: int | None = DEFAULT_SIGFIGS,
                processes: int | None = None, scheduler: str | None = None, progress: bool | None = None) -> ClassGrading:
    """Grade every submission at ``submissions`` (and every student of the roster, with or
    without one) against ``variants``; write the class results into ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    found, problems_seen = class_submissions.load(submissions)
    roster = variants.students()
    if roster is None:
        _drop_ids_alike_up_to_case(found, problems_seen)
    else:
        for student in sorted(set(found) - set(roster)):
            problems_seen.append(f"{student}: not on the roster, not graded")
            del found[student]
        for student in roster:
            if student not in found:
                found[student] = class_submissions.Submission(student, errors=[(None, "no submission found")])
    task = _Task(variants, sigfigs, out)
    _warm(variants, sigfigs)
    records = run_many(task, [found[name] for name in sorted(found)], processes=processes, scheduler=scheduler,
                       description="grading", progress=progress)
    class_results.write_scores(out, records)
    lines = [one_line(line) for line in problems_seen]
    for record in records:
        lines.extend(f"{record['student']}: " + (f"{error['problem']}: " if error["problem"] else "") + error["error"]
                     for error in record["errors"])
    parts = sum(len(problem["result"]["parts"]) for record in records for problem in record["problems"])
    return ClassGrading(len(records), sum(len(record["problems"]) for record in records), parts, lines, out)


def _drop_ids_alike_up_to_case(found: dict, problems_seen: list[str]) -> None:
    """Leave out students whose ids are the same up to case (a roster is refused for it, see
    :func:`~nngrade.core.student_ids.check_roster`): on a file system that ignores case
    their results would be one file, the one written last replacing the other unseen."""
    alike: dict[str, list[str]] = {}
    for student in found:
        alike.setdefault(student.casefold(), []).append(student)
    for students in alike.values():
        if len(students) > 1:
            for student in students:
                problems_seen.append(f"{student}: the same id as {', '.join(sorted(set(students) - {student}))} "
                                     "up to case (one results file where case is ignored), not graded")
                del found[student]


def _warm(variants, sigfigs: int | None) -> None:
    """Key the class-wide fixed problems here, before the workers fork from this process, so that
    each worker starts with their keys (and the exact solver they may need) instead of working
    them out again: a set's fixed entries, or in a built folder the first student's problems that
    carry no seed (the fixed examples, the same file in every student's folder)."""
    grader = _grader(sigfigs)
    if isinstance(variants, SetVariants):
        for entry in variants.problem_set.entries:
            if entry.fixed is not None:
                grader.key(entry.fixed)
        return
    students = variants.students()
    try:
        first = variants.problems_of(students[0] if students else "")
    except (KeyError, ProblemFileError, ValueError):
        return  # the workers report it, student by student
    for _, problem in first:
        if problem.seed is None:
            grader.key(problem)
