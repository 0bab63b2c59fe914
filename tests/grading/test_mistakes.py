"""changed_parts: which of a mistake's answers are offered, on the grader's own comparison."""
from __future__ import annotations

import pytest

from nngrade.exercises import problems, registry
from nngrade.exercises.keys import plain
from nngrade.grading.mistakes import changed_parts
from nngrade.grading.spec import AnswerSpec

SPECS = [AnswerSpec("z"), AnswerSpec("loss"), AnswerSpec("label", kind="label")]
RIGHT = {"z": [[1.0, 2.0], [3.0, 4.0]], "loss": 0.5, "label": "yes"}


def test_only_changed_parts_are_offered():
    wrong = {"z": [[1.0, 2.0], [3.0, 4.0 + 1e-15]], "loss": 0.7, "label": "yes"}
    assert changed_parts(SPECS, RIGHT, wrong) == {"loss": 0.7}


def test_a_mistake_that_changes_nothing_is_not_offered_unless_it_names_its_parts():
    assert changed_parts(SPECS, RIGHT, dict(RIGHT)) is None
    assert changed_parts(SPECS, RIGHT, dict(RIGHT), parts=("loss",)) == {"loss": 0.5}


def test_named_parts_limit_what_is_offered():
    wrong = {"z": [[0.0, 2.0], [3.0, 4.0]], "loss": 0.7, "label": "no"}
    assert changed_parts(SPECS, RIGHT, wrong, parts=("z", "label")) == {"z": wrong["z"], "label": "no"}


def test_an_answer_the_grader_calls_transposed_is_not_offered():
    wrong = {"z": [[1.0, 3.0], [2.0, 4.0]], "loss": 0.7}
    assert changed_parts(SPECS, RIGHT, wrong) is None


@pytest.mark.parametrize("kind", registry.kinds())
def test_every_misconception_is_a_switch_of_its_kinds_twin(kind):
    """Each misconception's mistake is one the twin knows: it runs on drawn problems and gives
    answers of the right parts, or None where the mistake cannot happen."""
    exercise = registry.get(kind)
    codes = [m.code for m in exercise.misconceptions]
    assert len(codes) == len(set(codes))
    for seed in range(3):
        problem = problems.draw(exercise, seed)
        right = exercise.solve_numeric(problem.params)
        for misconception in exercise.misconceptions:
            wrong = exercise.solve_numeric(problem.params, mistake=misconception.switch)
            assert wrong is None or set(plain(wrong)) <= set(right) | set(misconception.parts), misconception.code
