"""A format-only check is no oracle: for every kind, a right answer and a wrong one of the same
form get the same message (none), and a part whose length is itself an answer accepts any length."""
from __future__ import annotations

import numpy as np
import pytest

from nngrade.exercises import problems, registry
from nngrade.exercises.keys import answer_key, plain
from nngrade.grading import answer_format


def wrong_of_the_same_form(value):
    if isinstance(value, str):
        return value + " + 1" if any(c.isalpha() for c in value) else "no"
    if isinstance(value, bool):
        return not value
    if isinstance(value, (list, tuple)):
        return [wrong_of_the_same_form(item) for item in value]
    return float(value) + 1.5


@pytest.mark.parametrize("kind", registry.kinds())
@pytest.mark.parametrize("seed", [1, 2])
def test_the_format_check_says_the_same_for_right_and_wrong_answers(kind, seed):
    exercise = registry.get(kind)
    key = answer_key(exercise, problems.draw(exercise, seed))
    for part in answer_format.formats(key.specs, key.expected):
        right = plain(key.expected[part.spec.part])
        assert answer_format.problem(part, right) == "", (kind, part.spec.part)
        assert answer_format.problem(part, wrong_of_the_same_form(right)) == "", (kind, part.spec.part)
        if part.spec.shape_is_answer:
            longer = list(np.ravel(np.asarray(right, dtype=float)).tolist()) + [1.0]
            assert answer_format.problem(part, longer) == "", (kind, part.spec.part)


#: Answers of every form a part may meet: right-looking, mis-shaped, unreadable, hostile.
ODD_ANSWERS = ([1.0, 2.0], [[1.0], [2.0]], [[1.0, 2.0, 3.0]], 3, "3/4", "x +", ["Yes", "No"], "yes, no", True,
               None, {"a": 1}, [[1.0], [2.0, 3.0]], float("nan"), "6*x - 4", [[[1.0]]])


@pytest.mark.parametrize("kind", registry.kinds())
def test_the_format_check_and_the_grader_agree_on_what_is_readable(kind):
    """One reading: an answer passes the notebook's format check exactly when the grader reads
    it (its feedback is then not "unreadable" or a shape code)."""
    from nngrade.grading.grade import grade

    exercise = registry.get(kind)
    key = answer_key(exercise, problems.draw(exercise, 1))
    unreadable = {"unreadable", "shape", "orientation"}
    for part in answer_format.formats(key.specs, key.expected):
        if part.spec.kind == "numeric" and part.shapes is None:
            continue  # the length is an answer: the format check may not say the grader's "wrong length"
        for raw in ODD_ANSWERS + (plain(key.expected[part.spec.part]),):
            passes = answer_format.problem(part, raw) == ""
            result = next(r for r in grade(key, {part.spec.part: raw}).parts if r.part == part.spec.part)
            read = result.code not in unreadable
            assert passes == read, (kind, part.spec.part, raw, result.code, result.feedback)
