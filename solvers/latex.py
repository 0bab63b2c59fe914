"""LaTeX for the worked steps: numbers, vectors, matrices and products written out.

Templates never build LaTeX themselves; solvers print every fragment here, so a number looks
the same in every step and every output format.
"""
from __future__ import annotations

from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal
from fractions import Fraction

import sympy as sp

from nngrade.core.numbers import is_decimal
from nngrade.core.params import ParamError

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
        if is_decimal(fraction, 4):  # the denominator divides 10**4: the decimal digits are exact integers
            scaled = fraction.numerator * (10**4 // fraction.denominator)
            digits = Decimal(scaled).scaleb(-4, Context(prec=len(str(scaled)) + 1, Emax=MAX_EMAX, Emin=MIN_EMIN))
            return format(digits, "f").rstrip("0").rstrip(".")
        sign = "-" if fraction < 0 else ""
        return f"{sign}\\frac{{{abs(fraction.numerator)}}}{{{fraction.denominator}}}"
    if value.free_symbols:
        return sp.latex(value)
    approx = approximate(value)
    if 1e-4 <= approx.copy_abs() < 1e15:
        return f"{float(approx):.{SHOWN_DIGITS}f}".rstrip("0").rstrip(".")
    return scientific(figures(approx, SHOWN_DIGITS + 1))


def approximate(value) -> Decimal:
    """A real number as a 30-digit Decimal, whatever its size (a float would overflow past 1e308).

    Raises :class:`ParamError` for a value that is not a finite real number (an infinite loss
    where a probability rounded to 0), so the caller gets one line instead of a traceback.
    """
    approx = sp.sympify(value).evalf(30)
    if not (approx.is_real and approx.is_finite and approx.is_number):
        raise ParamError(f"a value of the solution is not a finite real number ({approx})")
    if approx == 0 or abs(approx) < TINY:
        return Decimal(0)
    if abs(approx) > HUGE:
        raise ParamError(f"a value of the solution is too large to work with (about {sp.sstr(approx.evalf(3))})")
    return Decimal(sp.sstr(approx, full_prec=True))


#: Magnitudes beyond which a value is shown as 0, or refused as too large (a Decimal holds them all).
TINY, HUGE = sp.Float("1e-100000"), sp.Float("1e100000")


#: Magnitudes a float holds with full precision; numbers outside are formatted as Decimals.
FLOAT_RANGE = (Decimal("1e-300"), Decimal("1e300"))


def figures(approx: Decimal, count: int) -> str:
    """``approx`` to ``count`` significant figures, as Python's ``g`` format writes a float
    (``0.7311``, ``1.234e-05``); beyond a float's range, in e-notation from the Decimal itself."""
    if approx == 0 or FLOAT_RANGE[0] < approx.copy_abs() < FLOAT_RANGE[1]:
        return f"{float(approx):.{count}g}"
    return f"{approx:.{count - 1}e}"


def scientific(text: str) -> str:
    """``2.718e+347`` as ``2.718 \\times 10^{347}`` (Python's e-notation as LaTeX); other text as it is."""
    if "e" not in text:
        return text
    mantissa, power = text.split("e")
    return rf"{mantissa} \times 10^{{{int(power)}}}"


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
    """A matrix for a list of rows, a column vector for a flat list (a vector is a column in the
    worked steps), a number otherwise."""
    if isinstance(value, sp.MatrixBase):
        return matrix(value.tolist())
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (list, tuple)):
            return matrix(value)
        return column(value)
    return number(value)


def _cell(entry) -> str:
    return entry if isinstance(entry, str) else number(entry)
