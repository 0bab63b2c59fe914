"""The one walk over a polynomial's terms, and the two spellings built on it."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nngrade.core.polynomial_terms import joined, signed_terms

COEFFICIENTS = st.lists(st.integers(-50, 50), min_size=1, max_size=7)


def test_the_terms_skip_zeros_and_bare_ones_highest_power_first():
    terms = signed_terms([5, -1, 0, 3, 1], power=lambda n: f"x**{n}", times="*")
    assert terms == [(False, "x**4"), (False, "3*x**3"), (True, "x"), (False, "5")]
    assert signed_terms([0, 0], power=str, times="*") == []


def test_the_sum_leads_with_its_sign_and_writes_no_terms_as_zero():
    assert joined([(True, "4 x"), (False, "1")], lead="- ") == "- 4 x + 1"
    assert joined([(True, "7"), (True, "x")]) == "-7 - x"
    assert joined([]) == "0"


@settings(max_examples=300)
@given(COEFFICIENTS)
def test_the_text_spelling_is_the_polynomial(coefficients):
    sympy = pytest.importorskip("sympy")
    from nngrade.core.expression import parse
    from nngrade.generators.gd_univariate import polynomial_text

    x = sympy.Symbol("x", real=True)  # as parse reads it
    assert sympy.expand(parse(polynomial_text(coefficients)) - sum(c * x**n for n, c in enumerate(coefficients))) == 0
