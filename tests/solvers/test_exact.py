"""The contract's exact strings: a rational is written as sympy's printer writes it, also where
exact_string writes it without the printer."""
from __future__ import annotations

from fractions import Fraction

import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from nngrade.solvers.exact import exact_string


@given(st.fractions())
def test_a_rational_is_written_as_sympy_prints_it(value: Fraction):
    rational = sp.Rational(value.numerator, value.denominator)
    assert exact_string(rational) == exact_string(value) == sp.sstr(rational, order="none")
    assert sp.Rational(exact_string(value)) == rational
