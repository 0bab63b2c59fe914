"""An assignment: which exercises, with which knobs, points and comparison settings.

The same plain-data description is used in three places, so it must stay light (no sympy, no
nbformat): in the student's kernel to draw the student's own variant, in the instructor's
nbgrader process to grade it, and by the builder that writes the source notebook. Reading one
imports no more than the spec itself needs: drawing, keys and formats load their modules on first
use, and the copy a notebook embeds is read without the schema (see :func:`from_embedded`).

Each student's variant of an exercise is drawn from a keyed seed of (assignment key, assignment
name, exercise id, student id). The key is not secret from students (their kernel needs it to
draw their numbers); what protects the grade is that grading recomputes everything outside the
kernel from the student id nbgrader itself knows (the submission's folder).
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from typing import TYPE_CHECKING

from nngrade.core.number_style import NumberStyle
from nngrade.exercises.keys import CHECK_LEVELS, DEFAULT_SIGFIGS

from .notebook_protocol import SERVER_USER_VARIABLES, STUDENT_VARIABLE

if TYPE_CHECKING:
    from nngrade.core.problem import Problem
    from nngrade.grading.answer_format import AnswerFormat
    from nngrade.grading.key import AnswerKey

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
        from nngrade.generators.seeds import student_seed

        from nngrade.exercises import problems, registry

        entry = self.entry(exercise_id)
        seed = student_seed(self.key, self.name, entry.id, student)
        return problems.draw(registry.get(entry.kind), seed, **entry.knobs)

    def answer_key(self, exercise_id: str, problem: Problem) -> AnswerKey:
        """The grading key of ``problem`` with the assignment's comparison settings applied."""
        from nngrade.exercises import registry
        from nngrade.exercises.keys import answer_key

        entry = self.entry(exercise_id)
        return answer_key(registry.get(entry.kind), problem, sigfigs=entry.sigfigs, overrides=entry.parts or None)

    def answer_formats(self, exercise_id: str, problem: Problem) -> list[AnswerFormat]:
        """The type and shape of each answer part of ``problem``, without a single expected value
        (what a format-only check may know)."""
        from nngrade.grading import answer_format

        from nngrade.exercises import registry
        from nngrade.exercises.keys import with_overrides

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
    key instead, see :func:`nngrade.course.assignment.build`)."""
    from nngrade.exercises.schemas import assignment as schema

    data = _floats(data)
    if type(data) is dict and data.get("check") is False:
        data = {**data, "check": "off"}  # YAML 1.1 reads an unquoted `check: off` (or `no`) as false
    _check(schema.checker(), data, source)
    return _spec(data, data["assignment"], data.get("key") or _new_key(),
                 data.get("sigfigs", DEFAULT_SIGFIGS), source)


def _new_key() -> str:
    import secrets

    return secrets.token_hex(16)


def from_stored(data: Any, source: str | None = None) -> AssignmentSpec:
    """An assignment from its stored form (:meth:`AssignmentSpec.to_dict`), which has its key."""
    from nngrade.exercises.schemas import assignment as schema

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


#: The JSON types of the stored form's fields, as :func:`from_embedded` checks them.
_EMBEDDED_FIELDS = {"name": str, "key": str, "exercises": list, "title": str, "instructions": str, "notebook": str,
                    "check": str, "practice": bool, "numbers": dict, "solution_in_feedback": bool}
_EMBEDDED_ENTRY_FIELDS = {"id": str, "kind": str, "points": (int, float), "knobs": dict, "sigfigs": (int, type(None)),
                          "parts": dict}


def from_embedded(text: str) -> AssignmentSpec:
    """The spec a notebook's setup cell embeds, read in the student's kernel.

    The instructor's build wrote it (:meth:`AssignmentSpec.to_json` of a spec that passed the
    full schema check), and grading never reads it: the grade is computed outside the kernel from
    the course's stored spec. A changed copy can therefore only mislead its own student's
    self-check, and the kernel checks no more than building the spec needs (each field's JSON
    type, the check level), which spares it jsonschema and the catalogue. A copy that fails is a
    one-line :class:`AssignmentError`, like a stored file that fails the schema.
    """
    source = "the assignment in the setup cell"
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise AssignmentError(f"{source} is not valid JSON: restore the cell from the released notebook") from None
    problem = _embedded_problem(data)
    if problem:
        raise AssignmentError(f"{source} is not one nngrade wrote ({problem}): restore the cell from the "
                              "released notebook")
    return AssignmentSpec(
        name=data["name"],
        key=data["key"],
        exercises=tuple(ExerciseEntry(item["id"], item["kind"], float(item["points"]), dict(item["knobs"]),
                                      item["sigfigs"] or None, {part: dict(settings)
                                                                for part, settings in item["parts"].items()})
                        for item in data["exercises"]),
        title=data["title"],
        instructions=data["instructions"],
        notebook=data["notebook"],
        check=data["check"],
        practice=data["practice"],
        numbers=NumberStyle.read(data["numbers"]),
        solution_in_feedback=data["solution_in_feedback"],
    )


def _embedded_problem(data: Any) -> str:
    """What keeps ``data`` from being the stored form of a spec, or ``""``."""
    problem = _fields_problem(data, _EMBEDDED_FIELDS, "")
    if problem:
        return problem
    if data["check"] not in CHECK_LEVELS:
        return f"check is {data['check']!r}"
    for index, item in enumerate(data["exercises"]):
        problem = _fields_problem(item, _EMBEDDED_ENTRY_FIELDS, f"exercises[{index}].")
        if problem:
            return problem
        if not all(type(settings) is dict for settings in item["parts"].values()):
            return f"exercises[{index}].parts holds a setting that is not a mapping"
    try:
        NumberStyle.read(data["numbers"])
    except (TypeError, ValueError) as error:
        return str(error)
    return ""


def _fields_problem(data: Any, fields: dict, where: str) -> str:
    if type(data) is not dict:
        return f"{where.rstrip('.') or 'the assignment'} is not a mapping"
    for name, types in fields.items():
        if name not in data:
            return f"{where}{name} is missing"
        if type(data[name]) is bool and bool not in (types if isinstance(types, tuple) else (types,)):
            return f"{where}{name} has the wrong type"
        if not isinstance(data[name], types):
            return f"{where}{name} has the wrong type"
    return ""


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
    from nngrade.exercises import registry
    from nngrade.exercises.keys import with_overrides

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
