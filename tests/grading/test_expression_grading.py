"""Expression parts through the grader: answers that used to hang are graded at once, wrong,
with a message; identities with constants are right; the budget's message reaches the student."""
from __future__ import annotations

import time

import pytest

import nngrade
from nngrade.exercises import problems
from nngrade.grading import budget, grade

PROBLEM = problems.example("gd_univariate", "exp-minus-2x")  # f = exp(x) - 2*x, f' = exp(x) - 2
HONEST = {"stationary_points": [0.6931], "iterates": [0.5, 0.6756, 0.6930]}
HANGING = ("exp(exp(10**30*x))", "exp(exp(exp(exp(exp(exp(exp(exp(x))))))))")


def derivative_result(answer):
    result = nngrade.grade(PROBLEM, {**HONEST, "derivative": answer})
    return next(part for part in result.parts if part.part == "derivative"), result


@pytest.mark.parametrize("answer", HANGING)
def test_answers_that_hung_grading_are_wrong_within_the_budget(answer):
    derivative_result("exp(x) - 2")  # warm up sympy
    start = time.perf_counter()
    part, result = derivative_result(answer)
    assert time.perf_counter() - start < budget.SECONDS
    assert part.score == 0 and part.code in ("wrong", "undecided", "timeout")
    assert "simplify your answer" in part.feedback or "not equivalent" in part.feedback
    assert result.score == 2  # the other parts keep their marks


@pytest.mark.parametrize("answer", ["2*(exp(x)/2 - 1)", "exp(x) - log(exp(2))", "exp(x) - sqrt(4)",
                                    "exp(x) - 2*log(6)/(log(2) + log(3))"])
def test_right_answers_written_with_constants_are_right(answer):
    part, _ = derivative_result(answer)
    assert part.correct, part.feedback


@pytest.mark.parametrize("answer", ["exp(x) - 2 + exp(-1000*x**2)", "exp(x) - 2 + 1e6*sin(1000*pi*x)",
                                    "exp(x) - 2 + 1e-12*x"])
def test_small_perturbations_are_wrong(answer):
    part, _ = derivative_result(answer)
    assert part.score == 0 and part.code == "wrong"


def test_an_answer_that_made_sympy_grind_is_refused_at_once():
    """sympy asked for pi to 10**11 bits to build tan(exp(10**11)), which held the budget to its
    end; a function of a constant that no interval bounds is now refused as it is built (the
    budget itself, stopping a decision that never ends, is held by tests/grading/test_budget.py)."""
    derivative_result("exp(x) - 2")
    start = time.perf_counter()
    part, result = derivative_result("(pi + tan(exp(10**11 + 71/87))**6)**4")
    assert time.perf_counter() - start < 1.0
    assert part.code == "unreadable" and "no real value that can be bounded" in part.feedback
    assert result.score == 2


def test_an_answer_over_the_time_budget_gets_the_message(monkeypatch):
    monkeypatch.setattr(budget, "SECONDS", 0.0)
    part, result = derivative_result("exp(x) - 2")
    assert part.score == 0 and part.code == "timeout"
    assert grade.TIMEOUT_MESSAGE in part.feedback
    assert result.score == 2


def test_follow_through_on_a_hostile_derivative_is_float_arithmetic():
    start = time.perf_counter()
    result = nngrade.grade(PROBLEM, {"derivative": "exp(exp(10**30*x))", "iterates": [1, 2, 3]})
    assert time.perf_counter() - start < budget.SECONDS
    assert result.score == 0
