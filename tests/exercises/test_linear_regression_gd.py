"""linear_regression_gd: the seeds' worked runs come out exactly, schedules, params, grading."""
from __future__ import annotations

import random
from fractions import Fraction

import pytest

import nngrade
from nngrade.exercises import problems, registry
from nngrade.exercises.keys import answer_key
from nngrade.generators import linear_regression_gd as generator
from nngrade.solvers.regression_gd_batches import schedule

KIND = "linear_regression_gd"


def exact(name):
    answers = nngrade.solve(problems.example(KIND, name))["answers"]
    return {part: answer["exact"] for part, answer in answers.items()}


def values(problem):
    return {part: answer["value"] for part, answer in nngrade.solve(problem)["answers"].items()}


def test_seed_lab_minibatch_step():
    answers = exact("seed-lab-minibatch")
    assert answers["yhat"] == [["3", "4", "2"]]
    assert answers["grad_w"] == [["-6", "-64/15"]]
    assert answers["grad_b"] == ["-16/5"]
    assert answers["w"] == [["8/5", "107/75"]]  # (1.600, 1.427)
    assert answers["b"] == ["8/25"]  # 0.320
    # the loss is the batch mse at w0, b0, before the update: ((3-4.6)^2 + (4-6.1)^2 + (2-3.1)^2) / 3
    assert answers["loss"] == ["409/150"]


def test_seed_lab_minibatch_epoch_visits_the_four_batches():
    problem = problems.example(KIND, "seed-lab-minibatch-epoch")
    answers = exact("seed-lab-minibatch-epoch")
    assert answers["grad_w"][0] == ["-6", "-64/15"]
    assert len(answers["w"]) == 4
    assert schedule(12, "minibatch", 4, 3) == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]]
    assert nngrade.solve(problem)["steps"][-1]["title"] == "Iteration 4: update"


def test_seed_lecture_sgd_steps():
    answers = exact("seed-lecture-sgd")
    assert answers["grad_w"] == [["-50"], ["-1116/5"]]  # -223.2
    assert answers["grad_b"] == ["-10", "-124/5"]  # -24.8
    assert answers["w"] == [["1/2"], ["683/250"]]  # 0.5, 2.732
    assert answers["b"] == ["1/10", "87/250"]  # 0.1, 0.348
    assert answers["loss"][0] == "25"


def test_seed_lecture_batch_table_to_its_printed_rounding():
    answers = values(problems.example(KIND, "seed-lecture-batch-table"))
    assert [round(answers["w"][0][0], 2), round(answers["b"][0], 2)] == [1.47, 0.6]
    assert [round(answers["w"][1][0], 2), round(answers["b"][1], 2)] == [1.33, 0.49]
    assert round(answers["grad_b"][0], 2) == -6.0


def test_seed_lab_exercise_theta3_moves_towards_the_true_line():
    answers = exact("seed-lab-exercise-theta3")
    assert answers["w"] == [["68/25"], ["3801/1250"], ["193757/62500"]]
    assert answers["b"] == ["23/50", "1371/2500", "70917/125000"]
    losses = [Fraction(text) for text in answers["loss"]]
    assert losses == sorted(losses, reverse=True)


def test_worked_solution_follows_the_lab_steps():
    text = nngrade.solve(problems.example(KIND, "seed-lecture-sgd"), fmt="markdown")
    for phrase in ("Write down the loss and the prediction", "Partial derivatives", "The gradient",
                   "Iteration 1: evaluate at the current parameters", "Iteration 2: update", "2.732", "0.348", "-223.2"):
        assert phrase in text


def test_sgd_repeats_the_order_each_epoch_and_minibatch_drops_the_rest():
    assert schedule(3, "sgd", 5, order=[2, 0]) == [[2], [0], [2], [0], [2]]
    assert schedule(5, "minibatch", 3, batch_size=2) == [[0, 1], [2, 3], [0, 1]]
    assert schedule(2, "batch", 2) == [[0, 1], [0, 1]]


BASE = {"X": [[1], [2], [3]], "y": [1, 2, 3], "w": [0], "b": 0, "learning_rate": 0.1, "method": "batch", "steps": 1}


@pytest.mark.parametrize("change,message", [
    ({"order": [0, 1]}, "leave out order"),
    ({"method": "minibatch"}, "needs batch_size"),
    ({"method": "minibatch", "batch_size": 4}, "batch_size must be from 1 to 3"),
    ({"method": "sgd", "order": [0, 3]}, "refers to row 3"),
    ({"y": [1, 2]}, "y has 2 entries"),
    ({"w": [0, 1]}, "w has 2 entries"),
    ({"steps": 0}, "steps must be"),
    ({"learning_rate": 0}, "must be positive"),
    ({"loss": "bce"}, "expected one of mse, sse"),
])
def test_unusable_params_are_refused_with_a_reason(change, message):
    with pytest.raises(nngrade.api.ProblemFileError, match=message):
        nngrade.solve({"kind": KIND, "params": {**BASE, **change}})


def test_column_w_and_listed_b_read_like_the_lab_writes_them():
    written = {**BASE, "w": [[0]], "b": [0]}
    assert values({"kind": KIND, "params": written}) == values({"kind": KIND, "params": BASE})


LAB = problems.example(KIND, "seed-lab-minibatch")
RIGHT = values(LAB)


def test_right_answers_score_full_marks():
    result = nngrade.grade(LAB, RIGHT)
    assert result.score == result.max_score


def test_forgotten_factor_two_is_named_and_w_from_it_earns_follow_through():
    submission = {**RIGHT, "grad_w": [[-3, -32 / 15]], "grad_b": [-1.6], "w": [[1.3, 1 + 3.2 / 15]], "b": [0.16]}
    parts = {part.part: part for part in nngrade.grade(LAB, submission).parts}
    assert parts["grad_w"].score == 0 and "factor 2" in parts["grad_w"].feedback
    assert parts["w"].code == "follow_through" and parts["w"].score > 0
    assert parts["b"].code == "follow_through"


def test_update_along_the_gradient_is_named():
    submission = {**RIGHT, "w": [[0.4, 1 - 0.64 / 1.5]], "b": [-0.32]}
    parts = {part.part: part for part in nngrade.grade(LAB, submission).parts}
    assert parts["w"].score == 0 and "gradient descent subtracts" in parts["w"].feedback


def test_grad_from_own_predictions_earns_follow_through():
    submission = {**RIGHT, "yhat": [[3, 4, 3]]}  # a slip in the third prediction
    residual = [3 - 4.6, 4 - 6.1, 3 - 3.1]
    submission["grad_w"] = [[2 / 3 * (residual[0] + 3 * residual[1] + residual[2]),
                             2 / 3 * (2 * residual[0] + residual[1] + residual[2])]]
    parts = {part.part: part for part in nngrade.grade(LAB, submission).parts}
    assert parts["yhat"].score < parts["yhat"].max_score
    assert parts["grad_w"].code == "follow_through"


@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
def test_generated_runs_are_stable_and_match_their_level(difficulty):
    level = generator.LEVELS[difficulty]
    for seed in range(30):
        params = generator.generate(random.Random(seed), difficulty)
        assert len(params["X"][0]) in level["features"] and params["loss"] in level["losses"]
        rows = {"batch": len(params["X"]), "sgd": 1}.get(params["method"], params["batch_size"])
        factor = {"mse": 2, "sse": 2 * rows, "half_sse": rows}[params["loss"]]
        curvature = factor * max(1 + sum(x * x for x in r) for r in params["X"])
        assert params["learning_rate"] * curvature <= 1
        if params["order"] is not None:
            assert sorted(params["order"]) == list(range(len(params["X"])))


def test_every_misconception_is_diagnosable_on_drawn_problems():
    exercise = registry.get(KIND)
    seen = set()
    for seed in range(12):
        for method in ("batch", "sgd", "minibatch"):
            for difficulty in ("medium", "hard"):
                problem = problems.draw(exercise, seed, difficulty=difficulty, method=method)
                seen |= {wrong.code for wrong in answer_key(exercise, problem).misconceptions}
    assert seen == {m.code for m in exercise.misconceptions}


def test_half_sse_gradient_has_no_factor_in_front():
    # the lecture's first SGD step with L = (1/2)(yhat - y)^2: the 1/2 cancels the 2 of the square
    params = {"X": [[5], [9]], "y": [5, 17], "w": [0], "b": 0, "learning_rate": 0.01, "method": "sgd", "steps": 1,
              "loss": "half_sse"}
    problem = problems.read({"kind": KIND, "params": params})
    exercise = registry.get(KIND)
    exact = exercise.solve(problem.params)
    assert [str(v) for v in (exact.answers["grad_w"][0][0], exact.answers["grad_b"][0], exact.answers["loss"][0])] == \
        ["-25", "-5", "25/2"]
    twin = exercise.solve_numeric(problem.params)
    assert (twin["w"][0][0], twin["b"][0], twin["loss"][0]) == pytest.approx((0.25, 0.05, 12.5))
    kept = nngrade.grade(problem, {"grad_w": [[-50]], "grad_b": [-10]})
    assert "half_sse's 1/2 cancels it" in kept.parts[1].feedback
    steps = " ".join(step.text for step in exact.steps)
    assert "which the 1/2 in front cancels" in steps
