"""Submitted names that are no part of the problem: graded as absent, and named in a warning."""
from __future__ import annotations

import time

from hypothesis import given, strategies as st

from nngrade.grading.grade import MAX_WARNED, grade
from nngrade.grading.key import AnswerKey
from nngrade.grading.spec import AnswerSpec

KEY = AnswerKey([AnswerSpec("grad_w", label="the gradient"), AnswerSpec("w", label="the new w")],
                {"grad_w": [4.0, 2.0], "w": [-1.0, 1.0]}, [], None)


def test_a_misspelt_part_is_warned_about_with_its_near_miss():
    result = grade(KEY, {"grad_ww": [4, 2], "w": [-1, 1]})
    assert result.warnings == ["'grad_ww' is not a part of this problem (did you mean 'grad_w'?)"]
    assert [part.code for part in result.parts] == ["missing", "correct"]
    assert "note: 'grad_ww' is not a part of this problem" in result.to_text()
    assert result.to_dict()["warnings"] == result.warnings


def test_a_right_submission_has_no_warnings_and_the_contract_shape():
    result = grade(KEY, {"grad_w": [4, 2], "w": [-1, 1]})
    assert result.warnings == [] and set(result.to_dict()) == {"score", "max_score", "parts"}


def test_many_or_huge_names_are_warned_about_briefly_and_quickly():
    submission = {f"name{index}" * 1000: 1 for index in range(900)}
    start = time.perf_counter()
    result = grade(KEY, submission)
    assert time.perf_counter() - start < 2
    assert len(result.warnings) == MAX_WARNED + 1 and result.warnings[-1] == "and 895 more such names"
    assert all(len(warning) < 120 for warning in result.warnings)


@given(st.dictionaries(st.text(max_size=12), st.integers(), max_size=6))
def test_every_name_that_is_no_part_is_warned_about(submission):
    result = grade(KEY, submission)
    unknown = [name for name in submission if name not in ("grad_w", "w")]
    assert len(result.warnings) == min(len(unknown), MAX_WARNED) + (len(unknown) > MAX_WARNED)
    for name, warning in zip(unknown[:MAX_WARNED], result.warnings):
        assert warning.startswith(f"{name!r} is not a part of this problem")
