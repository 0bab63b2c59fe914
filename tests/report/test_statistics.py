"""The item statistics against closed forms and independent computations."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nngrade.report import statistics

scores = st.lists(st.floats(0, 5, allow_nan=False), min_size=2, max_size=40)


def test_facility_is_the_mean_share_of_the_maximum():
    assert statistics.facility([0, 1, 2, 3], 4) == pytest.approx(1.5 / 4)
    assert statistics.facility([], 4) is None and statistics.facility([1], 0) is None


@given(st.lists(st.tuples(st.floats(0, 3), st.floats(0, 20)), min_size=3, max_size=50))
def test_discrimination_is_pearson_r_of_the_item_and_the_rest(pairs):
    item, rest = zip(*pairs)
    r = statistics.discrimination(item, rest)
    if np.ptp(item) == 0 or np.ptp(rest) == 0:
        assert r is None
    else:
        # r does not change with the unit; numpy's own formula underflows on tiny scores unscaled
        unit = np.asarray(item) / max(item), np.asarray(rest) / max(rest)
        assert r == pytest.approx(np.corrcoef(*unit)[0, 1], abs=1e-9)


@given(st.floats(-50, 50, allow_nan=False))
def test_student_t_matches_the_closed_forms_for_one_and_two_degrees_of_freedom(t):
    # df = 1 is the Cauchy distribution; df = 2 has P(|T| >= t) = 1 - t / sqrt(2 + t^2)
    assert statistics.student_t_two_sided(t, 1) == pytest.approx(1 - 2 / math.pi * math.atan(abs(t)), abs=1e-12)
    assert statistics.student_t_two_sided(t, 2) == pytest.approx(1 - abs(t) / math.sqrt(2 + t * t), abs=1e-12)


def test_student_t_with_many_degrees_of_freedom_is_normal():
    assert statistics.student_t_two_sided(1.959963985, 1e7) == pytest.approx(0.05, rel=1e-5)


def test_welch_on_a_worked_example():
    a, b = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4], \
        [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]
    test = statistics.welch(a, b)
    # Welch's own statistic and Satterthwaite's degrees of freedom, worked out independently
    va, vb = np.var(a, ddof=1) / len(a), np.var(b, ddof=1) / len(b)
    assert test.t == pytest.approx((np.mean(a) - np.mean(b)) / math.sqrt(va + vb))
    assert test.df == pytest.approx((va + vb) ** 2 / (va ** 2 / 14 + vb ** 2 / 14))
    assert test.t == pytest.approx(-2.46, abs=0.005) and test.df == pytest.approx(24.99, abs=0.01)
    assert test.p_value == pytest.approx(0.021, abs=0.0005)


@given(scores, scores)
def test_welch_p_is_a_probability_and_symmetric(a, b):
    forward, backward = statistics.welch(a, b), statistics.welch(b, a)
    assert 0 <= forward.p_value <= 1
    assert forward.p_value == pytest.approx(backward.p_value, abs=1e-12)


def test_welch_where_nothing_varies():
    assert statistics.welch([1, 1, 1], [1, 1]).p_value == 1.0
    assert statistics.welch([1, 1, 1], [0, 0]).p_value == 0.0
    assert statistics.welch([1], [0, 1]) is None


def holm(p_values):
    """Holm's adjustment of fixed p-values, step by step."""
    adjusted, previous = [0.0] * len(p_values), 0.0
    for step, index in enumerate(sorted(range(len(p_values)), key=lambda i: p_values[i])):
        adjusted[index] = previous = statistics.holm_step(p_values[index], step, len(p_values), previous)
    return adjusted


def test_holm_on_a_worked_example():
    assert holm([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.03, 0.06, 0.06, 0.02])


@given(st.lists(st.floats(0, 1), min_size=1, max_size=30))
def test_holm_never_lowers_a_p_value_and_keeps_the_order(p_values):
    adjusted = holm(p_values)
    assert all(p <= a <= 1 for p, a in zip(p_values, adjusted))
    pairs = sorted(zip(p_values, adjusted))
    assert all(first[1] <= second[1] for first, second in zip(pairs, pairs[1:]))


def test_histogram_closes_the_last_bin():
    assert statistics.histogram([0, 0.5, 1, 1, 7], 1, 2) == {"edges": [0.0, 0.5, 1.0], "counts": [1, 4]}
