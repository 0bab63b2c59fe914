"""Comparison modes: tolerance with an absolute floor, significant figures, decimals, exact."""
from __future__ import annotations

import math
from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nngrade.exercises.keys import round_sigfigs
from nngrade.grading import compare, parse
from nngrade.grading.spec import AnswerSpec

TOL = AnswerSpec("p")
SIG = AnswerSpec("p", mode="sigfigs", sigfigs=3)
DEC = AnswerSpec("p", mode="decimals", decimals=2)
EXACT = AnswerSpec("p", mode="exact")
values = st.floats(-1e6, 1e6, allow_nan=False).filter(lambda v: abs(v) > 1e-6)


def ok(got, expected, spec, slack=0.0) -> bool:
    return bool(np.all(compare.close(np.asarray(got), np.asarray(expected), spec, slack)))


def test_tolerance_relative_and_absolute_floor():
    assert ok(100.4, 100.0, TOL) and not ok(100.6, 100.0, TOL)
    assert ok(0.0004, 0.0, TOL) and not ok(0.0006, 0.0, TOL)
    assert ok(1.0, 0.5, TOL, slack=0.6) and not ok(1.0, 0.5, TOL, slack=0.4)


def test_slack_is_per_entry():
    assert list(compare.close(np.array([1.1, 2.1]), np.array([1.0, 2.0]), TOL, np.array([0.2, 0.0]))) == [True, False]


@settings(max_examples=200, deadline=None)
@given(values, st.integers(1, 6))
def test_rounded_to_k_figures_is_accepted_in_sigfigs_mode(value, k):
    spec = AnswerSpec("p", mode="sigfigs", sigfigs=k)
    for ties in ("up", "even"):
        assert ok(round_sigfigs(value, k, ties), value, spec)


@settings(max_examples=200, deadline=None)
@given(values, st.integers(1, 6))
def test_off_by_more_than_half_a_unit_fails_under_the_band_rule(value, k):
    spec = AnswerSpec("p", mode="sigfigs", sigfigs=k, rule="band")
    unit = 10.0 ** (math.floor(math.log10(abs(value))) - k + 1)
    assert not ok(value + 0.6 * unit, value, spec) and not ok(value - 0.6 * unit, value, spec)


@settings(max_examples=200, deadline=None)
@given(values)
def test_rounded_to_three_figures_is_accepted_by_the_default_tolerance(value):
    assert ok(round_sigfigs(value, 3, "up"), value, TOL)


@pytest.mark.parametrize("rule", ["rounds", "band"])
def test_sigfigs_accepts_both_roundings_of_a_tie(rule):
    spec = AnswerSpec("p", mode="sigfigs", sigfigs=2, rule=rule)
    assert not ok(0.13, 0.1245, spec)
    assert ok(0.12, 0.125, spec) and ok(0.13, 0.125, spec)
    assert ok(0.12, 0.12500000000000003, spec), "float noise in the key does not break a tie"
    assert not ok(0.11, 0.125, spec) and not ok(0.14, 0.125, spec)


@pytest.mark.parametrize("rule", ["rounds", "band"])
@pytest.mark.parametrize("got, expected, spec", [
    (9.5, 10, AnswerSpec("p", mode="sigfigs", sigfigs=2)),
    (10.5, 10, AnswerSpec("p", mode="sigfigs", sigfigs=2)),
    (82.5, 82, AnswerSpec("p", mode="sigfigs", sigfigs=2)),
    (0.095, 0.1, AnswerSpec("p", mode="sigfigs", sigfigs=2)),
    (0.105, 0.1, AnswerSpec("p", mode="sigfigs", sigfigs=2)),
    (2.005, 2.0, AnswerSpec("p", mode="decimals", decimals=2)),
])
def test_the_half_unit_edge_is_excluded(got, expected, spec, rule):
    """An answer on the edge is another k-figure number, or rounds (half away from zero) to one."""
    assert not ok(got, expected, replace(spec, rule=rule))
    assert not ok(parse.exact_numbers(str(got)), expected, replace(spec, rule=rule))


@pytest.mark.parametrize("got, expected, spec", [
    (81.5, 82, AnswerSpec("p", mode="sigfigs", sigfigs=2)),
    (-82.5, -83, AnswerSpec("p", mode="sigfigs", sigfigs=2)),
    (1.995, 2.0, AnswerSpec("p", mode="decimals", decimals=2)),
])
def test_the_lower_edge_rounds_to_the_expected_value(got, expected, spec):
    """81.5 rounds half up to 82: right by rounding, though on the band's (excluded) edge."""
    assert ok(got, expected, spec) and not ok(got, expected, replace(spec, rule="band"))


@pytest.mark.parametrize("rule", ["rounds", "band"])
def test_a_tiny_expected_value_is_graded_at_its_own_scale(rule):
    spec = AnswerSpec("p", mode="sigfigs", sigfigs=4, rule=rule)
    assert ok(6.626e-34, 6.62607015e-34, spec)
    assert not ok(0.0, 6.62607015e-34, spec) and not ok(6.627e-34, 6.62607015e-34, spec)
    assert not ok(1e-40, 6.62607015e-34, spec)


@pytest.mark.parametrize("rule", ["rounds", "band"])
def test_the_zero_floor_applies_where_the_expected_value_is_zero(rule):
    spec = AnswerSpec("p", mode="sigfigs", sigfigs=3, rule=rule)
    assert ok(0.0, 0.0, spec) and ok(1e-17, 0.0, spec) and ok(-1e-13, 0.0, spec)
    assert not ok(1e-11, 0.0, spec) and not ok(0.001, 0.0, spec)
    # float noise of an exact 0 beside the other entries of the same answer
    assert list(compare.close(np.array([0.0, 2.0]), np.array([5.6e-17, 2.0]), spec)) == [True, True]


def test_the_two_rules_differ_where_the_band_and_the_rounding_disagree():
    rounds, band = (AnswerSpec("p", mode="sigfigs", sigfigs=4, rule=rule) for rule in ("rounds", "band"))
    # 3.1412 is within half a unit of pi's 4th figure but rounds to 3.141, not 3.142
    assert ok(3.1412, math.pi, band) and not ok(3.1412, math.pi, rounds)
    # 3.1424 rounds to pi's 3.142 but is more than half a unit away from pi
    assert ok(3.1424, math.pi, rounds) and not ok(3.1424, math.pi, band)


def test_the_slack_widens_the_roundings_accepted():
    spec = AnswerSpec("p", mode="sigfigs", sigfigs=3)
    assert not ok(1.24, 1.234, spec)
    assert ok(1.24, 1.234, spec, slack=0.002) and not ok(1.25, 1.234, spec, slack=0.002)


def test_decimals_mode():
    assert ok(3.14, math.pi, DEC) and not ok(3.145, math.pi, DEC) and not ok(3.15, math.pi, DEC)
    assert ok(3.1449, math.pi, DEC) and ok(3.145, math.pi, replace(DEC, rule="band"))
    assert ok(0.004, 0.0, DEC) and not ok(0.006, 0.0, DEC) and not ok(0.005, 0.0, DEC)


def test_exact_mode_on_floats_allows_representation_only():
    assert ok(0.1 + 0.2, 0.3, EXACT) and not ok(0.3 + 1e-9, 0.3, EXACT)


def test_exact_equal_on_fractions_and_on_irrational_entries():
    got = np.array([Fraction(1, 3), Fraction(1, 2), Fraction(0.7310585786300049)], dtype=object)
    want = np.array([Fraction(1, 3), Fraction(2, 3), 0.7310585786300049], dtype=object)
    assert list(compare.exact_equal(got, want)) == [True, False, True]
    assert not compare.exact_equal(np.array([Fraction(3333, 10000)], dtype=object),
                                   np.array([Fraction(1, 3)], dtype=object))[0]


@pytest.mark.parametrize("spec", [TOL, SIG, DEC, EXACT])
def test_non_finite_never_passes(spec):
    assert not ok(np.nan, 1.0, spec) and not ok(np.inf, 1.0, spec)


@settings(max_examples=300, deadline=None)
@given(got=st.floats(-1e6, 1e6, allow_nan=False), expected=st.floats(-1e6, 1e6, allow_nan=False),
       slack=st.floats(0, 1e3), spec=st.sampled_from([TOL, SIG, DEC, replace(SIG, rule="band"),
                                                      replace(DEC, rule="band"), EXACT]))
def test_slack_only_widens_what_is_accepted(got, expected, slack, spec):
    """The grader looks at a part's rounding slack only where an entry fails without it
    (:func:`nngrade.grading.grade._grade_numeric`): that is sound because every mode accepts,
    with slack, everything it accepts without."""
    if ok(got, expected, spec):
        assert ok(got, expected, spec, slack)
