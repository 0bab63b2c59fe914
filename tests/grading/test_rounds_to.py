"""Properties of the sigfigs and decimals rules against Python's ``decimal`` rounding.

Expected values are decimals of at most k + 3 significant figures over magnitudes from 1e-290
to 1e290 (so a value is either exactly a tie at k figures or clearly off it); answers are
decimals near them, given as text so that they are read as the decimals they spell.
"""
from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from nngrade.grading import compare, parse
from nngrade.grading.spec import AnswerSpec

PROPERTY = settings(max_examples=400, deadline=None)
figures = st.integers(1, 8)


@st.composite
def expected_and_figures(draw):
    """A nonzero decimal of at most k + 3 figures, as the float key holds it, and k."""
    k = draw(figures)
    digits = draw(st.integers(1, 10 ** (k + 3) - 1))
    exponent = draw(st.integers(-290, 290 - k))
    sign = draw(st.sampled_from([1, -1]))
    return Decimal(sign * digits).scaleb(exponent), k


def sig_round(value: Decimal, k: int, rounding) -> Decimal:
    """``value`` rounded to ``k`` significant figures by the ``decimal`` module."""
    if value == 0:
        return value
    with localcontext() as context:
        context.prec = 60
        return value.quantize(Decimal(1).scaleb(value.adjusted() - k + 1), rounding=rounding)


def unit_of(value: Decimal, k: int) -> Decimal:
    return Decimal(1).scaleb(value.adjusted() - k + 1)


def accepted(answer: Decimal, expected: Decimal, spec: AnswerSpec) -> bool:
    got = parse.exact_numbers(str(answer))
    return bool(compare.close(got, np.asarray(float(expected)), spec))


@PROPERTY
@given(expected_and_figures(), st.data())
def test_rounds_to_matches_decimal_rounding(case, data):
    """Right exactly when the answer, rounded half up, is the expected value rounded half up or
    half to even."""
    expected, k = case
    spec = AnswerSpec("p", mode="sigfigs", sigfigs=k)
    unit = unit_of(expected, k)
    offset = Decimal(data.draw(st.integers(-3000, 3000), label="offset in thousandths of a unit")) / 1000
    answer = expected + offset * unit
    correct = {sig_round(expected, k, ROUND_HALF_UP), sig_round(expected, k, ROUND_HALF_EVEN)}
    assert accepted(answer, expected, spec) == (sig_round(answer, k, ROUND_HALF_UP) in correct)


@PROPERTY
@given(expected_and_figures())
def test_both_decimal_roundings_pass_and_their_neighbours_fail(case):
    expected, k = case
    for rule in ("rounds", "band"):
        spec = AnswerSpec("p", mode="sigfigs", sigfigs=k, rule=rule)
        for rounding in (ROUND_HALF_UP, ROUND_HALF_EVEN):
            right = sig_round(expected, k, rounding)
            assert accepted(right, expected, spec), (rule, right)
        lowest = min(sig_round(expected, k, r) for r in (ROUND_HALF_UP, ROUND_HALF_EVEN))
        highest = max(sig_round(expected, k, r) for r in (ROUND_HALF_UP, ROUND_HALF_EVEN))
        below, above = lowest - unit_of(lowest, k), highest + unit_of(highest, k)
        if abs(below).adjusted() == abs(lowest).adjusted():  # stays on the same k-figure grid
            assert not accepted(below, expected, spec), (rule, below)
        assert not accepted(above, expected, spec), (rule, above)


@PROPERTY
@given(expected_and_figures())
def test_the_edges_of_the_band_are_excluded(case):
    """Exactly half a unit from a k-figure value is never inside the band; under the rounding
    rule the upper edge (away from zero) rounds to the next value and is wrong too."""
    expected, k = case
    value = sig_round(expected, k, ROUND_HALF_UP)
    half = unit_of(value, k) / 2
    away, toward = value + half.copy_sign(value), value - half.copy_sign(value)
    assert not accepted(away, value, AnswerSpec("p", mode="sigfigs", sigfigs=k))
    assert not accepted(away, value, AnswerSpec("p", mode="sigfigs", sigfigs=k, rule="band"))
    if abs(toward).adjusted() == abs(value).adjusted():
        assert not accepted(toward, value, AnswerSpec("p", mode="sigfigs", sigfigs=k, rule="band"))


@PROPERTY
@given(st.integers(-10**9, 10**9), st.integers(0, 6), st.integers(-3000, 3000))
def test_decimals_mode_matches_decimal_quantize(scaled, places, offset):
    expected = Decimal(scaled).scaleb(-places - 2)
    answer = expected + Decimal(offset).scaleb(-places - 3)
    step = Decimal(1).scaleb(-places)
    correct = {expected.quantize(step, rounding=r) for r in (ROUND_HALF_UP, ROUND_HALF_EVEN)}
    spec = AnswerSpec("p", mode="decimals", decimals=places)
    assert accepted(answer, expected, spec) == (answer.quantize(step, rounding=ROUND_HALF_UP) in correct)


@PROPERTY
@given(expected_and_figures())
def test_a_tiny_or_huge_expected_value_gets_no_floor(case):
    """Only an expected 0 has a floor: 0 is wrong for any nonzero value, however small."""
    expected, k = case
    for rule in ("rounds", "band"):
        spec = AnswerSpec("p", mode="sigfigs", sigfigs=k, rule=rule)
        assert not accepted(Decimal(0), expected, spec)
        assert not accepted(expected * 2, expected, spec)


@PROPERTY
@given(st.floats(-1e-6, 1e-6, allow_nan=False), st.integers(1, 8))
def test_the_zero_floor(answer, k):
    for rule in ("rounds", "band"):
        spec = AnswerSpec("p", mode="sigfigs", sigfigs=k, rule=rule)
        assert bool(compare.close(np.asarray(answer), np.asarray(0.0), spec)) == (abs(answer) <= compare.NOISE_FLOOR)
