"""What an LMS export holds: per exercise of a problem set or an assignment file, N variants.

Each exercise becomes a group (a Moodle category, a Canvas question group) of variants drawn
with plain seeds, ``first_seed``, ``first_seed + 1``, ..., so that any variant a student got
can be drawn again with ``nngrade generate KIND --seed S`` and the exercise's knobs; the name of
every exported question says how. A fixed problem of a set (a worked example) is one variant.

A variant carries its answer key with the source's grading settings (an assignment's per-part
settings and ``sigfigs``; a problem set's defaults), its boxes (:mod:`.gaps`), the statement
and the worked solution as HTML with MathJax maths, and the warnings that go with it.
A draw the exporter refuses (see ``refuse``) is replaced by the next seed and reported, never
exported; a refused fixed problem is left out and reported, and so is an exercise none of whose
parts can be asked as boxes (all of them expressions, say).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from nngrade.core.problem import Problem, ProblemFileError, read_data_file
from nngrade.course import assignment_spec
from nngrade.exercises import problems, registry
from nngrade.exercises.keys import DEFAULT_SIGFIGS, answer_key
from nngrade.grading.key import AnswerKey
from nngrade.handouts import problemset
from nngrade.rendering import render

from .gaps import Cut, cut

#: Refused draws after which an exercise is given up.
MAX_REFUSED = 50


@dataclass(frozen=True)
class Variant:
    """One drawn (or fixed) problem, ready to write."""

    problem: Problem
    key: AnswerKey
    boxes: Cut
    statement: str
    solution: str
    name: str


@dataclass(frozen=True)
class Group:
    """One exercise of the source and its variants."""

    title: str
    kind: str
    points: float
    variants: list[Variant]
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SourceExercise:
    """An exercise of the source: fixed, or drawn with knobs and the source's grading settings."""

    title: str
    kind: str
    points: float
    knobs: dict
    fixed: Problem | None
    keyed: Callable[[Problem], AnswerKey]


def load(source: str | Path | dict) -> tuple[str, list[SourceExercise]]:
    """The title and exercises of a problem set or an assignment (a file, or its parsed
    mapping; told apart by the ``assignment`` key), or of a problem set shipped with nngrade."""
    if isinstance(source, dict):
        data, name = source, None
    else:
        path = Path(source)
        data, name = (read_data_file(path) if path.exists() else None), str(path)
    if isinstance(data, dict) and "assignment" in data:
        return _assignment(data, name)
    return _problem_set(problemset.load(data if data is not None else str(source)))


def _assignment(data: dict, source: str) -> tuple[str, list[SourceExercise]]:
    spec = assignment_spec.from_data(data, source)
    out = []
    for entry in spec.exercises:
        exercise = registry.get(entry.kind)
        out.append(SourceExercise(f"{spec.name}: {entry.id} ({exercise.title})", entry.kind, entry.points,
                             dict(entry.knobs), None,
                             lambda problem, entry_id=entry.id: spec.answer_key(entry_id, problem)))
    return spec.title or spec.name, out


def _problem_set(loaded: problemset.ProblemSet) -> tuple[str, list[SourceExercise]]:
    out = []
    for number, entry in enumerate(loaded.entries, start=1):
        exercise = registry.get(entry.kind)
        for copy in range(entry.count if entry.fixed is None else 1):
            suffix = f".{copy + 1}" if entry.count > 1 and entry.fixed is None else ""
            out.append(SourceExercise(f"Exercise {number}{suffix}: {exercise.title}", entry.kind,
                                 float(entry.points or 1), dict(entry.knobs), entry.fixed,
                                 lambda problem, exercise=exercise: answer_key(exercise, problem, DEFAULT_SIGFIGS)))
    return loaded.title, out


def groups(source: str | Path | dict, count: int, first_seed: int = 1,
           refuse: Callable[[Variant], str] | None = None) -> tuple[str, list[Group]]:
    """The title and the groups of ``source`` with ``count`` variants each.

    ``refuse(variant)`` returns why a variant cannot be exported fairly (empty when it can);
    such a draw is replaced by the next seed and the group's warnings say so."""
    if count < 1:
        raise ValueError("the number of variants must be at least 1")
    title, exercises = load(source)
    out = []
    seed = first_seed
    for exercise in exercises:
        group = Group(exercise.title, exercise.kind, exercise.points, [])
        if exercise.fixed is not None:
            variant = _variant(exercise, exercise.fixed, "fixed problem")
            reason = refuse(variant) if refuse else ""
            if not variant.boxes.fields:
                group.warnings.append(_no_boxes(exercise, variant))
            elif reason:
                group.warnings.append(f"{exercise.title}: the fixed problem is left out: {reason}")
            else:
                group.variants.append(variant)
        else:
            refused = 0
            while len(group.variants) < count:
                problem = _draw(exercise, seed)
                variant = _variant(exercise, problem, _regenerate(problem))
                seed += 1
                if not variant.boxes.fields:
                    group.warnings.append(_no_boxes(exercise, variant))
                    break
                reason = refuse(variant) if refuse else ""
                if not reason:
                    group.variants.append(variant)
                    continue
                refused += 1
                group.warnings.append(f"{exercise.title}: seed {problem.seed} not exported: {reason}")
                if refused >= MAX_REFUSED:
                    raise ValueError(f"{exercise.title}: {refused} draws could not be exported fairly; "
                                     f"the last: {reason}")
        left_out = dict.fromkeys(line for variant in group.variants for line in variant.boxes.left_out)
        group.warnings.extend(f"{exercise.title}: {line}" for line in left_out)
        out.append(group)
    return title, out


def _no_boxes(exercise: SourceExercise, variant: Variant) -> str:
    return f"{exercise.title}: left out: none of its parts can be asked as boxes: " + "; ".join(variant.boxes.left_out)


def _draw(exercise: SourceExercise, seed: int) -> Problem:
    try:
        return problems.draw(registry.get(exercise.kind), seed, **exercise.knobs)
    except ValueError as error:
        raise ProblemFileError(f"{exercise.title}: {error}") from None


def _regenerate(problem: Problem) -> str:
    """The command that draws ``problem`` again."""
    knobs = "".join(f" --knob {name}={_knob_text(value)}" for name, value in sorted(problem.knobs.items()))
    return f"nngrade generate {problem.kind} --seed {problem.seed}{knobs}"


def _knob_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _variant(exercise: SourceExercise, problem: Problem, name: str) -> Variant:
    key = exercise.keyed(problem)
    solution = registry.get(problem.kind).solve(problem.params)
    return Variant(problem, key, cut(key), render.statement(problem, "mathjax"),
                   render.worked_solution(problem, solution, "mathjax"), name)
