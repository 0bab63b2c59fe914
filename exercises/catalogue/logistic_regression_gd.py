"""logistic_regression_gd: gradient descent for sigmoid + bce, or softmax + cross-entropy.

With 0/1 labels ``y``, a weight vector ``w`` and a number ``b`` it is logistic regression; with
one-hot rows ``y`` (n x k), a p x k weight matrix ``W`` and one ``b`` per class it is softmax
regression. The weights may be given as ``W`` (the contract's name) or ``w``: one parameter,
stored and written as ``w``. Methods and schedule as for linear_regression_gd. Per step: ``z``, ``yhat``,
``grad_w``, ``grad_b``, the updated ``w`` and ``b``, and ``loss`` (the batch loss before the
update). The examples are the seed lecture's: z = (-5, 1, 7) and its sigmoid for w = (1, 2),
b = -10, and the two-class softmax with W = [[1, 3], [2, 4]], b = (-10, -20) on the same table
(the lecture stops at the probabilities; one gradient step with eta = 0.1 is added).
"""
from __future__ import annotations

from nngrade.core import params as P
from nngrade.generators import logistic_regression_gd as generator
from nngrade.grading.spec import AnswerSpec
from nngrade.solvers import logistic_regression_gd as solver
from nngrade.solvers.regression_gd_numeric import Slip

from . import _regression_gd as shared
from ..exercise import Exercise, Misconception


def _vector_or_matrix(value):
    """A vector (also written as one column: 0/1 labels, a weight vector) or a matrix of k >= 2 columns."""
    if isinstance(value, (list, tuple)) and value and all(isinstance(row, (list, tuple)) for row in value):
        rows = P.matrix().read(value)
        return [row[0] for row in rows] if len(rows[0]) == 1 else rows
    return P.vector().read(value)


def _vector_or_matrix_out(value):
    return P.matrix().write(value) if value and isinstance(value[0], list) else P.vector().write(value)


def _bias(value):
    """A number for one output, one per class for several."""
    if isinstance(value, (list, tuple)) and len(value) != 1:
        return P.vector().read(value)
    return shared.scalar(value)


def _bias_out(value):
    return P.vector().write(value) if isinstance(value, list) else P.number().write(value)


def _check(params):
    X, y, w, b = params["X"], params["y"], params["w"], params["b"]
    n, p = len(X), len(X[0])
    if len(y) != n:
        raise P.ParamError(f"y has {len(y)} rows but X has {n}")
    if solver.is_softmax(params):
        k = len(y[0])
        if any(not 0 <= v <= 1 for row in y for v in row) or any(sum(row) != 1 for row in y):
            raise P.ParamError("each row of y must be one-hot (or probabilities summing to 1)")
        if not (isinstance(w[0], list) and len(w) == p and len(w[0]) == k):
            raise P.ParamError(f"with {k} classes, W must be a {p} x {k} matrix (inputs x classes)")
        if not isinstance(b, list) or len(b) != k:
            raise P.ParamError(f"with {k} classes, b must have {k} entries (one per class)")
        if params["loss"] not in (None, "cross_entropy"):
            raise P.ParamError("one-hot y means softmax regression, whose loss is cross_entropy")
    else:
        if any(not 0 <= v <= 1 for v in y):
            raise P.ParamError("y must hold labels 0 or 1 (or probabilities from 0 to 1)")
        if isinstance(w[0], list) or len(w) != p:
            raise P.ParamError(f"w must have {p} entries (one per column of X)")
        if isinstance(b, list):
            raise P.ParamError("with one output, b is a single number")
        if params["loss"] not in (None, "bce"):
            raise P.ParamError("0/1 labels mean logistic regression, whose loss is bce")
    shared.check_schedule(params)


PARAMS = P.ParamSpec(
    {
        "X": P.matrix(doc="inputs, one observation per row (n x p)"),
        "y": P.custom(_vector_or_matrix, _vector_or_matrix_out, doc="0/1 labels, or one-hot rows (n x k) for k classes"),
        "w": P.custom(_vector_or_matrix, _vector_or_matrix_out,
                      doc="starting weights: p entries, or W, p x k, for k classes (W and w name the same parameter)"),
        "b": P.custom(_bias, _bias_out, doc="starting bias: a number, or one per class"),
        **shared.schedule_params(),
        "loss": P.choice(("bce", "cross_entropy"), None, doc="bce for 0/1 labels, cross_entropy for one-hot rows"),
    },
    check=_check,
    aliases={"W": "w"},
)


MISCONCEPTIONS = (
    Misconception("sigmoid_derivative_multiplied", "looks like (yhat - y) was multiplied by the activation's "
                  "derivative yhat (1 - yhat); with cross-entropy it cancels, so dL/dz = (yhat - y) / N",
                  lambda params: Slip(derivative_multiplied=True), shared.GRADIENT_PARTS),
    shared.sum_for_mean("looks like the gradient was summed over the batch; the loss averages "
                        "over the N rows, so its gradient has 1/N", lambda params: True),
    *shared.shared_misconceptions(),
)

_TABLE = [[1, 2], [3, 4], [5, 6]]

EXERCISE = Exercise(
    kind="logistic_regression_gd",
    version=1,
    title="Logistic and softmax regression by gradient descent",
    params=PARAMS,
    generate=generator.generate,
    solve=solver.solve,
    solve_numeric=solver.solve_numeric,
    answers=(
        AnswerSpec("z", label="scores z on each step's batch", weight=0.5, per_entry=True),
        AnswerSpec("yhat", label="predicted probabilities yhat on each step's batch", weight=0.5, per_entry=True,
                   follows=("z",)),
        *shared.GRADIENT_AND_UPDATE_SPECS,
        AnswerSpec("loss", label="batch loss before each update", weight=0.5, per_entry=True, follows=("z",)),
    ),
    misconceptions=MISCONCEPTIONS,
    knobs={"difficulty": ("easy", "medium", "hard"), "method": ("batch", "sgd", "minibatch"),
           "output": ("sigmoid", "softmax")},
    follow_through=shared.follow_through(solver.setup),
    unworked=shared.unworked(solver.setup),
    fragments=shared.fragments(solver.setup),
    examples={
        "seed-lecture-sigmoid": {
            "X": _TABLE, "y": [0, 1, 1], "w": [1, 2], "b": -10, "learning_rate": 0.1, "method": "batch", "steps": 1,
        },
        "seed-lecture-softmax": {
            "X": _TABLE, "y": [[1, 0], [0, 1], [0, 1]], "W": [[1, 3], [2, 4]], "b": [-10, -20],
            "learning_rate": 0.1, "method": "batch", "steps": 1,
        },
        "seed-lecture-sigmoid-sgd": {
            "X": _TABLE, "y": [0, 1, 1], "w": [1, 2], "b": -10, "learning_rate": 0.5, "method": "sgd",
            "order": [2, 0, 1], "steps": 3,
        },
    },
)
