"""Answer keys: expected values, rounding slack and misconceptions' values for one problem.

Keys come from the NumPy twin, so grading (in a student's kernel too) never needs sympy; only
expression parts and ``exact``-mode parts take their expected value from the exact solver, and
``exact``-mode parts also keep it as Fractions so that they are compared as rationals.

The rounding slack is derived, not guessed: the twin is run again with every intermediate value
rounded to ``sigfigs`` significant figures (an assignment-level setting, default 3), as a student
working by hand would, the final answers rounded too, once rounding ties half up (as people do) and once half to even (as
NumPy does); ``SLACK_FACTOR`` times the larger distance to the unrounded answer is added to the
part's tolerance, entry by entry. Parts whose drift is 0 get no slack at all, so the band grows
only where rounding really moves the answer, and misconceptions stay outside it (drawing checks
that they do, see :mod:`nngrade.exercises.problems`).
"""
from __future__ import annotations

import math
from dataclasses import replace
from fractions import Fraction
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, Iterable, Iterator

import numpy as np

if TYPE_CHECKING:  # imported where a key is built: a notebook's setup cell needs only DEFAULT_SIGFIGS, CHECK_LEVELS
    from nngrade.core.problem import Problem
    from nngrade.grading.key import AnswerKey, WrongAnswer

    from .exercise import Exercise

#: Default significant figures a student keeps in intermediate values.
DEFAULT_SIGFIGS = 3
#: Self-check levels a student may get in the notebook (see :attr:`nngrade.course.assignment_spec.AssignmentSpec.check`).
CHECK_LEVELS = ("full", "format", "off")
#: The slack is this many times the drift measured with rounded intermediates.
SLACK_FACTOR = 2.0


#: Most entries :func:`round_sigfigs` rounds one by one in Python floats; larger arrays go through NumPy.
ENTRY_BY_ENTRY = 32
#: Entries whose size is beyond these bounds (or not finite), and more than 15 figures, go through NumPy.
_SMALLEST, _LARGEST, _MOST_FIGURES = 1e-280, 1e280, 15


def round_sigfigs(values, figures: int, ties: str = "even"):
    """Round every entry of ``values`` to ``figures`` significant figures.

    ``ties="even"`` rounds halves to even (NumPy's rule); ``ties="up"`` rounds them away from
    zero, as people do by hand (0.125 -> 0.13). A twin's rounded run calls this on every
    intermediate value, mostly a handful of entries, so those are rounded one by one in Python
    floats (:func:`_round_entries`), bit for bit as the NumPy formula (:func:`_round_array`)
    rounds them, at a fraction of the cost of its dozen tiny array operations.
    """
    array = np.asarray(values, dtype=float)
    if array.size <= ENTRY_BY_ENTRY and figures <= _MOST_FIGURES:
        rounded = _round_entries(array.reshape(-1).tolist(), figures, ties == "up", array.ndim == 0)
        if rounded is not None:
            return np.array(rounded, dtype=float).reshape(array.shape)
    return _round_array(array, figures, ties)


def _round_array(array: np.ndarray, figures: int, ties: str) -> np.ndarray:
    """:func:`round_sigfigs` as array operations."""
    with np.errstate(all="ignore"):
        magnitude = np.floor(np.log10(np.abs(array)))
        magnitude = np.where(np.isfinite(magnitude), magnitude, 0)
        scale = 10.0 ** (figures - 1 - magnitude)
        scaled = array * scale
        if ties == "up":
            # round the scaled value to 12 digits first, so 0.125 * 100 = 12.499999... counts as a tie
            scaled = np.round(scaled, 12)
            rounded = np.sign(scaled) * np.floor(np.abs(scaled) + 0.5) / scale
        else:
            rounded = np.round(scaled) / scale
    return np.where((array == 0) | ~np.isfinite(array), array, rounded)


def _round_entries(entries: list[float], figures: int, up: bool, single: bool) -> list[float] | None:
    """:func:`_round_array`'s arithmetic on Python floats, entry by entry (None where an entry
    is not finite or is beyond the ordinary range; those are left to NumPy).

    Each step is the same IEEE operation as its array counterpart: products and quotients are
    correctly rounded either way, ``round`` is half to even as ``np.rint``, and ``np.round(x,
    12)`` is ``rint(x * 1e12) / 1e12``. The decimal exponent is ``floor(log10 |x|)``, taken
    from NumPy's own ``log10`` where |x| is so close to a power of ten that the libraries'
    last bits could tell it apart, and the powers of ten come from NumPy (:func:`_power_of_ten`), as
    its scalar power computes them for a ``single`` number and its array power for an array: the
    two may differ in the last bit (10.0 ** 23)."""
    out = []
    for entry in entries:
        size = abs(entry)
        if entry == 0:
            out.append(entry)
            continue
        if not _SMALLEST < size < _LARGEST:  # also false for inf and nan
            return None
        log = math.log10(size)
        if abs(log - round(log)) < 1e-9:
            magnitude = int(np.floor(np.log10(np.array([size]))[0]))
        else:
            magnitude = math.floor(log)
        scale = _power_of_ten(figures - 1 - magnitude, single)
        scaled = entry * scale
        if up:
            scaled = float(round(scaled * 1e12)) / 1e12
            sign = 1.0 if scaled > 0 else -1.0 if scaled < 0 else 0.0
            out.append(sign * float(math.floor(abs(scaled) + 0.5)) / scale)
        else:
            out.append(float(round(scaled)) / scale)
    return out


@lru_cache(maxsize=None)
def _power_of_ten(exponent: int, single: bool) -> float:
    """``10.0 ** exponent`` as NumPy's power computes it in :func:`_round_array`: on a scalar
    where the rounded value is one number (a 0-d array), else on an array."""
    if single:
        return float(10.0 ** np.float64(exponent))
    return float((10.0 ** np.array([float(exponent)]))[0])


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
    values, _, _ = expected_and_exact(exercise, params)
    return values


def expected_and_exact(exercise: Exercise, params: dict, exact_expressions: bool = True
                       ) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Expected values of every part, the exact values (Fractions) of ``exact``-mode parts, and
    the twin's own answers (which the misconceptions' answers are compared with); without
    ``exact_expressions``, expression parts keep the twin's (unsimplified) text."""
    twin = _twin_values(exercise, params)
    values = dict(twin)
    exact_parts = [s.part for s in exercise.answers if s.part in values
                   and ((s.kind == "expression" and exact_expressions) or s.mode == "exact")]
    exact = {}
    if exact_parts:
        from nngrade.solvers.exact import exact_string, float_value

        solution = exercise.solve(params)
        for part in exact_parts:
            expression = exercise.spec(part).kind == "expression"
            values[part] = (exact_string if expression else float_value)(solution.answers[part])
            if exercise.spec(part).mode == "exact" and exercise.spec(part).kind == "numeric":
                exact[part] = _fractions(solution.answers[part])
    return values, exact, twin


def _twin_values(exercise: Exercise, params: dict) -> dict[str, Any]:
    """The twin's answers as plain data."""
    return {part: plain(value) for part, value in exercise.solve_numeric(params).items()}


def _fractions(value) -> Any:
    """An exact answer (sympy numbers, matrices, lists of them) as nested Fractions, with the
    float of any entry that is not rational."""
    import sympy as sp

    if isinstance(value, sp.MatrixBase):
        return [[_fractions(entry) for entry in row] for row in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [_fractions(item) for item in value]
    if isinstance(value, (int, Fraction)) and not isinstance(value, bool):
        return Fraction(value)
    value = sp.sympify(value) if not isinstance(value, sp.Basic) else value
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    return float(value.evalf(30))


def rounding_slack(exercise: Exercise, params: dict, expected: dict, sigfigs: int | None,
                   parts: Iterable[str] | None = None) -> dict[str, Any]:
    """Per-part extra tolerance for answers worked with intermediates rounded to ``sigfigs``;
    with ``parts``, only for those of them that get any (the draw screen needs no more)."""
    if not sigfigs:
        return {}
    wanted = None if parts is None else set(parts)
    parts = [spec.part for spec in exercise.answers
             if spec.kind == "numeric" and spec.part in expected and spec.mode != "exact"
             and (wanted is None or spec.part in wanted)]
    if not parts:
        return {}
    runs = []
    for ties in ("up", "even"):
        run = exercise.solve_numeric(params, rnd=partial(round_sigfigs, figures=sigfigs, ties=ties))
        runs.append({part: rounded_nested(run[part], sigfigs, ties) for part in parts if part in run})
    return {part: _drift([run.get(part) for run in runs], expected[part]) for part in parts}


def rounded_nested(value, figures: int, ties: str = "even"):
    """:func:`round_sigfigs` on an answer nested like a part (the final answer is written down
    rounded too), including per-layer lists of differently shaped arrays."""
    try:
        return round_sigfigs(np.asarray(value, dtype=float), figures, ties)
    except (ValueError, TypeError):
        return [rounded_nested(item, figures, ties) for item in value]


def _drift(rounded: list, exact):
    """``SLACK_FACTOR`` times the largest distance of the rounded runs from ``exact``, per entry.

    A run that does not fit (a changed shape) or blows up (a non-finite value) gives no slack.
    """
    try:
        exact_array = np.asarray(exact, float)
    except ValueError:  # one entry per layer or step, with different shapes
        return [_drift([_item(run, index) for run in rounded], item) for index, item in enumerate(exact)]
    distances = []
    for run in rounded:
        try:
            distance = np.abs(np.asarray(run, float) - exact_array)
        except (ValueError, TypeError):
            continue
        if distance.shape == exact_array.shape:
            distances.append(np.nan_to_num(distance, nan=0.0, posinf=0.0))
    if not distances:
        return np.zeros_like(exact_array).tolist()
    return (SLACK_FACTOR * np.maximum.reduce(distances)).tolist()


def _item(run, index: int):
    return run[index] if isinstance(run, (list, tuple)) and index < len(run) else None


def answer_key(exercise: Exercise, problem: Problem, sigfigs: int | None = DEFAULT_SIGFIGS,
               overrides: dict[str, dict[str, Any]] | None = None, exact_expressions: bool = True) -> AnswerKey:
    """The key to grade ``problem`` with.

    ``sigfigs`` is the assignment's setting for the figures students keep in intermediate values
    (None or 0 turns the rounding slack off). ``overrides`` maps part names to AnswerSpec fields
    to change for this assignment (``{"z": {"mode": "sigfigs", "sigfigs": 4}}``). Without
    ``exact_expressions`` an expression part's expected value is the twin's unsimplified text,
    which grades the same (expressions are compared by equivalence) but reads worse; it spares
    the exact solver (sympy) where no one reads the key, as in drawing a variant.

    The misconceptions' values (one by one, :class:`~nngrade.grading.key.OneByOne`), the
    rounding slack and the answers that carry no work are worked out on first use
    (:class:`~nngrade.grading.key.DeferredAnswerKey`): grading an answer that is right within the
    plain tolerance needs none of them, and the grade is the same either way.
    """
    from nngrade.grading.key import DeferredAnswerKey, Later, OneByOne

    params = problem.params
    if overrides:
        exercise = with_overrides(exercise, overrides)
    expected, exact, twin = expected_and_exact(exercise, params, exact_expressions)
    specs = answered_specs(exercise, expected)
    wrongs = OneByOne(partial(wrong_answers, exercise, params, specs, twin))
    follow = partial(exercise.follow_through, params) if exercise.follow_through else None
    unworked = Later(partial(unworked_answers, exercise, params)) if exercise.unworked else {}
    slack = Later(partial(rounding_slack, exercise, params, expected, sigfigs))
    return DeferredAnswerKey(specs, expected, wrongs, follow, slack, exact, unworked)


def unworked_answers(exercise: Exercise, params: dict) -> dict[str, tuple]:
    """Per part, the answers that carry no work (:attr:`~nngrade.grading.key.AnswerKey.unworked`), as plain data."""
    return {part: tuple(plain(value) for value in values) for part, values in exercise.unworked(params).items()}


def answered_specs(exercise: Exercise, expected: dict) -> list:
    """The answer specs of the parts the problem has (those with an expected value)."""
    return [spec for spec in exercise.answers if spec.part in expected]


def wrong_answers(exercise: Exercise, params: dict, specs: list, right: dict | None = None
                  ) -> Iterator[WrongAnswer]:
    """Each misconception's answers, one by one: the twin run with its mistake, the parts it
    changes only (``right``: the twin's own answers, where already worked out). Each twin run
    happens only when the next is asked for (the draw screen stops at the first that clashes, the
    diagnosis at the first that matches)."""
    from nngrade.grading.key import WrongAnswer
    from nngrade.grading.mistakes import changed_parts

    right = _twin_values(exercise, params) if right is None else right
    for misconception in exercise.misconceptions:
        wrong = exercise.solve_numeric(params, mistake=misconception.switch)
        if wrong is None:
            continue
        values = changed_parts(specs, right, {part: plain(value) for part, value in wrong.items()}, misconception.parts)
        if values:
            yield WrongAnswer(misconception.code, misconception.message, values)


def with_overrides(exercise: Exercise, overrides: dict[str, dict[str, Any]]) -> Exercise:
    """``exercise`` with some answer specs' fields changed (unknown parts or fields raise)."""
    known = {spec.part for spec in exercise.answers}
    unknown = set(overrides) - known
    if unknown:
        raise ValueError(f"{exercise.kind} has no answer part {', '.join(sorted(unknown))}")
    answers = tuple(replace(spec, **overrides.get(spec.part, {})) for spec in exercise.answers)
    return replace(exercise, answers=answers)
