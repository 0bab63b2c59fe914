"""least_squares: the gradient of ||y - X beta||^2 at a point, and the normal-equation solution (seed 003)."""
from __future__ import annotations

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
                      "not X^T y - X^T X beta", parts=("gradient",)),
        Misconception("gradient_no_factor_2", "looks like the factor 2 from differentiating the square was "
                      "forgotten", parts=("gradient",)),
        Misconception("gradient_mean", "looks like the loss was averaged over the rows; here it is the sum of "
                      "squares, with no 1/n", parts=("gradient",)),
        Misconception("inverse_signs_kept", "looks like the 2 x 2 inverse kept the signs of the off-diagonal "
                      "entries (they must be negated)", parts=("beta_hat",)),
        Misconception("determinant_forgotten", "looks like the 2 x 2 inverse was not divided by the determinant",
                      parts=("beta_hat",)),
    ),
    knobs={"difficulty": ("easy", "medium", "hard"), "gradient": (True, False)},
    examples={
        "line-through-three-points": {"X": [[1, 0], [1, 1], [1, 2]], "y": [1, 3, 2], "beta": [0, 1]},
        "seed-lab-data": {"X": [[1, 2], [1, 3], [1, 5]], "y": [7, 10, 16], "beta": [1, 0]},
        "no-intercept-3-features": {"X": [[1, 0, 1], [0, 1, 1], [1, 1, 0], [1, 1, 1]], "y": [2, 3, 1, 3],
                                    "beta": [0, 0, 0]},
    },
)
