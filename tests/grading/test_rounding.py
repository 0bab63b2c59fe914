"""Rounding-aware tolerance: the band comes from rerunning the twin with rounded intermediates.

A small compounding exercise (ten steps of ``v <- v * r``) drifts far beyond the default 0.5 %
when every intermediate is rounded to 3 figures; the derived slack accepts that answer, a run
without slack refuses it, and a misconception (one step too few) stays outside the band.
"""
from __future__ import annotations

from functools import partial

import numpy as np
import pytest

import nngrade
import nngrade.api
from nngrade.core.params import ParamSpec
from nngrade.core.problem import Problem
from nngrade.exercises import problems, registry
from nngrade.exercises.exercise import Exercise, Misconception
from nngrade.exercises.keys import answer_key, round_sigfigs, rounded_nested, rounding_slack
from nngrade.grading.grade import grade
from nngrade.grading.spec import AnswerSpec


def compound(params, rnd=None, mistake=None, steps=10):
    rnd = rnd or (lambda v: v)
    steps = steps - 1 if mistake == "one_short" else steps
    value = 1.0
    values = []
    for _ in range(steps):
        value = rnd(np.asarray(value * params["r"]))
        values.append(float(value))
    return {"v": values[-1], "path": values, "count": steps}


EXERCISE = Exercise(
    kind="compound_for_tests",
    version=1,
    title="Compounding",
    params=ParamSpec({}),
    generate=lambda rng, **knobs: {},
    solve=lambda params: None,
    solve_numeric=compound,
    answers=(AnswerSpec("v"), AnswerSpec("path", per_entry=True), AnswerSpec("count", kind="integer")),
    misconceptions=(Misconception("one_short", "looks like one step was left out", parts=("v",)),),
)
PROBLEM = Problem("compound_for_tests", {"r": 1.23456})


def by_hand(k: int, ties: str = "up") -> dict:
    return compound(PROBLEM.params, rnd=partial(round_sigfigs, figures=k, ties=ties))


@pytest.mark.parametrize("k", [2, 3, 4, 5])
@pytest.mark.parametrize("ties", ["up", "even"])
def test_worked_with_k_figures_is_accepted_with_that_k(k, ties):
    assert grade(answer_key(EXERCISE, PROBLEM, sigfigs=k), by_hand(k, ties)).all_correct


def test_without_slack_the_answer_worked_with_two_figures_is_refused():
    answer = by_hand(2)
    assert abs(answer["v"] / compound(PROBLEM.params)["v"] - 1) > 0.02  # 2.7 % off
    assert not grade(answer_key(EXERCISE, PROBLEM, sigfigs=None), answer).parts[0].correct
    assert not grade(answer_key(EXERCISE, PROBLEM, sigfigs=4), answer).parts[0].correct


def test_the_band_is_derived_not_a_wider_rtol():
    slack = rounding_slack(EXERCISE, PROBLEM.params, compound(PROBLEM.params), 3)
    assert set(slack) == {"v", "path"}  # integer parts get none
    assert slack["path"][0] < slack["path"][-1]  # it grows with the steps, entry by entry
    assert slack["v"] > 0.005 * compound(PROBLEM.params)["v"]
    assert rounding_slack(EXERCISE, PROBLEM.params, compound(PROBLEM.params), 6)["v"] < slack["v"]


def test_no_slack_where_rounding_does_not_move_the_answer():
    problem = Problem("compound_for_tests", {"r": 2})
    slack = rounding_slack(EXERCISE, problem.params, compound(problem.params), 3)
    assert slack["path"][:9] == [0.0] * 9  # 2, 4, ..., 512 have at most 3 figures


def test_ties_rounded_half_up_by_hand_are_accepted():
    problem = Problem("compound_for_tests", {"r": 0.125})
    answer = compound(problem.params, rnd=partial(round_sigfigs, figures=2, ties="up"), steps=1)
    exercise = Exercise(**{**EXERCISE.__dict__, "solve_numeric": partial(compound, steps=1), "misconceptions": ()})
    assert answer["v"] == 0.13
    assert grade(answer_key(exercise, problem, sigfigs=2), answer).all_correct


@pytest.mark.parametrize("k", [3, 4])
def test_the_misconception_stays_outside_the_band(k):
    key = answer_key(EXERCISE, PROBLEM, sigfigs=k)
    wrong = {**by_hand(k), "v": compound(PROBLEM.params, steps=9)["v"]}
    part = grade(key, wrong).parts[0]
    assert part.code == "misconception:one_short" and part.score == 0
    rounded = {**by_hand(k), "v": by_hand(k)["v"] / PROBLEM.params["r"]}  # one step short, worked by hand
    assert not grade(key, rounded).parts[0].correct


def test_distinguishable_draws_check_the_band():
    assert problems.distinguishable(EXERCISE, PROBLEM)
    close_call = Problem("compound_for_tests", {"r": 1.0001})  # nine and ten steps land within 0.5 %
    assert not problems.distinguishable(EXERCISE, close_call)


def test_k_is_an_assignment_setting_of_the_front_door():
    """z = 0.123 * 1.37 + 2.5 * 0.0417 - 0.27 = 0.00276; with 2 figures by hand it comes out 0."""
    problem = {"kind": "linear_layer", "params": {"X": [["0.123", "2.5"]], "W": [["1.37"], ["0.0417"]], "b": ["-0.27"]}}
    exercise = registry.get("linear_layer")
    run = exercise.solve_numeric(nngrade.api.as_problem(problem).params, rnd=partial(round_sigfigs, figures=2, ties="up"))
    by_hand_z = rounded_nested(run["z"], 2, "up").tolist()
    assert by_hand_z == [[0.0]]
    assert nngrade.grade(problem, {"z": by_hand_z}, sigfigs=2).all_correct
    assert not nngrade.grade(problem, {"z": by_hand_z}, sigfigs=3).all_correct
    assert not nngrade.grade(problem, {"z": by_hand_z}, sigfigs=None).all_correct


def test_assignment_overrides_change_a_parts_rules():
    key = answer_key(EXERCISE, PROBLEM, overrides={"v": {"mode": "decimals", "decimals": 1, "weight": 2.0}})
    assert key.spec("v").mode == "decimals" and key.spec("v").weight == 2.0
    assert EXERCISE.spec("v").mode == "tolerance"  # the exercise itself is unchanged
    with pytest.raises(ValueError, match="no answer part nope"):
        answer_key(EXERCISE, PROBLEM, overrides={"nope": {"weight": 1}})
