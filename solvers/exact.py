"""Exact arithmetic helpers: sympy values from params, contract strings and floats from them.

Transcendental answers (sigmoid, exp, log) keep their closed form while it is short; a long one
is replaced by a 60-digit decimal computed from the exact inputs, so the contract's "at least 30
correct significant digits" holds with a wide margin and expressions do not blow up through a
network.
"""
from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import sympy as sp

from nngrade.core.params import ParamError

from . import latex

#: Working precision, in significant digits, of decimals that stand for long closed forms.
PRECISION = 60
#: Digits printed for such decimals (the contract asks for at least 30 correct ones).
PRINTED_DIGITS = 40
#: A closed form longer than this many characters is replaced by its decimal.
MAX_CLOSED_FORM = 40


def sym(value) -> sp.Expr:
    """A sympy number from an exact param value (Fraction or int) or a sympy expression."""
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int):
        return sp.Integer(value)
    if isinstance(value, sp.Basic):
        return value
    raise TypeError(f"not an exact number: {value!r}")


def matrix(rows) -> sp.Matrix:
    """A sympy Matrix from a list of rows of exact values."""
    return sp.Matrix([[sym(entry) for entry in row] for row in rows])


def column(entries) -> sp.Matrix:
    """A sympy column vector from a flat list of exact values."""
    return sp.Matrix([[sym(entry)] for entry in entries])


def settle(value: sp.Expr) -> sp.Expr:
    """Keep ``value`` if it is rational or a short closed form, else its 60-digit decimal."""
    if value.is_Rational or value.is_Float:
        return value
    if len(sp.sstr(value)) <= MAX_CLOSED_FORM:
        return value
    return sp.Float(value.evalf(PRECISION), PRECISION)


def settle_matrix(values: sp.Matrix) -> sp.Matrix:
    """:func:`settle` applied to every entry."""
    return values.applyfunc(settle)


def as_nested(value) -> Any:
    """Nested Python lists from sympy matrices (lists of lists) and lists of them."""
    if isinstance(value, sp.MatrixBase):
        return [list(row) for row in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [as_nested(item) for item in value]
    return value


def exact_string(value) -> Any:
    """The contract's exact form: a string sympy parses back to the value (nested like it)."""
    if isinstance(value, (list, tuple)):
        return [exact_string(item) for item in value]
    if isinstance(value, sp.MatrixBase):
        return exact_string(as_nested(value))
    if isinstance(value, (bool, str)) or value is None:
        return value
    if isinstance(value, int):
        return str(value)
    value = sym(value)
    if value.is_Rational:  # as sympy prints it (-3/4, 5), without its printer
        return str(value.p) if value.q == 1 else f"{value.p}/{value.q}"
    if value.is_Float:
        return _float_text(value)
    if not value.free_symbols and not value.is_Rational and len(sp.sstr(value)) > MAX_CLOSED_FORM:
        return _float_text(sp.Float(value.evalf(PRECISION), PRECISION))
    # Numbers keep the order they were built in (1/(1 + exp(-1)), as the contract spells it);
    # expressions in a variable print in sympy's usual order (6*x - 4).
    return sp.sstr(value) if value.free_symbols else sp.sstr(value, order="none")


#: Largest denominator of a rational recognised inside a working-precision decimal.
MAX_RECOVERED_DENOMINATOR = 10**6
#: Magnitudes of decimals checked for a short rational: a nonzero p/q with q <= 10**6 is at least
#: 10**-6; above 10**30 the 40 printed digits leave no room for a fraction part.
RECOVERABLE = (sp.Rational(1, MAX_RECOVERED_DENOMINATOR), sp.Integer(10) ** 30)


def _float_text(value: sp.Float) -> str:
    """A decimal that is really a short rational (sigmoid(0) - 1 = -1/2) prints as that rational;
    any other prints with its 40 significant digits, so it is visibly a decimal, not a rounding."""
    from fractions import Fraction

    text = sp.sstr(value.evalf(PRINTED_DIGITS), full_prec=True)
    if value != 0 and not RECOVERABLE[0] <= abs(value) <= RECOVERABLE[1]:
        return text  # no short rational is this small, and reading a huge exponent as a Fraction takes for ever
    candidate = Fraction(text).limit_denominator(MAX_RECOVERED_DENOMINATOR)
    exact = sp.Rational(candidate.numerator, candidate.denominator)
    if exact == 0 and value == 0 or exact != 0 and abs((value - exact) / exact) < sp.Float(10) ** (15 - PRECISION):
        return str(exact)
    return text


def float_value(value) -> Any:
    """The contract's ``value``: floats for numbers, nested like the answer.

    A number beyond the float range (exp(800)), or one that is not finite, raises
    :class:`ParamError`: the contract's ``value`` could not hold it. Expressions with free symbols (a derivative ``6*x - 4``) are given as their text; booleans,
    ints that label things, and strings pass through.
    """
    if isinstance(value, (list, tuple)):
        return [float_value(item) for item in value]
    if isinstance(value, sp.MatrixBase):
        return float_value(as_nested(value))
    if isinstance(value, (bool, str)) or value is None:
        return value
    if isinstance(value, int):
        return value
    value = sym(value)
    if value.free_symbols:
        return sp.sstr(value)
    approx = float(latex.approximate(value))
    if not math.isfinite(approx):
        raise ParamError(f"an answer, about {latex.figures(latex.approximate(value), 4)}, is beyond the range of "
                         "floating-point numbers (about 1.8e308): use smaller inputs")
    return approx
