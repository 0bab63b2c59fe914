"""Answer keys: expected values, rounding slack and misconceptions' values for one problem.

Keys come from the NumPy twin, so grading (in a student's kernel too) never needs sympy; only
expression parts and ``exact``-mode parts take their expected value from the exact solver.
The rounding slack is derived, not guessed: the twin is run again with every intermediate value
rounded to ``sigfigs`` significant figures, as a student working by hand would, and the
distance to the unrounded answer (with a safety factor) is added to the tolerance.
"""
from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from nngrade.core.problem import Problem
from nngrade.grading.key import AnswerKey, WrongAnswer

from .exercise import Exercise

#: Default significant figures a student keeps in intermediate values.
DEFAULT_SIGFIGS = 3
#: The slack is this many times the drift measured with rounded intermediates.
SLACK_FACTOR = 2.0


def round_sigfigs(values, figures: int):
    """Round every entry of ``values`` to ``figures`` significant figures."""
    array = np.asarray(values, dtype=float)
    with np.errstate(all="ignore"):
        magnitude = np.floor(np.log10(np.abs(array)))
        magnitude = np.where(np.isfinite(magnitude), magnitude, 0)
        scale = 10.0 ** (figures - 1 - magnitude)
        rounded = np.round(array * scale) / scale
    return np.where(array == 0, 0.0, rounded)


def plain(value) -> Any:
    """Nested Python floats/ints/strings from NumPy arrays and scalars."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def expected_values(exercise: Exercise, params: dict) -> dict[str, Any]:
    """The expected answer of every part, plain data, from the twin (and the exact solver where needed)."""
    values = {part: plain(value) for part, value in exercise.solve_numeric(params).items()}
    exact_parts = [s.part for s in exercise.answers if s.part in values and (s.kind == "expression" or s.mode == "exact")]
    if exact_parts:
        from nngrade.solvers.exact import float_value

        solution = exercise.solve(params)
        for part in exact_parts:
            values[part] = float_value(solution.answers[part])
    return values


def rounding_slack(exercise: Exercise, params: dict, expected: dict, sigfigs: int | None) -> dict[str, Any]:
    """Per-part extra tolerance for answers worked with intermediates rounded to ``sigfigs``."""
    if not sigfigs:
        return {}
    rounded = exercise.solve_numeric(params, rnd=partial(round_sigfigs, figures=sigfigs))
    slack = {}
    for spec in exercise.answers:
        if spec.kind != "numeric" or spec.part not in expected or spec.mode != "tolerance":
            continue
        slack[spec.part] = _drift(rounded[spec.part], expected[spec.part])
    return slack


def _drift(rounded, exact):
    try:
        return (SLACK_FACTOR * np.abs(np.asarray(rounded, float) - np.asarray(exact, float))).tolist()
    except ValueError:
        return [_drift(r, e) for r, e in zip(rounded, exact)]


def answer_key(exercise: Exercise, problem: Problem, sigfigs: int | None = DEFAULT_SIGFIGS) -> AnswerKey:
    """The key to grade ``problem`` with; ``sigfigs=None`` turns the rounding slack off."""
    params = problem.params
    expected = expected_values(exercise, params)
    specs = [spec for spec in exercise.answers if spec.part in expected]
    wrongs = []
    for misconception in exercise.misconceptions:
        values = misconception.compute(params) or {}
        values = {part: plain(v) for part, v in values.items() if v is not None and part in expected}
        if values:
            wrongs.append(WrongAnswer(misconception.code, misconception.message, values))
    follow = partial(exercise.follow_through, params) if exercise.follow_through else None
    slack = rounding_slack(exercise, params, expected, sigfigs)
    return AnswerKey(specs, expected, wrongs, follow, slack)
