"""The table of activations and losses: each entry's forms agree with each other.

For every activation, the NumPy form agrees with the exact form, the NumPy derivative with the
exact derivative and with central differences of the function, and a kinked function takes the
negative side's slope at 0. For every loss, the float terms agree with the exact terms, the
value is the averaging factor times their sum, the terms from scores agree with the terms of
the paired activation's predictions, and the slope agrees with central differences.
"""
from __future__ import annotations

import re
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from nngrade.core import maths

ELEMENTWISE = [name for name, entry in maths.ACTIVATIONS.items() if not entry.rowwise]
#: Inputs away from the kink, small enough for every function to stay finite.
Z = st.fractions(min_value=-4, max_value=4, max_denominator=8).filter(lambda z: z != 0)
ALPHA = Fraction(1, 10)


def test_the_contract_names_are_all_there():
    assert tuple(maths.ACTIVATIONS) == ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax", "exp", "sign")
    assert tuple(maths.LOSSES) == ("mse", "sse", "half_sse", "bce", "cross_entropy")
    assert maths.DEFAULT_ALPHA == Fraction(1, 100)


def test_importing_the_table_leaves_sympy_unloaded():
    code = "import sys, nngrade.core.maths; print('sympy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize("name", ELEMENTWISE)
@settings(max_examples=40, deadline=None)
@given(z=Z)
def test_float_forms_agree_with_exact_forms(name, z):
    exact_value = float(maths.exact_phi(name, sp.Rational(z.numerator, z.denominator), sp.Rational(1, 10)))
    exact_slope = float(maths.exact_dphi(name, sp.Rational(z.numerator, z.denominator), sp.Rational(1, 10)))
    assert float(maths.phi(name, float(z), ALPHA)) == pytest.approx(exact_value, rel=1e-12, abs=1e-15)
    assert float(maths.dphi(name, float(z), ALPHA)) == pytest.approx(exact_slope, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("name", [n for n in ELEMENTWISE if n != "sign"])
@settings(max_examples=40, deadline=None)
@given(z=Z)
def test_derivative_is_the_slope_of_the_function(name, z):
    h = 1e-6
    central = (maths.phi(name, float(z) + h, ALPHA) - maths.phi(name, float(z) - h, ALPHA)) / (2 * h)
    assert float(maths.dphi(name, float(z), ALPHA)) == pytest.approx(float(central), rel=1e-6, abs=1e-6)


@pytest.mark.parametrize("name", maths.KINKED)
def test_a_kink_takes_the_negative_sides_slope(name):
    left = float(maths.dphi(name, -1.0, ALPHA))
    assert float(maths.dphi(name, 0.0, ALPHA)) == left
    assert maths.exact_dphi(name, sp.Integer(0), sp.Rational(1, 10)) == maths.exact_dphi(name, sp.Integer(-1), sp.Rational(1, 10))


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "exp", "sign"])
def test_smooth_exact_forms_run_in_mpmath_too(name):
    import mpmath

    with mpmath.workdps(50):
        value = maths.exact_phi(name, mpmath.mpf("0.75"), lib=mpmath)
    assert float(value) == pytest.approx(float(maths.phi(name, 0.75)), rel=1e-14)


def test_softmax_written_both_ways_is_the_same():
    row = [sp.Integer(1), sp.Integer(-2), sp.Rational(1, 2)]
    plain, over_each = maths.exact_softmax(row), maths.exact_softmax(row, over_each=True)
    floats = maths.phi("softmax", [float(v) for v in row])
    for a, b, f in zip(plain, over_each, floats):
        assert float(a) == pytest.approx(float(b), rel=1e-14) == pytest.approx(f, rel=1e-14)


def _predictions(name, rng, rows, cols):
    if name == "cross_entropy":
        scores = rng.normal(size=(rows, cols))
        targets = np.eye(cols)[rng.integers(0, cols, rows)]
        return scores, maths.phi("softmax", scores), targets
    if name == "bce":
        scores = rng.normal(size=(rows, cols))
        return scores, maths.phi("sigmoid", scores), rng.integers(0, 2, (rows, cols)).astype(float)
    yhat = rng.normal(size=(rows, cols))
    return None, yhat, rng.normal(size=(rows, cols))


@pytest.mark.parametrize("name", list(maths.LOSSES))
@pytest.mark.parametrize("shape", [(1, 1), (3, 1), (2, 3)])
def test_loss_forms_agree(name, shape):
    rng = np.random.default_rng(7)
    scores, yhat, y = _predictions(name, rng, *shape)
    entry = maths.loss(name)
    terms = maths.terms(name, yhat, y)
    factor = entry.factor(shape[0], shape[0] * shape[1])
    assert maths.value(name, yhat, y) == pytest.approx(float(factor) * float(np.sum(terms)), rel=1e-14)
    pairs = [(sp.Float(p, 30), sp.Float(t, 30)) for p, t in zip(yhat.ravel(), y.ravel())]
    rows = [([sp.Float(p, 30) for p in prow], [sp.Float(t, 30) for t in trow]) for prow, trow in zip(yhat, y)]
    exact = [float(term) for term in maths.exact_terms(name, pairs, rows)]
    np.testing.assert_allclose(exact, terms.ravel(), rtol=1e-12, atol=1e-14)
    if scores is not None:
        np.testing.assert_allclose(maths.terms_from_scores(name, scores, y), terms, rtol=1e-12)
        assert maths.value(name, yhat, y, scores) == pytest.approx(maths.value(name, yhat, y), rel=1e-12)
        exact_from_scores = [float(t) for zrow, yrow in zip(scores, y)
                             for t in maths.exact_terms_from_scores(name, [sp.Float(v, 30) for v in zrow], list(yrow), sp)]
        per_row = np.array(exact_from_scores).reshape(shape[0], -1).sum(axis=1)
        np.testing.assert_allclose(per_row, np.asarray(terms).reshape(shape[0], -1).sum(axis=1), rtol=1e-12)


@pytest.mark.parametrize("name", list(maths.LOSSES))
def test_loss_slope_is_the_derivative_of_the_value(name):
    rng = np.random.default_rng(3)
    _, yhat, y = _predictions(name, rng, 3, 2)
    slope = maths.slope(name, yhat, y)
    h = 1e-7
    for index in np.ndindex(yhat.shape):
        up, down = yhat.copy(), yhat.copy()
        up[index] += h
        down[index] -= h
        central = (maths.value(name, up, y) - maths.value(name, down, y)) / (2 * h)
        assert slope[index] == pytest.approx(central, rel=1e-5, abs=1e-7)
        exact = maths.exact_slope(name, sp.Float(yhat[index], 30), sp.Float(y[index], 30),
                                  sp.Rational(maths.loss(name).factor(3, 6)))
        assert float(exact) == pytest.approx(slope[index], rel=1e-12)


@pytest.mark.parametrize("name", [n for n, e in maths.LOSSES.items() if e.fused])
def test_a_fused_pair_cancels_to_the_averaged_residual(name):
    """With its paired activation, dL/dz is gradient_constant * (yhat - y): the rule the engines use."""
    rng = np.random.default_rng(5)
    scores, yhat, y = _predictions(name, rng, 2, 3)
    output = maths.loss(name).output
    h = 1e-7
    for index in np.ndindex(scores.shape):
        up, down = scores.copy(), scores.copy()
        up[index] += h
        down[index] -= h
        central = (maths.value(name, maths.phi(output, up), y) - maths.value(name, maths.phi(output, down), y)) / (2 * h)
        constant = float(maths.loss(name).gradient_constant(2, 6))
        assert constant * (yhat - y)[index] == pytest.approx(central, rel=1e-5, abs=1e-8)


@pytest.mark.parametrize("name", list(maths.LOSSES))
def test_a_loss_s_factors_as_tex_are_its_factors(name):
    """The TeX the worked derivations write in front of the sum and of (yhat - y) is the factor
    the solvers multiply by, with the batch's count for N (or n)."""
    entry = maths.LOSSES[name]
    rows, entries = 3, 6
    count = {"N": entries, "n": rows}.get(entry.count)

    assert constant_value(entry.factor_tex, count) == entry.factor(rows, entries)
    assert constant_value(entry.gradient_factor_tex, count) == entry.gradient_constant(rows, entries)


def constant_value(tex: str, count: int) -> Fraction:
    """The number a constant's TeX stands for (``-\\frac{3}{2N}``, ``2``, empty for 1), with ``count`` for N or n."""
    if not tex:
        return Fraction(1)
    found = re.fullmatch(r"(-?)\\frac\{(\d+)\}\{(\d*)([Nn]?)\}", tex)
    if found is None:
        return Fraction(tex)
    sign, numerator, denominator, counted = found.groups()
    value = Fraction(int(numerator), int(denominator or 1) * (count if counted else 1))
    return -value if sign else value


@pytest.mark.parametrize("name", list(maths.LOSSES))
@given(times=st.fractions(min_value=-50, max_value=50, max_denominator=12))
def test_a_loss_s_constant_as_tex_is_any_fraction_times_its_factor(name, times):
    """Not only whole numbers over the count: 3/2 over N is ``\\frac{3}{2N}``, never ``\\frac{3/2}{N}``."""
    entry = maths.LOSSES[name]
    rows, entries = 3, 6
    count = {"N": entries, "n": rows}.get(entry.count)
    assert constant_value(entry.constant_tex(times), count) == times * entry.factor(rows, entries)


@pytest.mark.parametrize("name", list(maths.LOSSES))
def test_a_loss_s_indexed_forms_agree_with_its_batch_forms(name):
    """The indexed TeX the derivations show has the sign and factor of the batch TeX, and its slope
    the sign and constant of the batch slope (``-\\frac{1}{n}`` in front of both)."""
    entry = maths.LOSSES[name]

    def front(tex):
        return re.match(r"-?(\\frac\{\d+\}\{\d*\w?\}|\\frac\d\d|\d+)?", tex.replace(" ", "")).group(0)

    assert front(entry.indexed_tex) == front(entry.tex).replace(r"\frac12", r"\frac{1}{2}")
    assert r"\sum_{i=1}" in entry.indexed_tex
    if entry.indexed_slope is not None:
        assert front(entry.indexed_gradient_tex) == front(entry.gradient_tex)
