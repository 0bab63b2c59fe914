"""Numeric comparison modes: relative + absolute tolerance, significant figures, decimals, exact.

Each mode returns a boolean array (one entry per number) so that per-entry partial credit and
all-or-nothing credit share one code path. Every mode except ``exact`` also accepts the rounding
``slack`` of the answer key (the drift of an answer worked by hand with rounded intermediates).

- ``tolerance``: ``|got - expected| <= atol + rtol * |expected| + slack``.
- ``sigfigs`` and ``decimals`` have two rules (``AnswerSpec.rule``), both computed exactly on the
  decimals that the numbers stand for (a float is read as its shortest decimal), so a value on
  an edge falls on the side the arithmetic says, not the side float error puts it:

  - ``rounds`` (the default): right when the answer, rounded to k figures (or d places), is a
    correct rounding of the expected value, that is of some value within the key's slack of
    it. The answer is rounded half away from zero, as people do by hand (82.5 is 83 at two
    figures); where the expected value itself is a tie, its rounding half away from zero and
    its rounding half to even are both correct (0.125 is 0.13 by hand and 0.12 by NumPy's and
    Python's round; 0.04975 is 0.0498 either way, so 0.0497 is wrong).
  - ``band``: right when the answer is strictly within half a unit of the k-th figure (or d-th
    place) of the expected value, plus slack, or is one of its correct roundings. The edge is
    excluded: 9.5 is not 10 at two figures, it is 9.5.

  In ``sigfigs`` mode an expected 0 has no significant figures; there (and only there) an
  answer within ``NOISE_FLOOR`` of 0 is right too.
- ``exact``: equal as rational numbers when the key holds Fractions (see :func:`exact_equal`);
  on floats, equal up to float representation (``EXACT_RTOL``).

The optional written-form check (``AnswerSpec.written_form``) is :func:`written_ok`.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np

from .spec import AnswerSpec

#: Relative slack allowed in ``exact`` mode on floats, for float representation only.
EXACT_RTOL = 1e-12
#: Where the expected value is 0 in ``sigfigs`` mode, answers this close to 0 are right too
#: (a student's float arithmetic gives 1e-17 for an exact 0).
NOISE_FLOOR = 1e-12
#: Relative float noise of the key's values: an expected value this close to a rounding tie (or
#: to a k-figure number) is treated as that tie or number (the twin computes 0.125 as
#: 0.12500000000000003), and an expected entry this small next to the largest entry of its
#: array is treated as an exact 0.
KEY_NOISE = 1e-12
_HALF = Fraction(1, 2)
_FLOOR = Fraction(Decimal(repr(NOISE_FLOOR)))
_NOISE = Fraction(Decimal(repr(KEY_NOISE)))


def close(got: np.ndarray, expected: np.ndarray, spec: AnswerSpec, slack=0.0) -> np.ndarray:
    """Entry-wise: is ``got`` acceptable for ``expected`` under the spec's mode?

    ``got`` holds floats, or (``sigfigs`` and ``decimals`` modes) the exact Fractions the answer
    was read as. ``slack`` is extra absolute tolerance (scalar or array like ``expected``).
    """
    if spec.mode in ("sigfigs", "decimals"):
        return _rounding_modes(got, np.asarray(expected, dtype=float), spec, slack)
    got = np.asarray(got, dtype=float)
    expected = np.asarray(expected, dtype=float)
    slack = np.asarray(slack, dtype=float)
    with np.errstate(all="ignore"):
        error = np.abs(got - expected)
        if spec.mode == "exact":
            return error <= EXACT_RTOL * np.maximum(np.abs(expected), 1.0)
        bound = spec.atol + spec.rtol * np.abs(expected) + slack
        return np.isfinite(error) & (error <= bound)


def half_unit(expected: np.ndarray, figures: int) -> np.ndarray:
    """Half a unit in the ``figures``-th significant place of each expected value (0 for 0)."""
    expected = np.abs(np.asarray(expected, dtype=float))
    out = np.zeros_like(expected)
    nonzero = expected > 0
    magnitude = np.floor(np.log10(expected[nonzero]))
    out[nonzero] = 0.5 * 10.0 ** (magnitude - figures + 1)
    return out


def round_figures(value: Fraction, figures: int, ties: str) -> Fraction:
    """``value`` rounded to ``figures`` significant figures, exactly; a value exactly halfway goes
    ``away`` from zero (as by hand, Decimal's ROUND_HALF_UP) or to the ``even`` neighbour
    (NumPy's and Python's round, ROUND_HALF_EVEN)."""
    if value == 0:
        return value
    return _round_to_unit(value, _figure_unit(value, figures), ties)


def round_places(value: Fraction, places: int, ties: str) -> Fraction:
    """``value`` rounded to ``places`` decimal places, exactly (``ties`` as in :func:`round_figures`)."""
    return _round_to_unit(value, Fraction(1, 10**places), ties)


def written_ok(forms: np.ndarray, spec: AnswerSpec) -> np.ndarray:
    """Entry-wise: is each answer written with exactly the spec's figures (``sigfigs`` mode) or
    decimal places (``decimals`` mode)? ``forms`` holds :class:`~nngrade.grading.parse.Written`
    entries; where the writing leaves the count open (trailing zeros of 1200, or a float,
    which keeps none), the entry passes when the required count is among the possible ones."""
    wanted = spec.sigfigs if spec.mode == "sigfigs" else spec.decimals
    out = np.zeros(forms.shape, dtype=bool)
    for index in np.ndindex(forms.shape):
        counts = forms[index].figures if spec.mode == "sigfigs" else forms[index].decimals
        if counts is not None:
            least, most = counts
            out[index] = least <= wanted and (most is None or wanted <= most)
    return out


def _rounding_modes(got, expected: np.ndarray, spec: AnswerSpec, slack) -> np.ndarray:
    slack = np.broadcast_to(np.asarray(slack, dtype=float), expected.shape)
    got = np.asarray(got)
    finite = np.abs(expected[np.isfinite(expected)])
    zero_below = KEY_NOISE * float(finite.max()) if finite.size else 0.0
    judge = _rounds_to if spec.rule == "rounds" else _within_band
    out = np.zeros(expected.shape, dtype=bool)
    for index in np.ndindex(expected.shape):
        answer, want, extra = _decimal(got[index]), _decimal(expected[index]), slack[index]
        if answer is None or want is None or not np.isfinite(extra):
            continue
        extra = _decimal(extra)
        if spec.mode == "sigfigs" and abs(want) <= zero_below:
            out[index] = abs(answer) <= _FLOOR + extra or (
                spec.rule == "rounds" and _rounds_to(answer, Fraction(0), extra, spec))
        else:
            out[index] = judge(answer, want, extra, spec)
    return out


def _rounds_to(answer: Fraction, want: Fraction, slack: Fraction, spec: AnswerSpec) -> bool:
    """The answer's rounding (half away from zero) is a rounding of a value within ``slack`` of
    ``want``, rounded half away from zero or half to even."""
    want = _denoised(want, spec)
    lowest = min(_roundings(want - slack, spec))
    highest = max(_roundings(want + slack, spec))
    return lowest <= _rounded(answer, spec, "away") <= highest


def _within_band(answer: Fraction, want: Fraction, slack: Fraction, spec: AnswerSpec) -> bool:
    """Strictly within half a unit (plus slack), or one of the expected value's roundings
    (``want`` is not 0 in ``sigfigs`` mode: the caller handles an expected 0)."""
    want = _denoised(want, spec)
    if abs(answer - want) < _unit(want, spec) / 2 + slack:
        return True
    return answer in _roundings(want, spec)


def _denoised(want: Fraction, spec: AnswerSpec) -> Fraction:
    """``want``, or the multiple of half a unit it is within the key's float noise of: the twin
    computes 0.125 as 0.12500000000000003, which is meant as the tie, and 0.3 as
    0.30000000000000004, which is meant as 0.3."""
    if want == 0:
        return want
    half = _unit(want, spec) / 2
    nearest = _round_to_unit(want, half, "even")
    return nearest if abs(want - nearest) <= _NOISE * abs(want) else want


def _roundings(value: Fraction, spec: AnswerSpec) -> tuple[Fraction, Fraction]:
    """``value`` rounded half away from zero and half to even (the two differ only at a tie)."""
    return _rounded(value, spec, "away"), _rounded(value, spec, "even")


def _unit(value: Fraction, spec: AnswerSpec) -> Fraction:
    """One unit in the last place the spec asks for, at ``value`` (nonzero in ``sigfigs`` mode)."""
    return _figure_unit(value, spec.sigfigs) if spec.mode == "sigfigs" else Fraction(1, 10**spec.decimals)


def _rounded(value: Fraction, spec: AnswerSpec, ties: str) -> Fraction:
    if spec.mode == "sigfigs":
        return round_figures(value, spec.sigfigs, ties)
    return round_places(value, spec.decimals, ties)


def _round_to_unit(value: Fraction, unit: Fraction, ties: str) -> Fraction:
    scaled = value / unit
    below = scaled.numerator // scaled.denominator
    rest = scaled - below
    if rest > _HALF or (rest == _HALF and (below % 2 == 1 if ties == "even" else scaled > 0)):
        below += 1
    return below * unit


def _figure_unit(value: Fraction, figures: int) -> Fraction:
    """One unit in the ``figures``-th significant place of a nonzero ``value``."""
    return Fraction(10) ** (_exponent(abs(value)) - figures + 1)


def _exponent(value: Fraction) -> int:
    """``floor(log10(value))`` of a positive Fraction, exactly (no float logarithm)."""
    guess = len(str(value.numerator)) - len(str(value.denominator))
    return guess - 1 if value < Fraction(10) ** guess else guess


def _decimal(value) -> Fraction | None:
    """An entry as the exact decimal it stands for (a float as its shortest decimal), or None
    when it is not finite."""
    if type(value) is Fraction:
        return value
    if type(value) is int:
        return Fraction(value)
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return Fraction(Decimal(repr(number)))


def exact_equal(got: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Entry-wise equality of an answer read as Fractions with exact expected values.

    ``expected`` holds Fractions where the exact answer is rational and floats where it is not
    (a closed form with exp or log); those entries are compared as in float ``exact`` mode.
    """
    out = np.zeros(expected.shape, dtype=bool)
    for index in np.ndindex(expected.shape):
        want, value = expected[index], got[index]
        if type(want) is Fraction:
            out[index] = value == want
        else:
            out[index] = abs(float(value) - float(want)) <= EXACT_RTOL * max(abs(float(want)), 1.0)
    return out
