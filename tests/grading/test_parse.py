"""Reading answers: every form a student or a notebook produces, and refusals with a reason."""
from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nngrade.grading import parse


@pytest.mark.parametrize("value,expected", [
    (3, 3.0),
    (-2.5, -2.5),
    ("1e-3", 0.001),
    ("-2.5E2", -250.0),
    ("3/4", 0.75),
    (" -2/5 ", -0.4),
    ("0.35", 0.35),
    (Fraction(1, 8), 0.125),
    (Decimal("0.1"), 0.1),
    (np.float32(0.5), 0.5),
    (np.int8(-3), -3.0),
    (np.uint64(7), 7.0),
    (np.longdouble(2), 2.0),
    ("1/(1 + exp(-1))", 1 / (1 + np.exp(-1))),
    ("sqrt(2)", np.sqrt(2)),
])
def test_one_number_in_every_form(value, expected):
    assert parse.number(value) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("value,shape", [
    ([1, 2, 3], (3,)),
    ((1, 2), (2,)),
    ([[1, "1/2"], (3, 4.5)], (2, 2)),
    ([[[1], [2]], [[3], [4]]], (2, 2, 1)),
    ([], (0,)),
    (np.arange(6).reshape(2, 3), (2, 3)),
    (np.array([[1.5], [2]], dtype=np.float16), (2, 1)),
    (np.array(["1/2", "3"]), (2,)),
    (np.array([1, Fraction(1, 3)], dtype=object), (2,)),
    ([np.array([1, 2]), np.array([3, 4])], (2, 2)),
    (np.float64(3), ()),
])
def test_nested_forms_keep_their_shape(value, shape):
    assert parse.numbers(value).shape == shape


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
                                   np.uint64, np.float16, np.float32, np.float64, np.longdouble])
def test_numeric_arrays_of_every_real_dtype(dtype):
    np.testing.assert_array_equal(parse.numbers(np.array([[1, 2], [3, 4]], dtype=dtype)), [[1, 2], [3, 4]])


def test_exact_reading_takes_a_float_as_the_decimal_it_spells():
    assert parse.exact_numbers(0.1).item() == Fraction(1, 10)
    assert parse.exact_numbers(np.float32(0.1)).item() == Fraction(1, 10)
    assert parse.exact_numbers("2/6").item() == Fraction(1, 3)
    assert parse.exact_numbers(1 / 3).item() != Fraction(1, 3)
    assert list(parse.exact_numbers([["1/3", 2]]).ravel()) == [Fraction(1, 3), Fraction(2)]


class AlwaysEqual:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__

    def __float__(self):
        raise AssertionError("the grader must not call methods of a submitted object")


class LyingFloat(float):
    def __eq__(self, other):
        return True

    def __float__(self):
        raise AssertionError("the grader must not call methods of a submitted object")


class LyingArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)

    def tolist(self):
        raise AssertionError("the grader must not call methods of a submitted object")


@pytest.mark.parametrize("value,words", [
    ("nan", "not a finite number"),
    ("-inf", "not a finite number"),
    ("Infinity", "not a finite number"),
    (float("nan"), "NaN"),
    (float("-inf"), "infinite"),
    (np.array([1.0, np.inf]), "NaN or infinite"),
    (True, "true/false"),
    (np.bool_(False), "true/false"),
    (np.array([True]), "true/false"),
    (1 + 2j, "complex"),
    (np.complex128(1), "complex"),
    (np.array([1j]), "complex"),
    (None, "None"),
    ({"a": 1}, "dict"),
    (b"12", "bytes"),
    ({1, 2}, "set"),
    (AlwaysEqual(), "AlwaysEqual"),
    (LyingFloat(1.0), "LyingFloat"),
    ("banana", "'banana' is not a number"),
    ("__import__('os').system('true')", "is not a number"),
    ("1e999", "is not a number"),
    (10**400, "too large"),
    ([[1, 2], [3]], "ragged"),
    ([1, [2]], "ragged"),
    ([[[[[1]]]]], "nested too deeply"),
    ([0] * (parse.MAX_ENTRIES + 1), "far more numbers"),
    ([[]] * 10_000 + [[]] * 10_001, "far more"),
    ("7" * (parse.MAX_TEXT + 1), "too long"),
    (np.array(["2020-01-01"], dtype="datetime64[D]"), "datetime64"),
    (np.zeros(parse.MAX_ENTRIES + 1), "far more than expected"),
])
def test_refusals_say_why(value, words):
    with pytest.raises(parse.AnswerError, match=None) as caught:
        parse.numbers(value)
    assert words in str(caught.value)


def test_ndarray_subclass_is_refused_without_calling_its_methods():
    lying = np.array([1.0, 2.0]).view(LyingArray)
    with pytest.raises(parse.AnswerError, match="LyingArray, a kind of NumPy array"):
        parse.numbers(lying)
    with pytest.raises(parse.AnswerError, match="MaskedArray"):
        parse.numbers(np.ma.masked_array([1.0, 2.0], mask=[False, True]))


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # np.matrix itself warns; students still use it
def test_numpy_matrix_is_read_through_its_data():
    assert parse.numbers(np.matrix([[1, 2]])).shape == (1, 2)


def test_empty_lists_cost_a_bounded_number_of_visits():
    wide = [[[]] * 9_000] * 9_000  # 81 million empty lists if each were visited
    with pytest.raises(parse.AnswerError, match="far more lists"):
        parse.numbers(wide)


def test_nested_parts_needs_a_list():
    assert parse.nested_parts(([1], [[2]]), 2) == [[1], [[2]]]
    with pytest.raises(parse.AnswerError, match="one per layer"):
        parse.nested_parts(3, 2)


def test_text_answers():
    assert parse.text("  relu ") == "relu"
    assert parse.text(np.str_("a")) == "a"
    for bad in (b"relu", 3, "x" * (parse.MAX_TEXT + 1)):
        with pytest.raises(parse.AnswerError):
            parse.text(bad)


def test_exact_mode_reads_a_written_out_sum_exactly():
    from fractions import Fraction

    from nngrade.grading import parse

    assert parse.exact_numbers("100.4-80.0")[()] == Fraction(102, 5)
    assert parse.exact_numbers(["0.1+0.2", "1/3 - 1/6"]).tolist() == [Fraction(3, 10), Fraction(1, 6)]


@pytest.mark.parametrize("text,value", [("−0.5", -0.5), ("1e−3", 0.001), ("−1/2", -0.5), ("−0", 0.0),
                                        ("12 345.6", 12345.6), ("+5", 5.0), ("１２", 12.0)])
def test_number_text_reads_as_a_person_reads_it(text, value):
    """A typographic minus (U+2212) copied from a printed sheet is a minus, not an unreadable answer."""
    assert parse.number(text) == value
    assert parse.written_forms(text).item() is not None


def test_a_typographic_minus_counts_its_figures_as_written():
    assert parse.written_forms("−2.50").item().figures == (3, 3)


def _through_fraction(leaf):
    """The float of a leaf's exact reading, or the message why it has none."""
    try:
        return float(parse._as_fraction(leaf))
    except (parse.AnswerError, OverflowError) as error:
        return str(error)


@given(st.decimals(allow_nan=True, allow_infinity=True)
       | st.builds(lambda m, e: Decimal(m).scaleb(e), st.integers(-10**30, 10**30), st.integers(-320, 320)))
def test_a_json_number_reads_as_the_float_of_its_exact_value(value):
    """JSON numbers (Decimals) take a short cut to their float; it is the float, or the refusal,
    that going through the exact Fraction gives."""
    try:
        got = parse.numbers(value).item()
    except parse.AnswerError as error:
        got = str(error)
    want = _through_fraction(value)
    assert got == want and (not isinstance(got, float) or math.copysign(1, got) == math.copysign(1, want))


PLAIN_CASES = [Decimal("1.5"), Decimal("-0.0"), Decimal("0"), Decimal("2E+300"), 0.0, -0.0, 7,
               -(10**300), 10**300, [Decimal("1.25"), 2, -3.5], [[Decimal("1")], [Decimal("-2e-3")]],
               [[1, 2], [3, 4]], [Decimal("1.0")] * 64, [Decimal("1.0")] * 65, [[1.0] * 8] * 8, [[Decimal("0")], [1]]]


@pytest.mark.parametrize("value", PLAIN_CASES, ids=repr)
def test_the_plain_reading_gives_what_the_full_walk_gives(value):
    """The quick reading of plain lists of numbers (most answers) and the general walk give the
    same floats, shape and signs of zero; what the quick one does not take is read in full."""
    shape, leaves = parse._collect(value)
    walked = np.array([parse._as_float(leaf) for leaf in leaves], dtype=float).reshape(shape)
    got = parse.numbers(value)
    assert got.dtype == walked.dtype and got.shape == walked.shape
    assert np.array_equal(got, walked) and np.array_equal(np.signbit(got), np.signbit(walked))


@pytest.mark.parametrize("value", [[], [[]], (1.0, 2.0), [True], [1, [2]], [[1], 2], [[1], [2, 3]], "1.5",
                                   [float("nan")], [float("inf")], [10**301], [Decimal("1e400")], [Decimal("1e-301")], [Decimal("NaN")],
                                   Decimal("0"), [np.float64(1.0)]], ids=repr)
def test_what_the_plain_reading_does_not_take_is_left_to_the_full_walk(value):
    assert parse._plain_floats(value) is None
