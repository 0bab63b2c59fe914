"""logistic_regression_gd: the seed lecture's sigmoid and softmax examples, exact forms, grading."""
from __future__ import annotations

import math
import random

import mpmath
import pytest
import sympy as sp

import nngrade
from nngrade.exercises import problems, registry
from nngrade.exercises.keys import answer_key
from nngrade.generators import logistic_regression_gd as generator

KIND = "logistic_regression_gd"


def solved(name):
    return nngrade.solve(problems.example(KIND, name))["answers"]


def test_seed_lecture_sigmoid_scores_and_probabilities():
    answers = solved("seed-lecture-sigmoid")
    assert answers["z"]["exact"] == [["-5", "1", "7"]]
    probabilities = [sp.sympify(text) for text in answers["yhat"]["exact"][0]]
    assert probabilities == [1 / (1 + sp.exp(5)), 1 / (1 + sp.exp(-1)), 1 / (1 + sp.exp(-7))]
    assert [round(value, 2) for value in answers["yhat"]["value"][0]] == [0.01, 0.73, 1.0]  # as the lecture prints


def test_seed_lecture_softmax_probabilities():
    answers = solved("seed-lecture-softmax")
    assert answers["z"]["exact"] == [[["-5", "-9"], ["1", "5"], ["7", "19"]]]
    printed = [[9.82e-01, 1.80e-02], [1.80e-02, 9.82e-01], [6.14e-06, 1.00e+00]]
    for row, want in zip(answers["yhat"]["value"][0], printed):
        assert [float(f"{value:.2e}") for value in row] == want
    assert sp.sympify(answers["yhat"]["exact"][0][0][0]) == 1 / (1 + sp.exp(-4))


def test_transcendental_answers_are_correct_to_thirty_digits():
    """The gradient, update and loss of the sigmoid example against mpmath at 80 digits."""
    answers = solved("seed-lecture-sigmoid")
    with mpmath.workdps(80):
        X, y, z = [(1, 2), (3, 4), (5, 6)], [0, 1, 1], [-5, 1, 7]
        residual = [1 / (1 + mpmath.exp(-v)) - label for v, label in zip(z, y)]
        grad_w = [sum(x[j] * r for x, r in zip(X, residual)) / 3 for j in range(2)]
        grad_b = sum(residual) / 3
        loss = sum(label * mpmath.log1p(mpmath.exp(-v)) + (1 - label) * mpmath.log1p(mpmath.exp(v))
                   for v, label in zip(z, y)) / 3
        expected = {"grad_w": grad_w, "grad_b": grad_b, "w": [1 - grad_w[0] / 10, 2 - grad_w[1] / 10],
                    "b": -10 - grad_b / 10, "loss": loss}
        for part, want in expected.items():
            got = answers[part]["exact"][0]
            for text, value in zip(got if isinstance(got, list) else [got], want if isinstance(want, list) else [want]):
                assert len(text.lstrip("-0.").replace(".", "")) >= 30, (part, text)
                assert abs(mpmath.mpf(text) - value) <= mpmath.mpf(10) ** -30 * max(1, abs(value)), part


def test_one_row_batches_keep_the_closed_form_loss():
    answers = solved("seed-lecture-sigmoid-sgd")
    assert sp.sympify(answers["loss"]["exact"][0]) == sp.log(1 + sp.exp(-7))
    assert math.isclose(answers["loss"]["value"][0], math.log1p(math.exp(-7)), rel_tol=1e-14)


def test_worked_solution_shows_that_the_sigmoid_derivative_cancels():
    text = nngrade.solve(problems.example(KIND, "seed-lecture-sigmoid"), fmt="markdown")
    assert "cancels" in text and r"\frac{1}{N} X^\top (\hat{y} - y)" in text
    assert "Iteration 1: update" in text


SIGMOID = problems.example(KIND, "seed-lecture-sigmoid")
RIGHT = {part: answer["value"] for part, answer in solved("seed-lecture-sigmoid").items()}


def test_right_answers_score_full_marks():
    result = nngrade.grade(SIGMOID, RIGHT)
    assert result.score == result.max_score


def test_sigmoid_derivative_multiplied_in_is_named():
    yhat = RIGHT["yhat"][0]
    residual = [(p - label) * p * (1 - p) for p, label in zip(yhat, [0, 1, 1])]
    wrong = [sum(x[j] * r for x, r in zip([(1, 2), (3, 4), (5, 6)], residual)) / 3 for j in range(2)]
    parts = {part.part: part for part in nngrade.grade(SIGMOID, {**RIGHT, "grad_w": [wrong]}).parts}
    assert parts["grad_w"].score == 0 and "cancels" in parts["grad_w"].feedback


def test_probabilities_of_own_scores_earn_follow_through():
    z = [-5, 2, 7]  # a slip in the second score
    submission = {**RIGHT, "z": [z], "yhat": [[1 / (1 + math.exp(-v)) for v in z]]}
    parts = {part.part: part for part in nngrade.grade(SIGMOID, submission).parts}
    assert parts["z"].score < parts["z"].max_score
    assert parts["yhat"].code == "follow_through"


SOFTMAX = {"X": [[1, 2], [3, 4]], "y": [[1, 0], [0, 1]], "w": [[1, 3], [2, 4]], "b": [-10, -20],
           "learning_rate": 0.1, "method": "batch", "steps": 1}


@pytest.mark.parametrize("change,message", [
    ({"w": [[1, 3, 0], [2, 4, 0]]}, "W must be a 2 x 2 matrix"),
    ({"b": [-10, -20, 0]}, "b must have 2 entries"),
    ({"y": [[1, 1], [0, 1]]}, "one-hot"),
    ({"loss": "bce"}, "cross_entropy"),
    ({"y": [0, 1]}, "w must have 2 entries"),
    ({"y": [0, 2], "w": [1, 2], "b": 0}, "labels 0 or 1"),
    ({"y": [0, 1], "w": [1, 2], "b": [0, 1]}, "b is a single number"),
])
def test_unusable_params_are_refused_with_a_reason(change, message):
    with pytest.raises(nngrade.api.ProblemFileError, match=message):
        nngrade.solve({"kind": KIND, "params": {**SOFTMAX, **change}})


@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
def test_generated_scores_are_unsaturated_and_steps_stable(difficulty):
    for seed in range(30):
        params = generator.generate(random.Random(seed), difficulty)
        softmax = isinstance(params["y"][0], list)
        assert softmax == (generator.LEVELS[difficulty]["output"] == "softmax")
        W = params["w"] if softmax else [[w] for w in params["w"]]
        b = params["b"] if softmax else [params["b"]]
        scores = [sum(x * W[j][c] for j, x in enumerate(row)) + b[c] for row in params["X"] for c in range(len(b))]
        assert max(abs(z) for z in scores) <= generator.MAX_SCORE
        assert params["learning_rate"] < 1


def test_every_misconception_is_diagnosable_on_drawn_problems():
    exercise = registry.get(KIND)
    seen = set()
    for seed in range(8):
        for method in ("batch", "sgd", "minibatch"):
            problem = problems.draw(exercise, seed, difficulty="medium", method=method)
            seen |= {wrong.code for wrong in answer_key(exercise, problem).misconceptions}
    assert seen == {m.code for m in exercise.misconceptions}


def test_softmax_weights_may_be_named_W_as_in_the_contract():
    example = problems.write(problems.example(KIND, "seed-lecture-softmax"))["params"]
    as_W = {("W" if name == "w" else name): value for name, value in example.items()}
    by_W, by_w = nngrade.solve({"kind": KIND, "params": as_W}), nngrade.solve({"kind": KIND, "params": example})
    assert by_W["answers"] == by_w["answers"]
    with pytest.raises(nngrade.api.ProblemFileError, match="not both"):
        problems.read({"kind": KIND, "params": {**example, "W": example["w"]}})
    with pytest.raises(nngrade.api.ProblemFileError, match="parameter W"):
        problems.read({"kind": KIND, "params": {**as_W, "W": "many"}})
