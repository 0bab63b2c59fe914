"""Numeric comparison modes: relative + absolute tolerance, significant figures, decimals, exact.

Each mode returns a boolean array (one entry per number) so that per-entry partial credit and
all-or-nothing credit share one code path. Every mode except ``exact`` also accepts the rounding
``slack`` of the answer key (the drift of an answer worked by hand with rounded intermediates).

- ``tolerance``: ``|got - expected| <= atol + rtol * |expected| + slack``.
- ``sigfigs`` and ``decimals`` have two rules (``AnswerSpec.rule``), both computed in decimal
  arithmetic on the decimals that the numbers stand for (a float is read as its shortest
  decimal), so a value on an edge falls on the side the arithmetic says, not the side float
  error puts it:

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

from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext
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
#: Digits of the decimal arithmetic of the rounding rules: number text is at most 80 characters
#: and floats have at most 17 figures, so these are exact, and a fraction such as 1/3 is never
#: mistaken for a tie.
PRECISION = 120
_CONTEXT = Context(prec=PRECISION, rounding=ROUND_HALF_EVEN, Emax=MAX_EMAX, Emin=MIN_EMIN)
_TIES = {"away": ROUND_HALF_UP, "even": ROUND_HALF_EVEN}
_FLOOR = Decimal(repr(NOISE_FLOOR))
_NOISE = Decimal(repr(KEY_NOISE))
_ONE = Decimal(1)


def close(got: np.ndarray, expected: np.ndarray, spec: AnswerSpec, slack=0.0) -> np.ndarray:
    """Entry-wise: is ``got`` acceptable for ``expected`` under the spec's mode?

    ``got`` holds floats, or (``sigfigs`` and ``decimals`` modes) the exact Fractions the answer
    was read as. ``slack`` is extra absolute tolerance (scalar or array like ``expected``).
    """
    if spec.mode in ("sigfigs", "decimals"):
        with localcontext(_CONTEXT):
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


def round_figures(value: Decimal, figures: int, ties: str) -> Decimal:
    """``value`` rounded to ``figures`` significant figures, exactly; a value exactly halfway goes
    ``away`` from zero (as by hand, ROUND_HALF_UP) or to the ``even`` neighbour (NumPy's and
    Python's round, ROUND_HALF_EVEN)."""
    if not value:
        return value
    return _quantized(value, value.adjusted() - figures + 1, ties)


def round_places(value: Decimal, places: int, ties: str) -> Decimal:
    """``value`` rounded to ``places`` decimal places, exactly (``ties`` as in :func:`round_figures`)."""
    return _quantized(value, -places, ties)


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
    slacks = np.broadcast_to(np.asarray(slack, dtype=float), expected.shape).ravel().tolist()
    answers = np.asarray(got).ravel().tolist()
    finite = np.abs(expected[np.isfinite(expected)])
    zero_below = _NOISE * _decimal(float(finite.max())) if finite.size else _ONE - _ONE
    judge = _rounds_to if spec.rule == "rounds" else _within_band
    out = []
    for got_entry, want_entry, slack_entry in zip(answers, expected.ravel().tolist(), slacks):
        answer, want, extra = _decimal(got_entry), _decimal(want_entry), _decimal(slack_entry)
        if answer is None or want is None or extra is None:
            out.append(False)
        elif spec.mode == "sigfigs" and abs(want) <= zero_below:
            out.append(abs(answer) <= _FLOOR + extra or (
                spec.rule == "rounds" and _rounds_to(answer, want * 0, extra, spec)))
        else:
            out.append(judge(answer, want, extra, spec))
    return np.array(out, dtype=bool).reshape(expected.shape)


def _rounds_to(answer: Decimal, want: Decimal, slack: Decimal, spec: AnswerSpec) -> bool:
    """The answer's rounding (half away from zero) is a rounding of a value within ``slack`` of
    ``want``, rounded half away from zero or half to even."""
    want = _denoised(want, spec)
    lowest = min(_roundings(want - slack, spec))
    highest = max(_roundings(want + slack, spec))
    return lowest <= _rounded(answer, spec, "away") <= highest


def _within_band(answer: Decimal, want: Decimal, slack: Decimal, spec: AnswerSpec) -> bool:
    """Strictly within half a unit (plus slack), or one of the expected value's roundings
    (``want`` is not 0 in ``sigfigs`` mode: the caller handles an expected 0)."""
    want = _denoised(want, spec)
    if abs(answer - want) < _unit(want, spec) / 2 + slack:
        return True
    return answer in _roundings(want, spec)


def _denoised(want: Decimal, spec: AnswerSpec) -> Decimal:
    """``want``, or the multiple of half a unit it is within the key's float noise of: the twin
    computes 0.125 as 0.12500000000000003, which is meant as the tie, and 0.3 as
    0.30000000000000004, which is meant as 0.3."""
    if not want:
        return want
    half = _unit(want, spec) / 2
    nearest = (want / half).quantize(_ONE, rounding=ROUND_HALF_EVEN) * half
    return nearest if abs(want - nearest) <= _NOISE * abs(want) else want


def _roundings(value: Decimal, spec: AnswerSpec) -> tuple[Decimal, Decimal]:
    """``value`` rounded half away from zero and half to even (the two differ only at a tie)."""
    return _rounded(value, spec, "away"), _rounded(value, spec, "even")


def _unit(value: Decimal, spec: AnswerSpec) -> Decimal:
    """One unit in the last place the spec asks for, at ``value`` (nonzero in ``sigfigs`` mode)."""
    places = spec.sigfigs - 1 - value.adjusted() if spec.mode == "sigfigs" else spec.decimals
    return _ONE.scaleb(-places)


def _rounded(value: Decimal, spec: AnswerSpec, ties: str) -> Decimal:
    if spec.mode == "sigfigs":
        return round_figures(value, spec.sigfigs, ties)
    return round_places(value, spec.decimals, ties)


def _quantized(value: Decimal, exponent: int, ties: str) -> Decimal:
    """``value`` rounded to a multiple of ``10**exponent``, with as many digits as that needs."""
    digits = max(PRECISION, value.adjusted() - exponent + 2)
    context = _CONTEXT if digits == PRECISION else Context(prec=digits, Emax=MAX_EMAX, Emin=MIN_EMIN)
    return value.quantize(_ONE.scaleb(exponent), rounding=_TIES[ties], context=context)


def _decimal(value) -> Decimal | None:
    """An entry as the decimal it stands for (a float as its shortest decimal, a Fraction to
    ``PRECISION`` digits), or None when it is not finite."""
    if type(value) is Fraction:
        return Decimal(value.numerator) / Decimal(value.denominator)
    if type(value) is int:
        return Decimal(value)
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return Decimal(repr(number))


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
