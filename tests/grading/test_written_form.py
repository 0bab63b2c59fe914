"""The opt-in written-form check, digit groups and commas, graded end to end through grade()."""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nngrade.core.problem import read_data_file
from nngrade.grading import parse
from nngrade.grading.grade import grade
from nngrade.grading.key import AnswerKey
from nngrade.grading.spec import AnswerSpec

STRICT = AnswerSpec("p", mode="sigfigs", sigfigs=3, written_form=True)
STRICT_PLACES = AnswerSpec("p", mode="decimals", decimals=2, written_form=True)


def part(spec: AnswerSpec, expected, answer):
    return grade(AnswerKey([spec], {"p": expected}), {"p": answer}).parts[0]


@pytest.mark.parametrize("answer, right", [
    ("2.50", True), ("2.5", False), ("2.500", False), ("2.498", False), ("+2.50", True), ("2.50e0", True),
    (Decimal("2.50"), True), (Decimal("2.5"), False), (2.5, True), (2.498, False), ("5/2", False),
])
def test_figures_as_written(answer, right):
    result = part(STRICT, 2.5, answer)
    assert result.correct is right, result


def test_a_right_value_written_wrong_is_named_so():
    result = part(STRICT, 2.5, "2.5")
    assert result.code == "written_form" and result.score == 0
    assert "3 significant figures" in result.feedback and "2.50 has 3 figures" in result.feedback
    assert part(AnswerSpec("p", mode="sigfigs", sigfigs=3), 2.5, "2.5").correct, "the check is opt-in"


def test_a_wrong_value_is_not_called_badly_written():
    result = part(STRICT, 2.5, "2.6")
    assert not result.correct and result.code == "wrong"


def test_per_entry_credit_counts_entries_right_in_value_and_form():
    spec = AnswerSpec("p", mode="sigfigs", sigfigs=2, written_form=True, per_entry=True)
    result = part(spec, [1.0, 2.0, 3.0, 4.0], ["1.0", "2", "3.0", "3.9"])
    assert result.score == 0.5 and not result.correct


@pytest.mark.parametrize("answer, right", [
    ("3.14", True), ("3.1", False), ("3.140", False), ("3.14e0", True), ("314e-2", True), (Decimal("3.14"), True),
])
def test_decimal_places_as_written(answer, right):
    assert part(STRICT_PLACES, 3.14159, answer).correct is right


def test_integers_and_floats_leave_open_what_they_cannot_show():
    """1200 may have 2 to 4 figures; a float keeps no trailing zeros, so 2.5 may have been 2.50,
    but 2.498 needs 4 figures and 7 has no decimals."""
    assert part(STRICT, 1200, 1200).correct and part(STRICT, 1200, "1200").correct
    assert not part(STRICT, 1200, "1.2e3").correct and part(STRICT, 1200, "1.20e3").correct
    assert part(STRICT, 2.5, 2.5).correct and part(STRICT, 2.5, np.float64(2.5)).correct
    assert not part(STRICT_PLACES, 7, 7).correct and part(STRICT_PLACES, 7, 7.0).correct


def test_json_numbers_keep_their_written_figures(tmp_path):
    """nngrade reads JSON numbers as Decimals, which keep trailing zeros ("2.50" stays 2.50)."""
    path = tmp_path / "submission.json"
    path.write_text('{"a": 2.50, "b": 2.5, "c": [1.20, 3.00]}')
    answers = read_data_file(path)
    assert part(STRICT, 2.5, answers["a"]).correct
    assert not part(STRICT, 2.5, answers["b"]).correct
    assert part(STRICT, [1.2, 3.0], answers["c"]).correct


def test_unordered_parts_check_each_entry_in_its_own_form():
    spec = AnswerSpec("p", mode="decimals", decimals=1, written_form=True, unordered=True, per_entry=True)
    assert part(spec, [1.0, 2.0], ["2.0", "1.0"]).correct
    assert part(spec, [1.0, 2.0], ["2.0", "1"]).score == 0.5


def test_the_written_form_check_needs_a_rounding_mode():
    with pytest.raises(ValueError, match="sigfigs and decimals"):
        AnswerSpec("p", written_form=True)
    with pytest.raises(ValueError, match="rule"):
        AnswerSpec("p", mode="sigfigs", rule="nearest")


@pytest.mark.parametrize("text, value", [
    ("12 345.678", Decimal("12345.678")), ("-1 234 567", Decimal("-1234567")), ("0.123 456 7", Decimal("0.1234567")),
    ("12\u00a0345", Decimal("12345")), ("12\u2009345.5", Decimal("12345.5")), ("12\u202f345", Decimal("12345")),
    ("12 345.678 9e-3", Decimal("12.3456789")),
])
def test_digit_groups_are_read(text, value):
    assert parse.exact_numbers(text)[()] == Fraction(value)
    assert parse.exact_numbers("1 / 3")[()] == Fraction(1, 3), "spaces around a fraction's bar stay allowed"


@pytest.mark.parametrize("text, words", [
    ("12,345.678", "has a comma"), ("3,5", "has a comma"), ("1,234", "has a comma"),
    ("1 2", "groups of three digits"), ("12 34", "groups of three digits"), ("1234 567", "groups of three digits"),
    ("12  345", "groups of three digits"), ("0.12 3456", "groups of three digits"),
])
def test_commas_and_stray_spaces_are_refused_with_their_reason(text, words):
    with pytest.raises(parse.AnswerError, match=words):
        parse.exact_numbers(text)
    result = part(AnswerSpec("p"), 12345.678, text)
    assert result.code == "unreadable" and words in result.feedback


def test_a_grouped_answer_is_graded_like_the_ungrouped_one():
    spec = AnswerSpec("p", mode="sigfigs", sigfigs=8, written_form=True)
    assert part(spec, 12345.678, "12 345.678").correct and part(AnswerSpec("p"), 12345.678, "12 345.678").correct


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**12), st.integers(0, 6))
def test_any_number_grouped_in_threes_reads_back(whole, places):
    plain = f"{whole}.{str(whole)[:places]}" if places else str(whole)
    head, _, tail = plain.partition(".")
    groups = [head[max(0, end - 3):end] for end in range(len(head), 0, -3)][::-1]
    grouped = " ".join(groups) + ("." + " ".join(tail[i:i + 3] for i in range(0, len(tail), 3)) if tail else "")
    assert parse.exact_numbers(grouped)[()] == parse.exact_numbers(plain)[()]
    assert parse.written_forms(grouped)[()] == parse.written_forms(plain)[()]
