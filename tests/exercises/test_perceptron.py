"""perceptron: updates on mistakes only, sign(0) = 0, follow-through, and independent checks.

The seed lecture views the perceptron as gradient descent on the loss max(0, -y (w.x + b)); the
twin is compared with that view, differentiated by autograd, on 1000 random instances, and the
exact solver with the twin on 200.
"""
from __future__ import annotations

import random
from fractions import Fraction

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad

import nngrade
from nngrade.exercises import problems, registry
from nngrade.solvers import perceptron as solver
from nngrade.solvers.exact import float_value

EXERCISE = registry.get("perceptron")


def right_values(problem):
    return {part: answer["value"] for part, answer in nngrade.solve(problem)["answers"].items()}


def test_income_debt_example():
    answers = nngrade.solve(problems.example("perceptron", "income-debt"))["answers"]
    # visit 1: w.x + b = 0, and sign(0) = 0 is a mistake; visit 2: y (w.x + b) = -(10 + 6 + 1) < 0
    assert answers["w"]["exact"] == [["5", "1"], ["3", "-5"], ["3", "-5"], ["3", "-5"]]
    assert answers["b"]["exact"] == ["1", "0", "0", "0"]
    assert answers["mistakes"]["value"] == [1, 2]


def test_order_and_epochs():
    params = problems.example("perceptron", "income-debt-two-epochs").params
    assert solver.visits(params) == [2, 0, 3, 1, 2, 0, 3, 1]
    answers = nngrade.solve(problems.example("perceptron", "income-debt-two-epochs"))["answers"]
    assert answers["mistakes"]["value"] == [1, 3, 5, 6, 7]
    assert answers["w"]["exact"][-1] == ["9/2", "5/2"]


def misconception_answers(problem, code):
    """The answers the key holds for misconception ``code`` (None where it is not offered)."""
    from nngrade.exercises.keys import answer_key

    key = answer_key(registry.get(problem.kind), problem)
    return next(({part: np.asarray(value) for part, value in wrong.values.items()}
                 for wrong in key.misconceptions if wrong.code == code), None)


def test_mistakes_follow_through_from_the_students_own_parameters():
    problem = problems.example("perceptron", "income-debt")
    wrong = misconception_answers(problem, "minus_update")
    own_mistakes = EXERCISE.follow_through(problem.params, "mistakes", {"w": wrong["w"], "b": wrong["b"]})
    submission = {"w": wrong["w"].tolist(), "b": wrong["b"].tolist(), "mistakes": own_mistakes.tolist()}
    result = nngrade.grade(problem, submission)
    parts = {p.part: p for p in result.parts}
    assert parts["w"].code == "misconception:minus_update"
    if own_mistakes.tolist() != right_values(problem)["mistakes"]:
        assert parts["mistakes"].code == "follow_through" and parts["mistakes"].score > 0


@pytest.mark.parametrize("code", ["update_on_correct", "minus_update", "boundary_counted_correct", "bias_not_updated"])
def test_misconceptions_are_named(code):
    problem = problems.example("perceptron", "income-debt")
    wrong = misconception_answers(problem, code)
    result = nngrade.grade(problem, {**right_values(problem), **{k: v.tolist() for k, v in wrong.items()}})
    assert any(p.code == f"misconception:{code}" for p in result.parts), result.to_text()


def test_no_learning_rate_needs_a_rate_other_than_one():
    problem = problems.example("perceptron", "income-debt")
    assert misconception_answers(problem, "no_learning_rate") is None
    assert misconception_answers(problems.example("perceptron", "income-debt-two-epochs"), "no_learning_rate") is not None


@pytest.mark.parametrize("params,message", [
    ({"X": [[1, 2]], "y": [0], "w": [0, 0], "b": 0, "learning_rate": 1}, "must be \\+1 or -1"),
    ({"X": [[1, 2]], "y": [1], "w": [0], "b": 0, "learning_rate": 1}, "columns"),
    ({"X": [[1, 2]], "y": [1], "w": [0, 0], "b": 0, "learning_rate": 1, "order": [1]}, "row indices"),
])
def test_bad_params_are_refused(params, message):
    with pytest.raises(nngrade.api.ProblemFileError, match=message):
        nngrade.solve({"kind": "perceptron", "params": params})


def random_instance(rng: random.Random):
    n, p = rng.randint(2, 6), rng.randint(1, 3)
    X = [[Fraction(rng.randint(-9, 9)) for _ in range(p)] for _ in range(n)]
    params = {
        "X": X, "y": [Fraction(rng.choice((1, -1))) for _ in range(n)],
        "w": [Fraction(rng.randint(-2, 2)) for _ in range(p)], "b": Fraction(rng.randint(-2, 2)),
        "learning_rate": Fraction(rng.choice((1, 5, 2, 1)), rng.choice((1, 10))),
        "order": [rng.randrange(n) for _ in range(rng.randint(1, 2 * n))], "epochs": rng.randint(1, 2),
    }
    return params


def perceptron_loss(theta, x_one, label):
    """The seed's max(0, -y w^T (x, 1)), with theta = (w, b)."""
    return anp.maximum(0.0, -label * anp.dot(theta, x_one))


def test_twin_is_gradient_descent_on_the_perceptron_loss_by_autograd():
    slope = grad(perceptron_loss)
    rng = random.Random(11)
    for _ in range(1000):
        params = random_instance(rng)
        twin = solver.solve_numeric(params)
        X, y = np.array(params["X"], float), np.array(params["y"], float)
        eta = float(params["learning_rate"])
        w, b = np.array(params["w"], float), float(params["b"])
        for number, row in enumerate(solver.visits(params), start=1):
            score = y[row] * (w @ X[row] + b)
            if abs(score) <= 1e-9 * (np.abs(w) @ np.abs(X[row]) + abs(b)):  # sign(0) = 0: a mistake, where the loss's subgradient is -y x
                assert number in twin["mistakes"]
                w, b = w + eta * y[row] * X[row], b + eta * y[row]
            else:
                theta = np.append(w, b) - eta * slope(np.append(w, b), np.append(X[row], 1.0), y[row])
                w, b = theta[:-1], theta[-1]
            np.testing.assert_allclose(twin["w"][number - 1], w, rtol=1e-10, atol=1e-12)
            assert twin["b"][number - 1] == pytest.approx(b, rel=1e-10, abs=1e-12)


def test_exact_solver_agrees_with_twin_on_200_instances():
    rng = random.Random(3)
    for index in range(200):
        if index % 2:
            params = random_instance(rng)
        else:
            params = EXERCISE.generate(rng, difficulty=("easy", "medium", "hard")[index % 3])
        params = EXERCISE.params.read(EXERCISE.params.write(params))
        exact = EXERCISE.solve(params).answers
        twin = EXERCISE.solve_numeric(params)
        for part in ("w", "b", "mistakes"):
            np.testing.assert_allclose(np.array(float_value(exact[part]), float).reshape(twin[part].shape),
                                       twin[part], rtol=1e-10, atol=1e-12)
