"""Real values of expressions: enclosures hold the true value, the real domain is respected,
and the guards keep huge values cheap."""
from __future__ import annotations

import time
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nngrade.core import expression, real_values

TEXTS = ("exp(x)*sin(3*x) - log(x**2 + 1)", "tanh(x/2)**3 + sqrt(x**2 + 2)", "1/(1 + exp(-x)) - cos(x)**2",
         "tan(x/7) + (x**2 + 1)**(1/3)")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(TEXTS), st.fractions(-20, 20, max_denominator=10**6))
def test_the_enclosure_holds_the_true_value(text, at):
    expr = expression.parse(text)
    x = sorted(expr.free_symbols, key=str)[0]
    enclosure = real_values.enclosure(expr, {x: real_values.point(at, 128)}, 128)
    low, high = real_values.bounds(enclosure)
    with mpmath.workdps(60):
        true = expr.evalf(60, subs={x: expression.parse(f"{at.numerator}/{at.denominator}")})
        assert mpmath.mpf(low.numerator) / low.denominator <= mpmath.mpf(str(true)) <= \
            mpmath.mpf(high.numerator) / high.denominator
    assert high - low < Fraction(1, 2**90) * (1 + abs(high))


@pytest.mark.parametrize("text,at", [("sqrt(x)", -1), ("log(x)", 0), ("1/x", 0), ("x**(1/3)", -8),
                                     ("log(x - 2)", 1)])
def test_outside_the_real_domain_there_is_no_value(text, at):
    expr = expression.parse(text)
    x = sorted(expr.free_symbols, key=str)[0]
    assert real_values.enclosure(expr, {x: real_values.point(Fraction(at), 128)}, 128) is None
    assert np.isnan(real_values.floats(expr, {x: float(at)}))


def test_guards_keep_huge_values_cheap():
    expr = expression.parse("exp(exp(exp(exp(exp(x))))) + sin(exp(exp(10**30*x)))")
    x = sorted(expr.free_symbols, key=str)[0]
    start = time.perf_counter()
    enclosure = real_values.enclosure(expr, {x: real_values.point(Fraction(1, 2), 2048)}, 2048)
    assert time.perf_counter() - start < 0.5
    assert real_values.excludes_zero(enclosure) and not real_values.finite(enclosure)
    tiny = real_values.enclosure(expression.parse("exp(-exp(10**30*x))"), {x: real_values.point(Fraction(1), 128)}, 128)
    low, high = real_values.bounds(tiny)
    assert low == 0 and 0 < high < Fraction(1, 10**28000)


def test_floats_are_nan_on_overflow_and_vectorised():
    expr = expression.parse("exp(exp(x))")
    x = sorted(expr.free_symbols, key=str)[0]
    values = real_values.floats(expr, {x: np.array([0.0, 1000.0])})
    assert values[0] == pytest.approx(np.e) and np.isnan(values[1])
