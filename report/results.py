"""Reading a class's graded results, and the submissions beside them, into plain records.

The class results format is one JSON file per student, ``<dir>/<student>.json``::

    {"student": "ada", "assignment": "seed-lab",
     "problems": [{"problem": "01-linear_layer", "kind": "linear_layer", "variant": 17,
                   "result": <GradeResult.to_dict()>}, ...],
     "errors": [{"problem": "02-activation", "error": "..."}]}

Each file is checked against :func:`schema` before use (quickly, :mod:`.shape`, where it matches); a file that is not readable or does not
match is named in one line and left out, and the rest are read. The grader's results do not
carry what a student wrote, so the most common unexplained wrong values need the submissions,
in any layout ``nngrade grade`` reads (a folder of ``<student>.json`` or ``<student>/<problem>.json``,
or a JSON Lines file), read by the same code (:mod:`nngrade.classwork.class_submissions`: a
symbolic link is not followed, as it could point at the instructor's keys, only a regular file
is read, with the size cap of every file nngrade reads). A value is kept only where it is a
short text or a small nested list of finite numbers (:func:`shown_value`).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Callable, NamedTuple

from nngrade.classwork.class_submissions import Submission
from nngrade.classwork.class_submissions import load as load_submissions
from nngrade.core.exact_text import exact_text
from nngrade.core.one_line import one_line
from nngrade.core.problem import MAX_FILE_BYTES, ProblemFileError
from nngrade.core.run_many import start_many
from nngrade.core.schema import Schema, SchemaError

from .shape import surely_matches

#: Largest number of entries of a submitted value kept for the table of common wrong values.
MAX_SHOWN_ENTRIES = 64
#: Longest submitted text kept for that table.
MAX_SHOWN_TEXT = 80
#: Significant figures a submitted number is compared at, so 0.3333 and 0.33330 are one value.
SHOWN_FIGURES = 4


class PartRecord(NamedTuple):
    """One graded part of one student's problem (a named tuple: a class has a hundred thousand,
    made in a fifth of a frozen dataclass's time)."""

    part: str
    score: float
    max_score: float
    code: str
    value: str | None = None
    """What the student wrote, as :func:`shown_value` shows it; None where the submissions were
    not read, hold no answer for the part, or hold one that is not a plain answer."""


@dataclass(frozen=True)
class ProblemRecord:
    """One graded problem of one student."""

    problem: str
    kind: str
    variant: str
    parts: tuple[PartRecord, ...]

    @cached_property  # the figures ask for it many times over
    def score(self) -> float:
        return sum(part.score for part in self.parts)

    @cached_property
    def max_score(self) -> float:
        return sum(part.max_score for part in self.parts)


@dataclass(frozen=True)
class StudentRecord:
    """One student's graded assignment."""

    student: str
    assignment: str
    problems: tuple[ProblemRecord, ...]
    errors: tuple[dict, ...] = ()


@dataclass
class ClassResults:
    """Every student's record, and one line per file that could not be used."""

    students: list[StudentRecord] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)


_PART = {
    "type": "object", "required": ["part", "score", "max_score", "code"],
    "properties": {"part": {"type": "string"}, "score": {"type": "number", "minimum": 0},
                   "max_score": {"type": "number", "minimum": 0}, "correct": {"type": "boolean"},
                   "feedback": {"type": "string"}, "code": {"type": "string"}},
}
_RESULT = {
    "type": "object", "required": ["parts"],
    "properties": {"score": {"type": "number"}, "max_score": {"type": "number"},
                   "parts": {"type": "array", "items": _PART},
                   "warnings": {"type": "array", "items": {"type": "string"}}},
}
_PROBLEM = {
    "type": "object", "required": ["problem", "kind", "variant", "result"], "additionalProperties": False,
    "properties": {"problem": {"type": "string", "minLength": 1}, "kind": {"type": "string"},
                   "variant": {"type": ["string", "integer"],
                               "description": "the variant's seed (a whole number) or its code (text)"},
                   "result": _RESULT},
}


@lru_cache(maxsize=1)
def schema() -> dict:
    """The JSON Schema of one student's file of the class results format."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "nngrade class results (one student)",
        "type": "object", "required": ["student", "assignment", "problems"], "additionalProperties": False,
        "properties": {
            "student": {"type": "string", "minLength": 1},
            "assignment": {"type": "string"},
            "problems": {"type": "array", "items": _PROBLEM},
            "errors": {"type": "array", "items": {
                "type": "object", "required": ["problem", "error"], "additionalProperties": False,
                "properties": {"problem": {"type": ["string", "null"]}, "error": {"type": "string"}}}},
        },
    }


@lru_cache(maxsize=1)
def _checkers() -> tuple[Schema, Schema]:
    """The file's schema with each problem only a mapping, and the schema of one problem entry,
    so an error in an entry is named by the entry first: ``problems[3]: variant: ...``."""
    whole = schema()
    top = {**whole, "properties": {**whole["properties"], "problems": {"type": "array", "items": {"type": "object"}}}}
    return Schema(top), Schema({"$schema": whole["$schema"], **_PROBLEM})


def check(data: Any, name: str) -> None:
    """Raise :class:`SchemaError` unless ``data`` is one student's file of the class results
    format. The quick check (:func:`~nngrade.report.shape.surely_matches`) passes a file of the
    right shape; any other goes to the schema, which decides and says what is wrong."""
    if surely_matches(data):
        return
    top, entry = _checkers()
    top.check(data, name)
    for index, item in enumerate(data["problems"]):
        entry.check(item, f"{name}: problems[{index}]")


def result_files(folder: Path) -> list[Path]:
    """The students' files of a results folder (``*.json``, so a ``scores.csv`` beside them is
    not read), in name order."""
    return sorted(path for path in folder.glob("*.json") if path.is_file())


def read_class(folder: Path, submissions: Path | None = None, processes: int | None = None) -> ClassResults:
    """Every student file in ``folder``; with ``submissions`` (a folder or a JSON Lines file, as
    ``nngrade grade`` reads them: :func:`nngrade.classwork.class_submissions.load`), the values
    the students wrote. A student's submission goes with the results file named by the
    student's id, ``<student>.json``, as class grading and the autograde name them.

    The files are read on ``processes`` workers (default: all cores; see
    :func:`nngrade.core.run_many.run_many`, which also shows a progress bar on a terminal); each
    worker gets only its own students' submissions."""
    return start_reading(folder, submissions, processes)()


def start_reading(folder: Path, submissions: Path | None = None,
                  processes: int | None = None) -> Callable[[], ClassResults]:
    """:func:`read_class`, started on the workers now; returns the function that waits for it, so
    the caller can do other work meanwhile (on one process, the reading is done then)."""
    out = ClassResults()
    found: dict[str, Submission] = {}
    if submissions is not None:
        found, lines = load_submissions(submissions)
        out.unread.extend(f"submission {one_line(line)}" for line in lines)
    items = [(path, found.get(path.stem)) for path in result_files(folder)]
    read = start_many(read_student, items, processes=processes, description="reading")

    def finish() -> ClassResults:
        for student, lines in read():
            if student is not None:
                out.students.append(student)
            out.unread.extend(one_line(line) for line in lines)
        return out

    return finish


def read_student(item: tuple[Path, Submission | None]) -> tuple[StudentRecord | None, list[str]]:
    """One student's record from a results file and the student's submission, if any (its
    files are read here); None where the file cannot be used, and a line for each file that
    could not be used."""
    path, submission = item
    try:
        data = _read_json(path)
        check(data, path.name)
    except (ProblemFileError, SchemaError) as error:
        return None, [str(error)]
    if submission is None:
        return _student(data, {}), []
    if submission.student != data["student"]:
        return _student(data, {}), [f"{path.name}: the file of student {data['student']!r}, so the submission of "
                                    f"{submission.student!r} was not used"]
    submission.read()
    return _student(data, submission.answers), [f"submission {reason}" for _, reason in submission.errors]


def _read_json(path: Path) -> Any:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ProblemFileError(f"{path.name}: file larger than {MAX_FILE_BYTES} bytes")
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ProblemFileError(f"{path.name}: cannot be read ({error})") from None
    except (json.JSONDecodeError, RecursionError) as error:
        raise ProblemFileError(f"{path.name}: not valid JSON ({str(error)[:80]})") from None


def _student(data: dict, written: dict) -> StudentRecord:
    problems = []
    for item in data["problems"]:
        answers = written.get(item["problem"])
        answers = answers if isinstance(answers, dict) else {}
        parts = tuple(
            _part_record(part["part"], float(part["score"]), float(part["max_score"]), part["code"],
                         shown_value(answers[part["part"]]) if part["part"] in answers else None)
            for part in item["result"]["parts"])
        problems.append(ProblemRecord(item["problem"], item["kind"], str(item["variant"]), parts))
    return StudentRecord(data["student"], data["assignment"], tuple(problems), tuple(data.get("errors", ())))


#: Part records already made, in this process; a cache (bounded). Most students' parts are alike
#: (right, the same value), and one record for them all is also pickled once, not per student,
#: when a worker sends its students back.
_PARTS: dict[tuple, PartRecord] = {}
MAX_PARTS = 100_000


def _part_record(*fields) -> PartRecord:
    record = _PARTS.get(fields)
    if record is None:
        if len(_PARTS) >= MAX_PARTS:
            _PARTS.clear()
        record = _PARTS[fields] = PartRecord(*fields)
    return record


#: Answers already shown, by their ``repr``, in this process; a cache (bounded, and only of
#: answers of a short ``repr``): a class writes the same right answers to a variant many times over.
_SHOWN: dict[str, str | None] = {}
MAX_SHOWN, MAX_SHOWN_KEY = 100_000, 4_000


def shown_value(raw: Any) -> str | None:
    """A submitted answer as canonical JSON text to count alike answers by, or None where it is
    not a plain answer (too big, not numbers or text, NaN): those are not candidates for a
    misconception. Numbers are kept at :data:`SHOWN_FIGURES` significant figures."""
    known = exact_text(raw, MAX_SHOWN_KEY)  # tells apart every value read that shows differently (1 and True, "1" and 1)
    if known is None:
        return _shown(raw)
    if known not in _SHOWN:
        if len(_SHOWN) >= MAX_SHOWN:
            _SHOWN.clear()
        _SHOWN[known] = _shown(raw)
    return _SHOWN[known]


def _shown(raw: Any) -> str | None:
    budget = [MAX_SHOWN_ENTRIES]
    try:
        value = _canonical(raw, budget, 0)
    except (ValueError, OverflowError):
        return None
    return json.dumps(value, separators=(", ", ": "))


def _canonical(raw: Any, budget: list[int], depth: int):
    if isinstance(raw, bool) or raw is None:
        raise ValueError("not an answer")
    if isinstance(raw, str):
        if len(raw) > MAX_SHOWN_TEXT:
            raise ValueError("too long")
        return raw.strip()
    if isinstance(raw, (int, float, Decimal)):
        budget[0] -= 1
        if budget[0] < 0:
            raise ValueError("too many entries")
        number = float(raw)
        if not math.isfinite(number):
            raise ValueError("not finite")
        return float(f"{number:.{SHOWN_FIGURES}g}")
    if isinstance(raw, list) and depth < 4:
        return [_canonical(item, budget, depth + 1) for item in raw]
    raise ValueError("not an answer")
