"""Comparison modes: tolerance with an absolute floor, significant figures, decimals, exact."""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nngrade.exercises.keys import round_sigfigs
from nngrade.grading import compare
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
def test_off_by_one_unit_in_the_last_figure_fails_in_sigfigs_mode(value, k):
    spec = AnswerSpec("p", mode="sigfigs", sigfigs=k)
    unit = 10.0 ** (math.floor(math.log10(abs(value))) - k + 1)
    assert not ok(value + 0.6 * unit, value, spec) and not ok(value - 0.6 * unit, value, spec)


@settings(max_examples=200, deadline=None)
@given(values)
def test_rounded_to_three_figures_is_accepted_by_the_default_tolerance(value):
    assert ok(round_sigfigs(value, 3, "up"), value, TOL)


def test_sigfigs_accepts_both_roundings_of_a_tie():
    assert not ok(0.13, 0.1245, AnswerSpec("p", mode="sigfigs", sigfigs=2))
    assert ok(0.12, 0.125, AnswerSpec("p", mode="sigfigs", sigfigs=2))
    assert ok(0.13, 0.125, AnswerSpec("p", mode="sigfigs", sigfigs=2))


def test_decimals_mode():
    assert ok(3.14, math.pi, DEC) and ok(3.145, math.pi, DEC) and not ok(3.15, math.pi, DEC)
    assert ok(0.004, 0.0, DEC) and not ok(0.006, 0.0, DEC)


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
