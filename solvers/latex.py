"""LaTeX for the worked steps: numbers, vectors, matrices and products written out.

Templates never build LaTeX themselves; solvers print every fragment here, so a number looks
the same in every step and every output format.
"""
from __future__ import annotations

from fractions import Fraction

import sympy as sp

from nngrade.core.numbers import is_decimal

#: Decimals shown for a value that is not a short exact number.
SHOWN_DIGITS = 4


def number(value) -> str:
    """A number as a student would write it: ``3``, ``-0.25``, ``\\frac{2}{3}``, ``0.7311``."""
    if isinstance(value, Fraction):
        value = sp.Rational(value.numerator, value.denominator)
    elif isinstance(value, int) and not isinstance(value, bool):
        value = sp.Integer(value)
    if value.is_Integer:
        return str(int(value))
    if value.is_Rational:
        fraction = Fraction(int(value.p), int(value.q))
        if is_decimal(fraction, 4):
            text = format(float(fraction), "f").rstrip("0").rstrip(".")
            return text
        sign = "-" if fraction < 0 else ""
        return f"{sign}\\frac{{{abs(fraction.numerator)}}}{{{fraction.denominator}}}"
    if value.free_symbols:
        return sp.latex(value)
    approx = float(value.evalf(30))
    return f"{approx:.{SHOWN_DIGITS}f}".rstrip("0").rstrip(".") if abs(approx) >= 1e-4 else f"{approx:.4e}"


def signed(value) -> str:
    """A number wrapped in parentheses when negative, for use inside sums and products."""
    text = number(value)
    return f"({text})" if text.startswith("-") else text


def matrix(rows) -> str:
    """A pmatrix of numbers (or of ready LaTeX strings)."""
    body = r" \\ ".join(" & ".join(_cell(entry) for entry in row) for row in rows)
    return r"\begin{pmatrix} " + body + r" \end{pmatrix}"


def column(entries) -> str:
    """A column vector."""
    return matrix([[entry] for entry in entries])


def row(entries) -> str:
    """A row vector."""
    return matrix([list(entries)])


def nested(value) -> str:
    """A matrix for a list of rows, a row vector for a flat list, a number otherwise."""
    if isinstance(value, sp.MatrixBase):
        return matrix(value.tolist())
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (list, tuple)):
            return matrix(value)
        return column(value)
    return number(value)


def _cell(entry) -> str:
    return entry if isinstance(entry, str) else number(entry)
