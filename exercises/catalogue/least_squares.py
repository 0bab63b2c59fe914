"""least_squares: the gradient of ||y - X beta||^2 at a point, and the normal-equation solution (seed 003)."""
from __future__ import annotations

import numpy as np

from nngrade.core import params as P
from nngrade.generators import least_squares as generator
from nngrade.grading.spec import AnswerSpec
from nngrade.solvers import least_squares as solver

from ..exercise import Exercise, Misconception


def _check(params):
    X, y, beta = params["X"], params["y"], params["beta"]
    n, p = len(X), len(X[0])
    if len(y) != n:
        raise P.ParamError(f"y has {len(y)} entries but X has {n} rows; they must match")
    if beta is not None and len(beta) != p:
        raise P.ParamError(f"beta has {len(beta)} entries but X has {p} columns; they must match")
    if n < p or len(generator.null_space([list(row) for row in X])) != 0:
        raise P.ParamError("the columns of X are linearly dependent, so X^T X is not invertible and the "
                           "normal equations have no unique solution")


PARAMS = P.ParamSpec(
    {
        "X": P.matrix(doc="design matrix, one observation per row (n x p)"),
        "y": P.vector(doc="targets, one per row of X"),
        "beta": P.vector(None, doc="point at which to evaluate the gradient (optional)"),
    },
    check=_check,
)


def _arrays(params):
    X = np.array(params["X"], dtype=float)
    return X, np.array(params["y"], dtype=float), X.T @ X, X.T @ np.array(params["y"], dtype=float)


def _at_beta(params):
    return None if params["beta"] is None else np.array(params["beta"], dtype=float)


def _gradient_sign_slip(params):
    X, y, gram, moment = _arrays(params)
    beta = _at_beta(params)
    return None if beta is None else {"gradient": 2 * moment - 2 * gram @ beta}


def _gradient_no_factor_2(params):
    X, y, gram, moment = _arrays(params)
    beta = _at_beta(params)
    return None if beta is None else {"gradient": gram @ beta - moment}


def _gradient_mean(params):
    X, y, gram, moment = _arrays(params)
    beta, n = _at_beta(params), X.shape[0]
    if beta is None or n == 2:
        return None
    return {"gradient": (2 / n) * (gram @ beta - moment)}


def _inverse_signs_kept(params):
    """The 2 x 2 inverse with the off-diagonal signs left as they were: (1/det) [[d, b], [c, a]]."""
    X, y, gram, moment = _arrays(params)
    if gram.shape != (2, 2) or gram[0, 1] == 0:
        return None
    (a, b), (c, d) = gram
    wrong_inverse = np.array([[d, b], [c, a]]) / (a * d - b * c)
    return {"beta_hat": wrong_inverse @ moment}


def _determinant_forgotten(params):
    """The 2 x 2 adjugate used as the inverse, without dividing by the determinant."""
    X, y, gram, moment = _arrays(params)
    if gram.shape != (2, 2):
        return None
    (a, b), (c, d) = gram
    if a * d - b * c == 1:
        return None
    return {"beta_hat": np.array([[d, -b], [-c, a]]) @ moment}


EXERCISE = Exercise(
    kind="least_squares",
    version=1,
    title="Least squares: the gradient and the normal equations",
    params=PARAMS,
    generate=generator.generate,
    solve=solver.solve,
    solve_numeric=solver.solve_numeric,
    answers=(
        AnswerSpec("beta_hat", label="beta_hat", per_entry=True),
        AnswerSpec("gradient", label="the gradient at beta", per_entry=True),
    ),
    misconceptions=(
        Misconception("gradient_sign_slip", "looks like the sign slipped: the gradient is 2 X^T X beta - 2 X^T y, "
                      "not X^T y - X^T X beta", _gradient_sign_slip),
        Misconception("gradient_no_factor_2", "looks like the factor 2 from differentiating the square was "
                      "forgotten", _gradient_no_factor_2),
        Misconception("gradient_mean", "looks like the loss was averaged over the rows; here it is the sum of "
                      "squares, with no 1/n", _gradient_mean),
        Misconception("inverse_signs_kept", "looks like the 2 x 2 inverse kept the signs of the off-diagonal "
                      "entries (they must be negated)", _inverse_signs_kept),
        Misconception("determinant_forgotten", "looks like the 2 x 2 inverse was not divided by the determinant",
                      _determinant_forgotten),
    ),
    knobs={"difficulty": ("easy", "medium", "hard"), "gradient": (True, False)},
    examples={
        "line-through-three-points": {"X": [[1, 0], [1, 1], [1, 2]], "y": [1, 3, 2], "beta": [0, 1]},
        "seed-lab-data": {"X": [[1, 2], [1, 3], [1, 5]], "y": [7, 10, 16], "beta": [1, 0]},
        "no-intercept-3-features": {"X": [[1, 0, 1], [0, 1, 1], [1, 1, 0], [1, 1, 1]], "y": [2, 3, 1, 3],
                                    "beta": [0, 0, 0]},
    },
)
