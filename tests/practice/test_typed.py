"""Typed answers are read into the nested lists of text the grader takes, and refused cleanly."""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nngrade.grading.answer_format import AnswerFormat
from nngrade.grading.spec import AnswerSpec
from nngrade.practice.typed import MAX_LINE, TypedAnswerError, how_to_type, read

NUMERIC = AnswerFormat(AnswerSpec("z"), ((2, 1),))
floats = st.floats(allow_nan=False, allow_infinity=False, width=32)
nested = st.recursive(st.lists(floats, min_size=1, max_size=4),
                      lambda inner: st.lists(inner, min_size=1, max_size=3), max_leaves=12)


def as_floats(value):
    return [as_floats(item) for item in value] if isinstance(value, list) else float(value)


@given(nested)
def test_a_list_typed_as_json_reads_back_entry_by_entry(value):
    assert as_floats(read(json.dumps(value), NUMERIC)) == value


@pytest.mark.parametrize("line, value", [
    ("0.25", "0.25"),
    ("4, 2", ["4", "2"]),
    ("1, 2; 3, 4", [["1", "2"], ["3", "4"]]),
    ("[[1], [8]]", [["1"], ["8"]]),
    ("[ 1/(1 + exp(-1)) , -64/15 ]", ["1/(1 + exp(-1))", "-64/15"]),
    ("[[[1], [2]], [[0.5]]]", [[["1"], ["2"]], [["0.5"]]]),
    ("[]", []),
    ("12 345.5", "12 345.5"),
])
def test_numbers_lists_and_rows_are_read_as_typed(line, value):
    assert read(line, NUMERIC) == value


@pytest.mark.parametrize("line, reason", [
    ("", "nothing typed"),
    ("[1, 2", "never closed"),
    ("[1,, 2]", "empty entry"),
    ("1, 2,", "empty entry"),
    ("[1] 2", "after the closing bracket"),
    ("[1 [2]]", "inside an entry"),
    ("1, [2]", "starts with '['"),
    ("[" * 6 + "1" + "]" * 6, "nested more than"),
    ("1" * (MAX_LINE + 1), "longer than"),
])
def test_a_line_that_is_no_answer_says_why(line, reason):
    with pytest.raises(TypedAnswerError, match=re.escape(reason)):
        read(line, NUMERIC)


@pytest.mark.parametrize("kind", ["expression", "label", "boolean", "integer"])
def test_other_parts_take_the_text_as_typed(kind):
    part = AnswerFormat(AnswerSpec("p", kind=kind), None)
    assert read("  6*x - 4, yes  ", part) == "6*x - 4, yes"
    assert how_to_type(part)


@pytest.mark.parametrize("shapes, words", [
    (((),), "a number"),
    (((3,),), "a list of 3 numbers: [x1, x2, x3]"),
    (((2, 1),), "a list of 2 lists of 1 number: [[x1], ...], or the flat list [x1, x2]"),
    (((1, 2),), "a list of 1 list of 2 numbers: [[x1, x2]]"),
    (((2, 3, 1),), "a list of 2 answers (one per layer or step), each list of 3 lists of 1 number"),
    (((2, 2), (2,)), "a list of 2 answers in brackets, one per layer or step"),
    (None, "a list of numbers"),
])
def test_how_to_type_a_part_follows_its_shape(shapes, words):
    assert how_to_type(AnswerFormat(AnswerSpec("z"), shapes)).startswith(words)
