"""least_squares: the seed's gradient 2 X^T X beta - 2 X^T y, the normal equations, independent checks.

The twin's gradient is compared with autograd on 1000 random instances, and its beta_hat is
checked by autograd as a point where the gradient vanishes; the exact solver is compared with
the twin on 200 generated problems.
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
from nngrade.generators import least_squares as generator
from nngrade.solvers import least_squares as solver
from nngrade.solvers.exact import float_value

EXERCISE = registry.get("least_squares")


def test_line_through_three_points():
    answers = nngrade.solve(problems.example("least_squares", "line-through-three-points"))["answers"]
    # X^T X = [[3, 3], [3, 5]], X^T y = (6, 7): beta_hat = (3/2, 1/2); gradient at (0, 1) = 2(3, 5) - 2(6, 7)
    assert answers["beta_hat"]["exact"] == ["3/2", "1/2"]
    assert answers["gradient"]["exact"] == ["-6", "-4"]


def test_gradient_is_optional():
    solution = nngrade.solve({"kind": "least_squares", "params": {"X": [[1, 0], [1, 1], [1, 2]], "y": [1, 3, 2]}})
    assert set(solution["answers"]) == {"beta_hat"}
    result = nngrade.grade({"kind": "least_squares", "params": {"X": [[1, 0], [1, 1], [1, 2]], "y": [1, 3, 2]}},
                           {"beta_hat": ["3/2", "1/2"]})
    assert result.score == result.max_score == 1


def test_generated_beta_hat_is_tidy_and_the_fit_is_not_perfect():
    for seed in range(30):
        for difficulty in ("easy", "medium", "hard"):
            params = problems.draw(EXERCISE, seed, difficulty=difficulty).params
            beta_hat = EXERCISE.solve(params).answers["beta_hat"]
            assert all((2 * value).is_Integer for value in beta_hat), (seed, difficulty, beta_hat)
            X, y = np.array(params["X"], float), np.array(params["y"], float)
            assert np.linalg.norm(y - X @ np.array(beta_hat, float)) > 0.5


def misconception_answers(problem, code):
    """The answers the key holds for misconception ``code`` (None where it is not offered)."""
    from nngrade.exercises.keys import answer_key

    key = answer_key(registry.get(problem.kind), problem)
    return next(({part: np.asarray(value) for part, value in wrong.values.items()}
                 for wrong in key.misconceptions if wrong.code == code), None)


@pytest.mark.parametrize("code", ["gradient_sign_slip", "gradient_no_factor_2", "gradient_mean",
                                  "inverse_signs_kept", "determinant_forgotten"])
def test_misconceptions_are_named(code):
    problem = problems.example("least_squares", "line-through-three-points")
    wrong = misconception_answers(problem, code)
    right = {part: a["value"] for part, a in nngrade.solve(problem)["answers"].items()}
    result = nngrade.grade(problem, {**right, **{part: np.asarray(v).tolist() for part, v in wrong.items()}})
    assert any(p.code == f"misconception:{code}" for p in result.parts), result.to_text()


def test_dependent_columns_are_refused():
    with pytest.raises(nngrade.api.ProblemFileError, match="linearly dependent"):
        nngrade.solve({"kind": "least_squares", "params": {"X": [[1, 2], [2, 4], [3, 6]], "y": [1, 2, 3]}})


def test_null_space_basis_is_integer_and_orthogonal():
    rows = [[Fraction(1)] * 4, [Fraction(v) for v in (0, 1, 2, 3)]]
    basis = generator.null_space(rows)
    assert len(basis) == 2
    for vector in basis:
        assert all(v.denominator == 1 for v in vector)
        assert all(sum(r * v for r, v in zip(row, vector)) == 0 for row in rows)


def random_instance(rng: random.Random):
    n, p = rng.randint(2, 6), rng.randint(1, 4)
    while True:
        X = [[Fraction(rng.randint(-9, 9), rng.choice((1, 2, 10))) for _ in range(p)] for _ in range(n + p)]
        if np.linalg.matrix_rank(np.array(X, float)) == p:
            break
    y = [Fraction(rng.randint(-20, 20), rng.choice((1, 4))) for _ in X]
    beta = [Fraction(rng.randint(-5, 5), rng.choice((1, 2))) for _ in range(p)]
    return {"X": X, "y": y, "beta": beta}


def test_twin_agrees_with_autograd_on_1000_instances():
    rng = random.Random(31)
    for _ in range(1000):
        params = random_instance(rng)
        X, y = np.array(params["X"], float), np.array(params["y"], float)
        loss = lambda beta: anp.sum((y - anp.dot(X, beta)) ** 2)  # noqa: E731
        twin = solver.solve_numeric(params)
        expected = grad(loss)(np.array(params["beta"], float))
        np.testing.assert_allclose(twin["gradient"], expected, rtol=1e-10, atol=1e-9)
        at_minimum = grad(loss)(twin["beta_hat"])
        scale = np.abs(X.T @ y).max() + 1
        assert np.abs(at_minimum).max() <= 1e-9 * scale


def test_exact_solver_agrees_with_twin_on_200_instances():
    rng = random.Random(5)
    for index in range(200):
        if index % 2:
            params = random_instance(rng)
        else:
            params = EXERCISE.generate(rng, difficulty=("easy", "medium", "hard")[index % 3])
            params = EXERCISE.params.read(EXERCISE.params.write(params))
        exact = EXERCISE.solve(params).answers
        twin = EXERCISE.solve_numeric(params)
        for part in ("beta_hat", "gradient"):
            np.testing.assert_allclose(float_value(exact[part]), twin[part], rtol=1e-10, atol=1e-10)
