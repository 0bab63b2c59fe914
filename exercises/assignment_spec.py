"""An assignment: which exercises, with which knobs, points and comparison settings.

The same plain-data description is used in three places, so it must stay light (no sympy, no
nbformat): in the student's kernel to draw the student's own variant, in the instructor's
nbgrader process to grade it, and by the builder that writes the source notebook.

Each student's variant of an exercise is drawn from a keyed seed of (assignment key, assignment
name, exercise id, student id). The key is not secret from students (their kernel needs it to
draw their numbers); what protects the grade is that grading recomputes everything outside the
kernel from the student id nbgrader itself knows (the submission's folder).
"""
from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from nngrade.core.number_style import NumberStyle
from nngrade.core.problem import Problem
from nngrade.generators.seeds import student_seed
from nngrade.grading import answer_format
from nngrade.grading.answer_format import AnswerFormat
from nngrade.grading.key import AnswerKey

from . import problems, registry
from .keys import DEFAULT_SIGFIGS, answer_key, with_overrides
from .notebook_protocol import SERVER_USER_VARIABLES, STUDENT_VARIABLE

#: Environment variables that name the student, most specific first.
STUDENT_VARIABLES = (STUDENT_VARIABLE, *SERVER_USER_VARIABLES)
#: Generic container user names that do not identify a student.
GENERIC_USERS = ("jovyan", "root", "")


class AssignmentError(ValueError):
    """An assignment file that cannot be used, with a one-line reason."""


@dataclass(frozen=True)
class ExerciseEntry:
    """One exercise of an assignment."""

    id: str
    """Short name, unique in the assignment (used in cell ids, seeds and variable names)."""
    kind: str
    """The exercise kind in nngrade's catalogue."""
    points: float = 1.0
    """nbgrader points of the exercise's test cell."""
    knobs: dict[str, Any] = field(default_factory=dict)
    """The generator's knobs (difficulty, ...), the same for every student."""
    sigfigs: int | None = DEFAULT_SIGFIGS
    """Significant figures a student may round intermediates to (None: no rounding slack)."""
    parts: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per-part overrides of the comparison settings: any AnswerSpec field the assignment schema
    allows (:func:`nngrade.exercises.schemas.assignment.part_settings`)."""

    @property
    def variable(self) -> str:
        """The notebook variable that holds the student's answers."""
        return f"answer_{self.id}"


@dataclass(frozen=True)
class AssignmentSpec:
    """A whole assignment, as stored beside the course and embedded in the notebook."""

    name: str
    key: str
    exercises: tuple[ExerciseEntry, ...]
    title: str = ""
    instructions: str = ""
    notebook: str = ""
    check: str = "full"
    """What ``check()`` tells students: ``full`` (right or wrong, diagnosis), ``format`` (type and
    shape only, for assessed work) or ``off``."""
    practice: bool = True
    """Whether the notebook's kernel allows practice mode (``nngrade.practice``); an assessed
    release can switch it off."""
    numbers: NumberStyle = NumberStyle()
    """How statements, worked solutions and feedback write numbers."""
    solution_in_feedback: bool = False
    """Whether nbgrader feedback shows the worked solution of the student's own variant (the
    instructor allows it, e.g. once the deadline has passed, and rebuilds)."""

    def entry(self, exercise_id: str) -> ExerciseEntry:
        for entry in self.exercises:
            if entry.id == exercise_id:
                return entry
        raise KeyError(f"{self.name} has no exercise {exercise_id!r}; exercises: "
                       f"{', '.join(e.id for e in self.exercises)}")

    @property
    def notebook_name(self) -> str:
        return self.notebook or self.name

    def variant(self, exercise_id: str, student: str) -> Problem:
        """``student``'s own problem for the exercise."""
        entry = self.entry(exercise_id)
        seed = student_seed(self.key, self.name, entry.id, student)
        return problems.draw(registry.get(entry.kind), seed, **entry.knobs)

    def answer_key(self, exercise_id: str, problem: Problem) -> AnswerKey:
        """The grading key of ``problem`` with the assignment's comparison settings applied."""
        entry = self.entry(exercise_id)
        return answer_key(registry.get(entry.kind), problem, sigfigs=entry.sigfigs, overrides=entry.parts or None)

    def answer_formats(self, exercise_id: str, problem: Problem) -> list[AnswerFormat]:
        """The type and shape of each answer part of ``problem``, without a single expected value
        (what a format-only check may know)."""
        entry = self.entry(exercise_id)
        exercise = with_overrides(registry.get(entry.kind), entry.parts)
        values = exercise.solve_numeric(problem.params)
        return answer_format.formats([spec for spec in exercise.answers if spec.part in values], values)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["exercises"] = [asdict(entry) for entry in self.exercises]
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))


def from_data(data: Any, source: str | None = None) -> AssignmentSpec:
    """An assignment from a parsed assignment file; raises :class:`AssignmentError` on a bad one.

    The data are checked against the assignment schema (``source``, the file name, starts each
    message). Without a ``key`` in the file, the spec gets a new one (the builder keeps a stored
    key instead, see :func:`nngrade.exercises.assignment.build`)."""
    from .schemas import assignment as schema

    data = _floats(data)
    _check(schema.checker(), data, source)
    return _spec(data, data["assignment"], data.get("key") or secrets.token_hex(16),
                 data.get("sigfigs", DEFAULT_SIGFIGS), source)


def from_stored(data: Any, source: str | None = None) -> AssignmentSpec:
    """An assignment from its stored form (:meth:`AssignmentSpec.to_dict`), which has its key."""
    from .schemas import assignment as schema

    data = _floats(data)
    _check(schema.checker(stored=True), data, source)
    return _spec(data, data["name"], data["key"], DEFAULT_SIGFIGS, source)


def from_json(text: str, source: str | None = None) -> AssignmentSpec:
    """The spec back from :meth:`AssignmentSpec.to_json`."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        reason = error.msg if isinstance(error, json.JSONDecodeError) else "nested too deeply"
        raise AssignmentError(f"{source or 'stored assignment'}: not valid JSON ({reason})") from None
    return from_stored(data, source)


def load(path: str | Path) -> AssignmentSpec:
    """Read an assignment file (YAML or JSON)."""
    from nngrade.core.problem import ProblemFileError, read_data_file

    try:
        data = read_data_file(path)
    except ProblemFileError as error:
        raise AssignmentError(str(error)) from None
    return from_data(data, str(path))


def _check(checker, data: Any, source: str | None) -> None:
    from nngrade.core.schema import SchemaError

    try:
        checker.check(data, source)
    except SchemaError as error:
        raise AssignmentError(str(error)) from None


def _spec(data: dict, name: str, key: str, default_sigfigs, source: str | None) -> AssignmentSpec:
    prefix = f"{source}: " if source else ""
    entries = tuple(_entry(item, index, default_sigfigs, prefix) for index, item in enumerate(data["exercises"]))
    ids = [entry.id for entry in entries]
    repeated = sorted({exercise_id for exercise_id in ids if ids.count(exercise_id) > 1})
    if repeated:
        raise AssignmentError(f"{prefix}exercise ids must be unique; used more than once: {', '.join(repeated)}")
    return AssignmentSpec(
        name=name,
        key=key,
        exercises=entries,
        title=data.get("title", ""),
        instructions=data.get("instructions", ""),
        notebook=data.get("notebook", ""),
        check=data.get("check", "full"),
        practice=data.get("practice", True),
        numbers=NumberStyle.read(data.get("numbers")),
        solution_in_feedback=bool(data.get("solution_in_feedback", False)),
    )


def _floats(value):
    """Plain floats for the exact decimals that nngrade's JSON reader produces."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {name: _floats(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_floats(item) for item in value]
    return value


def _entry(item: str | dict, index: int, default_sigfigs, prefix: str) -> ExerciseEntry:
    """One exercise of a file the schema has accepted."""
    if isinstance(item, str):
        item = {"kind": item}
    exercise = registry.get(item["kind"])
    parts = {part: dict(settings or {}) for part, settings in (item.get("parts") or {}).items()}
    for part, settings in parts.items():
        try:
            with_overrides(exercise, {part: settings})
        except (TypeError, ValueError) as error:
            raise AssignmentError(f"{prefix}exercises[{index}].parts.{part}: {error}") from None
    sigfigs = item.get("sigfigs", default_sigfigs)
    return ExerciseEntry(item.get("id", f"ex{index + 1}"), item["kind"], float(item.get("points", 1)),
                         dict(item.get("knobs") or {}), sigfigs or None, parts)


def student_from_environment(environ=None) -> str | None:
    """The student id of this Jupyter server: ``NNGRADE_STUDENT``, else the hub's user name."""
    environ = os.environ if environ is None else environ
    for variable in STUDENT_VARIABLES:
        value = environ.get(variable, "").strip()
        if value and value not in GENERIC_USERS:
            return value
    return None
