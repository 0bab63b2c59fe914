"""LaTeX for the worked steps: numbers, vectors, matrices and products written out.

Templates never build LaTeX themselves; solvers print every fragment here, so a number looks
the same in every step and every output format.

How a number that is not a short exact decimal is written is the course's choice, a
:class:`NumberStyle` set per problem set or assignment (``numbers: {style: both, sigfigs: 4}``)
and made current with :func:`number_style` while a problem is solved and rendered:

- ``fraction`` (the default): short exact fractions (``-\\frac{64}{15}``), other values as
  decimals;
- ``decimal``: decimals rounded half up to ``sigfigs`` significant figures, the way the seed notes
  print them (``-4.267``, ``1.427``);
- ``both``: a short fraction and its decimal (``-\\frac{64}{15} \\approx -4.267``).

Exact decimals of up to four places (``0.32``, ``-1.6``) are always written as they are, and a
fraction is "short" when a student would work with it by hand: a numerator below 1000 and a
denominator below 100 (``-92/75`` is, ``-7931/5625`` is not).
"""
from __future__ import annotations

import re
import sys
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from functools import lru_cache

from nngrade.core.number_style import NumberStyle, current_style, number_style  # noqa: F401 (re-exported)
from nngrade.core.numbers import is_decimal
from nngrade.core.params import ParamError
from nngrade.core.polynomial_terms import joined, signed_terms

#: Largest numerator and denominator (exclusive) of a fraction written as a fraction.
SHORT_NUMERATOR, SHORT_DENOMINATOR = 1000, 100
#: Decimal places an exact decimal may have and still be written exactly.
EXACT_PLACES = 4


def number(value) -> str:
    """A number as a lecturer would write it, in the current :class:`NumberStyle`: ``3``,
    ``-0.25``, ``\\frac{2}{3}`` or ``0.6667`` or both, ``0.7311``.

    Ints and Fractions are written without sympy (a notebook's statement needs nothing else);
    sympy values are written through sympy."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, Fraction):
        return rational(value)
    if value.is_Rational:
        return rational(Fraction(int(value.p), int(value.q)))
    if value.free_symbols:
        import sympy as sp

        return sp.latex(value)
    return rounded(approximate(value), current_style().sigfigs)


def rounded(approx: Decimal, sigfigs: int) -> str:
    """``approx`` rounded half up to ``sigfigs`` significant figures as a decimal (``-4.267``,
    ``-1.410``; a whole number keeps its digits: ``12346``); in scientific notation outside 1e-4
    to 1e15."""
    if approx == 0:
        return "0"
    if not Decimal("1e-4") <= approx.copy_abs() < Decimal("1e15"):
        return scientific(figures(approx, sigfigs))
    place = min(0, approx.adjusted() - sigfigs + 1)
    return format(approx.quantize(Decimal(1).scaleb(place), rounding=ROUND_HALF_UP), "f")


def rational(fraction: Fraction) -> str:
    """An exact rational in the current style: an integer, an exact decimal of up to 4 places, a
    short fraction (with its decimal in the ``both`` style), or else a rounded decimal."""
    if fraction.denominator == 1:
        return str(fraction.numerator)
    if is_decimal(fraction, EXACT_PLACES):  # the denominator divides 10**4: the decimal digits are exact integers
        scaled = fraction.numerator * (10**EXACT_PLACES // fraction.denominator)
        digits = Decimal(scaled).scaleb(-EXACT_PLACES, Context(prec=len(str(scaled)) + 1, Emax=MAX_EMAX, Emin=MIN_EMIN))
        return format(digits, "f").rstrip("0").rstrip(".")
    style = current_style()
    short = abs(fraction.numerator) < SHORT_NUMERATOR and fraction.denominator < SHORT_DENOMINATOR
    if short and style.style != "decimal":
        sign = "-" if fraction < 0 else ""
        exact = f"{sign}\\frac{{{abs(fraction.numerator)}}}{{{fraction.denominator}}}"
        if style.style == "fraction":
            return exact
        return f"{exact} \\approx {rounded(_decimal(fraction), style.sigfigs)}"
    return rounded(_decimal(fraction), style.sigfigs)


def _decimal(fraction: Fraction) -> Decimal:
    """A fraction correctly rounded to 30 digits, as :func:`approximate` gives it, without sympy."""
    context = Context(prec=30, Emax=MAX_EMAX, Emin=MIN_EMIN)
    approx = context.divide(Decimal(fraction.numerator), Decimal(fraction.denominator))
    if approx.copy_abs() < Decimal(TINY):
        return Decimal(0)
    if approx.copy_abs() > Decimal(HUGE):
        raise ParamError(f"a value of the solution is too large to work with (about {approx:.2e})")
    return approx


@lru_cache(maxsize=4096, typed=True)
def approximate(value) -> Decimal:
    """A real number as a 30-digit Decimal, whatever its size (a float would overflow past 1e308).

    Raises :class:`ParamError` for a value that is not a finite real number (an infinite loss
    where a probability rounded to 0), so the caller gets one line instead of a traceback.
    Cached: a worked solution writes the same value in every format and in its JSON.
    """
    import sympy as sp

    approx = sp.sympify(value).evalf(30)
    if not (approx.is_real and approx.is_finite and approx.is_number):
        raise ParamError(f"a value of the solution is not a finite real number ({approx})")
    tiny, huge = _bounds()
    if approx == 0 or abs(approx) < tiny:
        return Decimal(0)
    if abs(approx) > huge:
        raise ParamError(f"a value of the solution is too large to work with (about {sp.sstr(approx.evalf(3))})")
    return Decimal(sp.sstr(approx, full_prec=True))


#: Magnitudes beyond which a value is shown as 0, or refused as too large (a Decimal holds them all).
TINY, HUGE = "1e-100000", "1e100000"


@lru_cache(maxsize=1)
def _bounds():
    """TINY and HUGE as sympy Floats (made once: each takes a while to build)."""
    import sympy as sp

    return sp.Float(TINY), sp.Float(HUGE)


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


def product(*factors: str) -> str:
    """Factors (each the TeX of a number or of a matrix) written side by side as a product.

    Two plain numbers side by side get ``\\cdot`` (``3 \\cdot 0``, not ``3 0``), and a negative
    number after the first factor is put in parentheses (``0.02 \\cdot (-4)``, not ``0.02 -4``),
    as a lecturer writes a product; a matrix beside a factor needs neither.
    """
    texts, previous_plain = [], False
    for index, tex in enumerate(factors):
        plain = not tex.startswith(r"\begin{pmatrix}")
        if plain and index and tex.startswith("-"):
            tex = f"({tex})"
        if plain and previous_plain:
            texts.append(r"\cdot")
        texts.append(tex)
        previous_plain = plain
    return " ".join(texts)


def matrix(rows) -> str:
    """A pmatrix of numbers (or of ready LaTeX strings); a 1x1 matrix is its one number."""
    rows = [list(entries) for entries in rows]
    if len(rows) == 1 and len(rows[0]) == 1:
        return _cell(rows[0][0])
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
    sympy = sys.modules.get("sympy")  # a sympy matrix exists only where sympy was imported
    if sympy is not None and isinstance(value, sympy.MatrixBase):
        return matrix(value.tolist())
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (list, tuple)):
            return matrix(value)
        return column(value)
    return number(value)


def polynomial(coefficients) -> str:
    """A polynomial in x with whole-number coefficients, listed constant first, written as sympy's
    ``latex`` writes it (``3 x^{2} - 4 x + 5``), so that a statement needs no sympy."""
    terms = signed_terms(coefficients, power=lambda exponent: f"x^{{{exponent}}}", times=" ")
    if len(terms) == 2 and terms[0][0] and not terms[1][0] and "x" not in terms[1][1]:
        return f"{terms[1][1]} - {terms[0][1]}"  # sympy writes -x + 1 as 1 - x
    return joined(terms, lead="- " if terms and "x" in terms[0][1] else "-")  # sympy: "- 3 x^{2}" but "-7"


def _cell(entry) -> str:
    return entry if isinstance(entry, str) else number(entry)


def tidy_signs(tex: str) -> str:
    """A sum written out as a lecturer writes it: ``a + -b`` as ``a - b``, ``a - -b`` as ``a + b``
    (a binary sign followed by a negative number or fraction)."""
    tex = re.sub(r"\+\s*-\s*(?=[\d\\])", "- ", tex)
    return re.sub(r"(?<=[\w})\]]) - -\s*(?=[\d\\])", " + ", tex)
