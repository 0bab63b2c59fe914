"""Exact numbers in: JSON decimals, fraction strings and YAML floats are read exactly."""
from __future__ import annotations

import json
import time
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nngrade.core.numbers import NumberError, exact, to_jsonable
from nngrade.core.problem import loads_data


@pytest.mark.parametrize("text,value", [
    ("1/3", Fraction(1, 3)), ("-2/5", Fraction(-2, 5)), ("0.35", Fraction(7, 20)), ("1e-3", Fraction(1, 1000)),
    (" 3 ", Fraction(3)), ("0.5/2", Fraction(1, 4)), ("-.5", Fraction(-1, 2)), ("+4", Fraction(4)),
])
def test_strings(text, value):
    assert exact(text) == value


def test_json_decimal_is_the_decimal_it_spells():
    data = loads_data('{"x": 0.1, "y": [0.3, 1e-2]}')
    assert exact(data["x"]) == Fraction(1, 10)
    assert [exact(v) for v in data["y"]] == [Fraction(3, 10), Fraction(1, 100)]


def test_yaml_float_is_read_as_its_decimal():
    data = loads_data("x: 0.1\ny: 2.675\n")
    assert exact(data["x"]) == Fraction(1, 10) and exact(data["y"]) == Fraction(2675, 1000)


@pytest.mark.parametrize("bad", ["nan", "inf", "-inf", "1/0", "banana", "", "1e999999", "1" * 200, True, None,
                                 [1], {"a": 1}, float("nan"), float("inf"), Decimal("NaN"), b"1", 1 + 2j])
def test_refused(bad):
    with pytest.raises(NumberError):
        exact(bad)


@pytest.mark.parametrize("text", ["1E+300", "1.5E-300", "0E+300", "-12.5", "0.000001", "123456789E-307",
                                  "1E+301", "1.5E-301", "0E+500", "12E+300", "0.1E-300"])
def test_a_decimal_reads_as_the_text_it_prints_as(text):
    """A Decimal is range-checked on the exponent of its own printed form (``12E+300`` prints as
    ``1.2E+301``), the rule text numbers get on the exponent they are written with."""
    value = Decimal(text)
    try:
        expected = exact(str(value))
    except NumberError as error:
        with pytest.raises(NumberError, match="out of range"):
            exact(value)
        assert "out of range" in str(error)
    else:
        assert exact(value) == expected


def test_a_decimal_of_more_digits_than_number_text_is_refused_before_any_conversion():
    """A JSON number is read as a Decimal of every digit written; its Fraction costs time that
    grows with the square of the digits (27 s for a million), so the digits are counted first."""
    assert exact(Decimal("0." + "1" * 79)) == Fraction(int("1" * 79), 10**79)
    start = time.perf_counter()
    for digits in (81, 10**6):
        with pytest.raises(NumberError, match=f"number too long \\({digits} digits\\)"):
            exact(loads_data('{"x": 1.' + "0" * (digits - 1) + "}")["x"])
    assert time.perf_counter() - start < 0.5


@given(st.fractions(max_denominator=10**6))
def test_json_round_trip(value):
    written = json.dumps(to_jsonable(value))
    assert exact(json.loads(written, parse_float=Decimal)) == value
