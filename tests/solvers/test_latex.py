"""How numbers are written: the course's number style, 1x1 matrices, signs in sums."""
from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nngrade import generate, solve
from nngrade.core.number_style import STYLES, NumberStyle, number_style
from nngrade.exercises import registry
from nngrade.solvers import latex

FRACTIONS = st.fractions(min_value=-10**6, max_value=10**6, max_denominator=10**5)


def test_the_seed_notes_numbers_in_each_style():
    written = {}
    for style in STYLES:
        with number_style(NumberStyle(style, 4)):
            written[style] = [latex.number(Fraction(-64, 15)), latex.number(Fraction(107, 75)),
                              latex.number(Fraction(-7931, 5625)), latex.number(Fraction(32, 100))]
    assert written["fraction"] == [r"-\frac{64}{15}", r"\frac{107}{75}", "-1.410", "0.32"]
    assert written["decimal"] == ["-4.267", "1.427", "-1.410", "0.32"]
    assert written["both"] == [r"-\frac{64}{15} \approx -4.267", r"\frac{107}{75} \approx 1.427", "-1.410", "0.32"]


@given(FRACTIONS, st.integers(1, 8))
def test_a_decimal_is_the_value_rounded_to_k_figures(value, sigfigs):
    with number_style(NumberStyle("decimal", sigfigs)):
        text = latex.number(value)
    assert "frac" not in text
    if "times" in text or value == 0:
        return
    shown = Fraction(Decimal(text))
    exponent = Decimal(value.numerator / value.denominator).adjusted()
    unit = Fraction(10) ** min(0, exponent - sigfigs + 1)
    assert abs(shown - value) <= unit / 2 + unit / 10**6


@given(FRACTIONS)
def test_a_fraction_is_written_exactly_only_when_short(value):
    with number_style(NumberStyle("fraction", 4)):
        text = latex.number(value)
    if r"\frac" in text:
        numerator, denominator = map(int, re.findall(r"\d+", text))
        assert Fraction(numerator, denominator) == abs(value)
        assert numerator < latex.SHORT_NUMERATOR and denominator < latex.SHORT_DENOMINATOR


def test_the_style_is_undone_after_the_block():
    with number_style(NumberStyle("decimal", 3)):
        assert latex.number(Fraction(2, 3)) == "0.667"
    assert latex.number(Fraction(2, 3)) == r"\frac{2}{3}"


@pytest.mark.parametrize("bad", [{"style": "roman"}, {"sigfigs": 0}, {"sigfigs": True}, {"sigfigs": 2.5}])
def test_a_style_that_is_not_one_is_refused(bad):
    with pytest.raises(ValueError, match="numbers:"):
        NumberStyle.read(bad)


def test_a_one_by_one_matrix_is_its_number():
    assert latex.matrix([[Fraction(1, 2)]]) == "0.5"
    assert latex.column([3]) == "3"
    assert latex.nested([[Fraction(-1)]]) == "-1"
    assert latex.matrix([[1, 2]]).startswith(r"\begin{pmatrix}")


def test_a_sum_with_a_negative_term_is_written_as_a_difference():
    assert latex.tidy_signs(r"1 + -10 = -9") == "1 - 10 = -9"
    assert latex.tidy_signs(r"x_0 - -\frac{1}{2}") == r"x_0 + \frac{1}{2}"
    assert latex.tidy_signs(r"= -2 - 0.1 \cdot (-16)") == r"= -2 - 0.1 \cdot (-16)"


@settings(max_examples=500)
@given(st.lists(st.integers(-50, 50), min_size=1, max_size=7).filter(any))
def test_a_whole_number_polynomial_is_written_as_sympy_writes_it(coefficients):
    sympy = pytest.importorskip("sympy")
    from nngrade.core.expression import parse
    from nngrade.generators.gd_univariate import polynomial_text

    assert latex.polynomial(coefficients) == sympy.latex(parse(polynomial_text(coefficients)))


def test_a_product_of_plain_numbers_has_a_dot_and_a_negative_factor_parentheses():
    matrix = latex.matrix([[1], [2]])
    assert latex.product("3", "0") == r"3 \cdot 0"
    assert latex.product("0.02", r"-\frac{34}{3}") == r"0.02 \cdot (-\frac{34}{3})"
    assert latex.product(matrix, "-1") == matrix + " (-1)"
    assert latex.product(r"\frac{2}{3}", matrix, matrix) == rf"\frac{{2}}{{3}} {matrix} {matrix}"
    assert latex.product("-2", matrix) == f"-2 {matrix}"


#: Two numbers side by side with nothing between them (``0.5 -11``, ``3 0``): a product written
#: without its sign, read as a difference or as one number.
JUXTAPOSED = re.compile(r"(?<![\w\\^_{])(-?\d+(?:\.\d+)?|-?\\frac\{\d+\}\{\d+\})\s+\(?-?(\d|\\frac)")


@pytest.mark.parametrize("kind", registry.kinds())
def test_no_worked_step_writes_two_numbers_side_by_side(kind):
    for seed in range(6):
        for difficulty in ("easy", "medium", "hard"):
            for step in solve(generate(kind, seed=seed, difficulty=difficulty))["steps"]:
                found = JUXTAPOSED.search(step["latex"])
                assert found is None, (seed, difficulty, step["latex"][max(0, found.start() - 40):found.end() + 10])
