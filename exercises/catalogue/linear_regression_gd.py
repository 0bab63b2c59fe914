"""linear_regression_gd: gradient descent for yhat = X w + b with mse, sse or half_sse (seed lab and lecture).

Per step: the batch's predictions ``yhat``, ``grad_w``, ``grad_b``, the updated ``w`` and ``b``,
and ``loss``, the batch loss at the parameters before that step's update. The examples are the
seeds' worked runs: the lab's mini-batch step, the lecture's two SGD steps, the lecture's batch
table (whose y column is printed rounded, so only its rounded figures can be matched) and the
lab's exercise theta(3) (no learning rate is given there; 0.03 is used, which keeps the
numbers short: eta * 2/3 = 0.02).
"""
from __future__ import annotations

from nngrade.core import params as P
from nngrade.generators import linear_regression_gd as generator
from nngrade.grading.spec import AnswerSpec
from nngrade.solvers import linear_regression_gd as solver
from nngrade.solvers.regression_gd_numeric import Slip

from . import _regression_gd as shared
from ..exercise import Exercise, Misconception


def _check(params):
    n, p = len(params["X"]), len(params["X"][0])
    if len(params["y"]) != n:
        raise P.ParamError(f"y has {len(params['y'])} entries but X has {n} rows")
    if len(params["w"]) != p:
        raise P.ParamError(f"w has {len(params['w'])} entries but X has {p} columns")
    shared.check_schedule(params)


PARAMS = P.ParamSpec(
    {
        "X": P.matrix(doc="inputs, one observation per row (n x p)"),
        "y": P.custom(shared.flat_vector("y"), P.vector().write, doc="targets, one per row"),
        "w": P.custom(shared.flat_vector("w"), P.vector().write, doc="starting weights (p)"),
        "b": P.custom(shared.scalar, P.number().write, doc="starting bias"),
        **shared.schedule_params(),
        "loss": P.choice(("mse", "sse", "half_sse"), "mse",
                         doc="mse (mean of squared errors), sse (their sum) or half_sse (half their sum)"),
    },
    check=_check,
)


def _half(rows: int) -> float:
    return 0.5


def _double(rows: int) -> float:
    return 2.0


def _inverse(rows: int) -> float:
    return 1.0 / rows


def _mean_for_sum(params):
    if params["loss"] == "mse" or shared.batch_rows(params) == 1:
        return None
    return Slip(gradient_factor=_inverse, loss_factor=_inverse)


MISCONCEPTIONS = (
    Misconception("no_factor_two", "looks like the factor 2 from differentiating the square was left out",
                  lambda params: Slip(gradient_factor=_half) if params["loss"] != "half_sse" else None,
                  shared.GRADIENT_PARTS),
    Misconception("factor_two_kept", "looks like the factor 2 from differentiating the square was kept; "
                  "half_sse's 1/2 cancels it, so dL/dw = X^T (yhat - y)",
                  lambda params: Slip(gradient_factor=_double) if params["loss"] == "half_sse" else None,
                  shared.GRADIENT_PARTS),
    shared.sum_for_mean("looks like the gradient was summed over the batch; mse averages "
                        "over the N rows, so its gradient has 2/N", lambda params: params["loss"] == "mse"),
    Misconception("mean_instead_of_sum", "looks like the gradient was averaged over the batch; sse and "
                  "half_sse sum over the rows, so there is no 1/N", _mean_for_sum, shared.GRADIENT_PARTS + ("loss",)),
    *shared.shared_misconceptions(),
)


EXERCISE = Exercise(
    kind="linear_regression_gd",
    version=2,
    title="Linear regression by gradient descent",
    params=PARAMS,
    generate=generator.generate,
    solve=solver.solve,
    solve_numeric=solver.solve_numeric,
    answers=(
        AnswerSpec("yhat", label="predictions yhat on each step's batch", weight=0.5, per_entry=True),
        *shared.GRADIENT_AND_UPDATE_SPECS,
        AnswerSpec("loss", label="batch loss before each update", weight=0.5, per_entry=True, follows=("yhat",)),
    ),
    misconceptions=MISCONCEPTIONS,
    knobs={"difficulty": ("easy", "medium", "hard"), "method": ("batch", "sgd", "minibatch")},
    follow_through=shared.follow_through(solver.setup),
    unworked=shared.unworked(solver.setup),
    fragments=shared.fragments(solver.setup),
    examples={
        "seed-lab-minibatch": {
            "X": [[1, 2], [3, 1], [1, 1], [0, 1], [2, 2], [-2, 3], [1, 2], [-1, -0.5], [0.5, 1.2], [2, 1], [-2, 3], [-1, 1]],
            "y": [4.6, 6.1, 3.1, 1.6, 6.1, 1.6, 4.6, -2.15, 2.65, 4.6, 1.6, 0.1],
            "w": [[1], [1]], "b": 0, "learning_rate": 0.1, "method": "minibatch", "batch_size": 3, "steps": 1,
        },
        "seed-lab-minibatch-epoch": {
            "X": [[1, 2], [3, 1], [1, 1], [0, 1], [2, 2], [-2, 3], [1, 2], [-1, -0.5], [0.5, 1.2], [2, 1], [-2, 3], [-1, 1]],
            "y": [4.6, 6.1, 3.1, 1.6, 6.1, 1.6, 4.6, -2.15, 2.65, 4.6, 1.6, 0.1],
            "w": [[1], [1]], "b": 0, "learning_rate": 0.1, "method": "minibatch", "batch_size": 3, "steps": 4,
        },
        "seed-lecture-sgd": {
            "X": [[5], [9]], "y": [5, 17], "w": [0], "b": 0, "learning_rate": 0.01, "method": "sgd", "steps": 2,
        },
        "seed-lecture-batch-table": {
            "X": [[1], [2], [3]], "y": [0.99, 3.00, 5.01], "w": [0], "b": 0, "learning_rate": 0.1,
            "method": "batch", "steps": 2,
        },
        "seed-lab-exercise-theta3": {
            "X": [[2], [3], [5]], "y": [7, 10, 16], "w": [1], "b": 0, "learning_rate": 0.03,
            "method": "batch", "steps": 3,
        },
    },
)
