"""The budget: a decision runs in a forked child under a wall clock and a memory limit, and
only plain data comes back."""
from __future__ import annotations

import statistics
import time

import pytest

from nngrade.grading import budget

pytestmark = pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="the budget forks")

STATE = []


def answer(value):
    return {"twice": value * 2, "items": [value, str(value)]}


def spin():
    while True:
        pass


def hog():
    return len([bytearray(10**8) for _ in range(200)])  # 20 GB, far beyond the limit


def fail():
    raise RuntimeError("inside")


def mutate():
    STATE.append("child")
    return len(STATE)


def test_the_answer_comes_back_as_plain_data():
    assert budget.run(answer, 21) == {"twice": 42, "items": [21, "21"]}


def test_the_child_changes_nothing_in_the_grader():
    assert budget.run(mutate) == 1
    assert STATE == []


def test_a_decision_that_never_ends_is_stopped_at_the_wall_clock():
    start = time.perf_counter()
    with pytest.raises(budget.BudgetExceeded, match="time"):
        budget.run(spin, seconds=0.5)
    assert time.perf_counter() - start < 2.0


def test_a_decision_that_eats_memory_is_stopped():
    with pytest.raises(budget.BudgetExceeded, match="memory|died"):
        budget.run(hog, memory=256 * 2**20)


def test_an_error_in_the_child_is_reported_not_raised_as_is():
    with pytest.raises(budget.BudgetExceeded, match="RuntimeError: inside"):
        budget.run(fail)


def test_a_fork_costs_milliseconds(cpu_seconds):
    import sympy  # noqa: F401 - the grader forks with sympy loaded

    budget.run(answer, 1)
    times = []
    for _ in range(7):
        start = cpu_seconds()
        budget.run(answer, 1)
        times.append(cpu_seconds() - start)
    print(f"budget round trip: median CPU {1000 * statistics.median(times):.1f} ms")
    assert statistics.median(times) < 0.25
