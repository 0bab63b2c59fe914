"""Problems in and out: draw a variant from a seed, read a problem file, write one back.

Drawing rejects variants where a named misconception would give an answer the grader accepts
as right, so every diagnosis stays unambiguous. The check asks the grader
(:func:`nngrade.grading.grade.matches`, the comparison that grades an answer), once here for
every kind rather than in each generator.
"""
from __future__ import annotations

import random
from typing import Any

from nngrade.core.params import ParamError
from nngrade.core.problem import Problem, ProblemFileError
from nngrade.core.schema import SchemaError
from nngrade.generators.draw import MAX_TRIES, DrawError
from nngrade.grading.grade import matches

from . import registry
from .exercise import Exercise
from .keys import DEFAULT_SIGFIGS, answered_specs, expected_and_exact, rounding_slack, wrong_answers


def draw(exercise: Exercise, seed: int, **knobs) -> Problem:
    """The variant of ``exercise`` for ``seed`` and ``knobs``; the same on every machine."""
    return draw_from(exercise, random.Random(seed), seed, **knobs)


def draw_from(exercise: Exercise, rng: random.Random, seed: int | None = None, **knobs) -> Problem:
    """Like :func:`draw` with a given ``rng`` (tests pass Hypothesis' shrinking randoms)."""
    for name, value in knobs.items():
        allowed = exercise.knobs.get(name)
        if allowed is None:
            raise ValueError(f"{exercise.kind} has no knob {name!r}; knobs: {', '.join(exercise.knobs) or 'none'}")
        if allowed and value not in allowed:
            raise ValueError(f"knob {name} must be one of {', '.join(map(str, allowed))}, got {value!r}")
    for _ in range(MAX_TRIES):
        params = exercise.generate(rng, **knobs)
        params = exercise.params.read(exercise.params.write(params))
        problem = Problem(exercise.kind, params, exercise.version, seed, dict(knobs))
        if distinguishable(exercise, problem):
            return problem
    raise DrawError(f"{exercise.kind}: no variant with distinguishable misconceptions in {MAX_TRIES} draws")


def distinguishable(exercise: Exercise, problem: Problem) -> bool:
    """True when no misconception's answer to a part would be graded as right (within the key's
    rounding slack), or as another's (:func:`nngrade.grading.grade.matches`, the grader's rule).

    It works out only what the check needs, and stops at the first clash: the misconceptions'
    answers one at a time, each compared with the right answer and the earlier ones as it comes
    (the plain tolerance first: what is right without the slack is right with it too), and the
    rounding slack last, only for the parts some misconception answers. Expression parts are
    compared by equivalence, for which the twin's text of the expected value serves as well as
    the exact solver's, so drawing needs no sympy."""
    params = problem.params
    expected, _, twin = expected_and_exact(exercise, params, exact_expressions=False)
    specs = answered_specs(exercise, expected)
    spec_of = {spec.part: spec for spec in specs}
    seen = []
    for wrong in wrong_answers(exercise, params, specs, twin):
        for part, value in wrong.values.items():
            spec = spec_of[part]
            if matches(spec, value, expected[part]):
                return False
            for earlier in seen:
                if part in earlier.values and matches(spec, earlier.values[part], value):
                    return False
        seen.append(wrong)
    slack = rounding_slack(exercise, params, expected, DEFAULT_SIGFIGS, {part for wrong in seen for part in wrong.values})
    return not any(part in slack and matches(spec_of[part], value, expected[part], slack[part])
                   for wrong in seen for part, value in wrong.values.items())


def read(data: Any, source: str | None = None) -> Problem:
    """A problem from parsed JSON/YAML; raises :class:`ProblemFileError` with a one-line reason.

    ``source`` (the file name) starts the message; the data are checked against the problem
    schema first, so an unknown key, kind, param or knob is named with its near miss."""
    from .schemas import problem as problem_schema

    try:
        problem_schema.check(data, source)
    except SchemaError as error:
        raise ProblemFileError(str(error)) from None
    kind = data["kind"]
    exercise = registry.get(kind)
    where = f"{source}: {kind}" if source else kind
    try:
        params = exercise.params.read(data.get("params"))
    except ParamError as error:
        raise ProblemFileError(f"{where}: {error}") from None
    version, seed, knobs = data.get("version"), data.get("seed"), data.get("knobs") or {}
    if version is not None and version != exercise.version:
        raise ProblemFileError(
            f"{where}: the problem was drawn by version {version} of this exercise; this nngrade has version "
            f"{exercise.version} (draw it again or drop 'version' and 'seed' to use its params as they are)"
        )
    return Problem(kind, params, version, seed if isinstance(seed, int) else None, knobs)


def write(problem: Problem) -> dict:
    """The JSON form of ``problem``."""
    exercise = registry.get(problem.kind)
    out: dict[str, Any] = {"kind": problem.kind}
    if problem.version is not None:
        out["version"] = problem.version
    if problem.seed is not None:
        out["seed"] = problem.seed
    if problem.knobs:
        out["knobs"] = problem.knobs
    out["params"] = exercise.params.write(problem.params)
    return out


def example(kind: str, name: str) -> Problem:
    """A fixed problem of the catalogue (a seed's worked example) by name."""
    exercise = registry.get(kind)
    if name not in exercise.examples:
        raise KeyError(f"{kind} has no example {name!r}; examples: {', '.join(exercise.examples) or 'none'}")
    return read({"kind": kind, "params": exercise.examples[name]})


__all__ = ["draw", "distinguishable", "read", "write", "example", "ProblemFileError", "DrawError"]
