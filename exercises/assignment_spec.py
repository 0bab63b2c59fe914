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
from decimal import Decimal
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from nngrade.core.problem import Problem
from nngrade.generators.seeds import student_seed
from nngrade.grading import answer_format
from nngrade.grading.answer_format import AnswerFormat
from nngrade.grading.key import AnswerKey
from nngrade.grading.spec import AnswerSpec

from . import problems, registry
from .keys import DEFAULT_SIGFIGS, answer_key

#: Self-check levels a student may get in the notebook.
CHECK_LEVELS = ("full", "format", "off")
#: Comparison settings an assignment may override per answer part.
PART_SETTINGS = ("rtol", "atol", "mode", "sigfigs", "decimals", "rule", "written_form", "weight", "per_entry",
                 "follow_credit", "flat_ok")
#: Environment variables that name the student, most specific first.
STUDENT_VARIABLES = ("NNGRADE_STUDENT", "JUPYTERHUB_USER", "NB_USER")
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
    """Per-part overrides of the comparison settings (rtol, atol, mode, weight, ...)."""

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
        key = answer_key(registry.get(entry.kind), problem, sigfigs=entry.sigfigs)
        key.specs = [_with_settings(spec, entry.parts.get(spec.part, {})) for spec in key.specs]
        return key

    def answer_formats(self, exercise_id: str, problem: Problem) -> list[AnswerFormat]:
        """The type and shape of each answer part of ``problem``, without a single expected value
        (what a format-only check may know)."""
        entry = self.entry(exercise_id)
        exercise = registry.get(entry.kind)
        values = exercise.solve_numeric(problem.params)
        specs = [_with_settings(spec, entry.parts.get(spec.part, {})) for spec in exercise.answers if spec.part in values]
        return answer_format.formats(specs, values)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["exercises"] = [asdict(entry) for entry in self.exercises]
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))


def _with_settings(spec: AnswerSpec, settings: dict[str, Any]) -> AnswerSpec:
    return replace(spec, **settings) if settings else spec


def from_data(data: Any, *, key: str | None = None) -> AssignmentSpec:
    """An assignment from parsed YAML/JSON; raises :class:`AssignmentError` on a bad file.

    A missing ``key`` is taken from the argument, or made up (the builder stores it)."""
    if not isinstance(data, dict):
        raise AssignmentError("an assignment file must be a mapping with 'assignment' and 'exercises'")
    data = _floats(data)
    name = data.get("assignment") or data.get("name")
    if not isinstance(name, str) or not name.replace("_", "").replace("-", "").isalnum():
        raise AssignmentError("'assignment' must be a name of letters, digits, '-' and '_'")
    check = data.get("check", "full")
    if check not in CHECK_LEVELS:
        raise AssignmentError(f"'check' must be one of {', '.join(CHECK_LEVELS)}, got {check!r}")
    raw = data.get("exercises")
    if not isinstance(raw, list) or not raw:
        raise AssignmentError("'exercises' must be a non-empty list")
    default_sigfigs = data.get("sigfigs", DEFAULT_SIGFIGS)
    entries = tuple(_entry(item, index, default_sigfigs) for index, item in enumerate(raw, start=1))
    ids = [entry.id for entry in entries]
    if len(set(ids)) != len(ids):
        raise AssignmentError(f"exercise ids must be unique, got {', '.join(ids)}")
    return AssignmentSpec(
        name=name,
        key=str(data.get("key") or key or secrets.token_hex(16)),
        exercises=entries,
        title=str(data.get("title", "")),
        instructions=str(data.get("instructions", "")),
        notebook=str(data.get("notebook", "")),
        check=check,
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


def _entry(item: Any, index: int, default_sigfigs) -> ExerciseEntry:
    if isinstance(item, str):
        item = {"kind": item}
    if not isinstance(item, dict) or not isinstance(item.get("kind"), str):
        raise AssignmentError(f"exercise {index} must be a mapping with a 'kind'")
    kind = item["kind"]
    try:
        exercise = registry.get(kind)
    except KeyError as error:
        raise AssignmentError(str(error).strip('"')) from None
    exercise_id = str(item.get("id", f"ex{index}"))
    if not exercise_id.isidentifier():
        raise AssignmentError(f"exercise id {exercise_id!r} must be a Python identifier")
    knobs = dict(item.get("knobs") or {})
    for knob, value in knobs.items():
        allowed = exercise.knobs.get(knob)
        if allowed is None or (allowed and value not in allowed):
            raise AssignmentError(f"{exercise_id}: {kind} has no knob {knob}={value!r}")
    points = item.get("points", 1)
    if isinstance(points, bool) or not isinstance(points, (int, float)) or points <= 0:
        raise AssignmentError(f"{exercise_id}: points must be a positive number")
    parts = dict(item.get("parts") or {})
    known = {spec.part for spec in exercise.answers}
    for part, settings in parts.items():
        if part not in known:
            raise AssignmentError(f"{exercise_id}: {kind} has no answer part {part!r}")
        unknown = set(settings or {}) - set(PART_SETTINGS)
        if unknown:
            raise AssignmentError(f"{exercise_id}.{part}: unknown settings {', '.join(sorted(unknown))}")
        try:
            _with_settings(exercise.spec(part), settings or {})
        except (TypeError, ValueError) as error:
            raise AssignmentError(f"{exercise_id}.{part}: {error}") from None
    sigfigs = item.get("sigfigs", default_sigfigs)
    return ExerciseEntry(exercise_id, kind, float(points), knobs, sigfigs or None,
                         {part: dict(settings or {}) for part, settings in parts.items()})


def from_json(text: str) -> AssignmentSpec:
    """The spec back from :meth:`AssignmentSpec.to_json` (or any equivalent JSON)."""
    return from_data(json.loads(text))


def load(path: str | Path) -> AssignmentSpec:
    """Read an assignment file (YAML or JSON)."""
    from nngrade.core.problem import ProblemFileError, read_data_file

    try:
        return from_data(read_data_file(path))
    except ProblemFileError as error:
        raise AssignmentError(str(error)) from None


def student_from_environment(environ=None) -> str | None:
    """The student id of this Jupyter server: ``NNGRADE_STUDENT``, else the hub's user name."""
    environ = os.environ if environ is None else environ
    for variable in STUDENT_VARIABLES:
        value = environ.get(variable, "").strip()
        if value and value not in GENERIC_USERS:
            return value
    return None
