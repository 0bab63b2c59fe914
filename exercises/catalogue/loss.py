"""loss: the errors yhat - y, the terms a loss adds up, and the loss (mse, sse, half_sse, bce, cross-entropy).

The seed lecture's squared-error table (errors -10, -5, 5; total 150; mean 50) is a fixed
example; see :mod:`nngrade.solvers.loss` for the sign convention of an error.
"""
from __future__ import annotations

import numpy as np

from nngrade.core import maths
from nngrade.core import params as P
from nngrade.generators import loss as generator
from nngrade.grading.spec import AnswerSpec
from nngrade.solvers import loss as solver

from ..exercise import Exercise, Misconception


def _values_param(doc: str):
    """A flat list (one value per observation) or rows of values."""

    def read(value):
        if isinstance(value, (list, tuple)) and value and all(isinstance(v, (list, tuple)) for v in value):
            return P.matrix().read(value)
        return P.vector().read(value)

    def write(value):
        return P.matrix().write(value) if value and isinstance(value[0], list) else P.vector().write(value)

    return P.custom(read, write, doc=doc)


def _check(params):
    name = params["loss"]
    y = np.array(solver.as_rows(params["y_true"], name), dtype=float)
    yhat = np.array(solver.as_rows(params["y_pred"], name), dtype=float)
    if y.shape != yhat.shape:
        raise P.ParamError(f"y_true and y_pred must have the same shape, got {y.shape} and {yhat.shape}")
    if name in ("bce", "cross_entropy") and (np.any(y < 0) or np.any(y > 1)):
        raise P.ParamError(f"{name} needs targets between 0 and 1")
    if name == "bce" and (np.any(yhat <= 0) or np.any(yhat >= 1)):
        raise P.ParamError("bce needs predictions strictly between 0 and 1")
    if name == "cross_entropy":
        if np.any(yhat <= 0):
            raise P.ParamError("cross_entropy needs positive predicted probabilities")
        rows = [sum(row) for row in solver.as_rows(params["y_true"], name)]
        if any(total != 1 for total in rows):
            raise P.ParamError("cross_entropy needs target rows that add up to 1 (one-hot or probabilities)")


PARAMS = P.ParamSpec(
    {
        "loss": P.choice(generator.LOSSES),
        "y_true": _values_param("targets (actual values)"),
        "y_pred": _values_param("predictions, the same shape as y_true"),
    },
    check=_check,
)


def fragments(params) -> dict[str, str]:
    """The loss named in words ("mean squared error"), not by its parameter value, and the TeX of
    one of its terms, both from the maths table."""
    loss = maths.loss(params["loss"])
    return {"loss_name": loss.title, "term": loss.term_tex}


EXERCISE = Exercise(
    kind="loss",
    version=1,
    title="Errors and loss of a set of predictions",
    params=PARAMS,
    generate=generator.generate,
    solve=solver.solve,
    fragments=fragments,
    solve_numeric=solver.solve_numeric,
    answers=(
        AnswerSpec("errors", label="the errors yhat - y", per_entry=True),
        AnswerSpec("terms", label="the terms of the loss", per_entry=True),
        AnswerSpec("loss", label="the loss", weight=2.0),
    ),
    misconceptions=(
        Misconception("error_sign", "an error is predicted minus actual (yhat - y); these have the opposite sign",
                      parts=("errors",)),
        Misconception("sum_not_mean", "looks like the terms were added up but not averaged", parts=("loss",)),
        Misconception("mean_not_sum", "looks like the terms were averaged; this loss adds them up", parts=("loss",)),
        Misconception("half_forgotten", "looks like the factor 1/2 of half_sse was left out", parts=("loss",)),
        Misconception("not_squared", "looks like the errors were not squared (their sizes were added instead)",
                      parts=("terms", "loss")),
        Misconception("one_log_term", "looks like the (1 - y) log(1 - yhat) term of binary cross-entropy was left out",
                      parts=("terms", "loss")),
        Misconception("mean_over_entries", "cross-entropy averages over the rows (observations), not over every entry",
                      parts=("loss",)),
    ),
    knobs={"difficulty": ("easy", "medium", "hard"), "loss": (None,) + generator.LOSSES},
    examples={
        "seed-table-sse": {"loss": "sse", "y_true": [20, 8, 1], "y_pred": [10, 3, 6]},
        "seed-table-mse": {"loss": "mse", "y_true": [20, 8, 1], "y_pred": [10, 3, 6]},
        "seed-table-half-sse": {"loss": "half_sse", "y_true": [20, 8, 1], "y_pred": [10, 3, 6]},
        "bce-three-rows": {"loss": "bce", "y_true": [1, 0, 1], "y_pred": [0.9, 0.2, 0.6]},
        "cross-entropy-two-rows": {"loss": "cross_entropy", "y_true": [[0, 1, 0], [1, 0, 0]],
                                   "y_pred": [[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]]},
    },
)
