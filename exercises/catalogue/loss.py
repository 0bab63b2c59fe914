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


def _arrays(params):
    name = params["loss"]
    return (np.array(solver.as_rows(params["y_true"], name), dtype=float),
            np.array(solver.as_rows(params["y_pred"], name), dtype=float))


def _error_sign(params):
    right = solver.solve_numeric(params)
    return {"errors": -np.asarray(right["errors"])}


def _sum_not_mean(params):
    if params["loss"] not in maths.MEAN_LOSSES:
        return None
    y, yhat = _arrays(params)
    if maths.factor(params["loss"], yhat) == 1.0:
        return None
    return {"loss": float(np.sum(maths.terms(params["loss"], yhat, y)))}


def _mean_not_sum(params):
    if params["loss"] not in ("sse", "half_sse"):
        return None
    y, yhat = _arrays(params)
    return {"loss": float(np.mean((yhat - y) ** 2))}


def _half_forgotten(params):
    if params["loss"] != "half_sse":
        return None
    y, yhat = _arrays(params)
    return {"loss": float(np.sum((yhat - y) ** 2))}


def _not_squared(params):
    if params["loss"] not in ("mse", "sse", "half_sse"):
        return None
    y, yhat = _arrays(params)
    errors = yhat - y
    scale = maths.factor(params["loss"], yhat)
    return {"terms": solver.solve_numeric(params)["errors"], "loss": float(scale * np.sum(np.abs(errors)))}


def _one_log_term(params):
    if params["loss"] != "bce":
        return None
    y, yhat = _arrays(params)
    terms = -(y * np.log(yhat))
    flat = not isinstance(params["y_true"][0], list)
    return {"terms": terms.ravel() if flat else terms, "loss": float(np.mean(terms))}


def _mean_over_entries(params):
    if params["loss"] != "cross_entropy":
        return None
    y, yhat = _arrays(params)
    return {"loss": float(np.sum(maths.terms("cross_entropy", yhat, y)) / y.size)}


EXERCISE = Exercise(
    kind="loss",
    version=1,
    title="Errors and loss of a set of predictions",
    params=PARAMS,
    generate=generator.generate,
    solve=solver.solve,
    solve_numeric=solver.solve_numeric,
    answers=(
        AnswerSpec("errors", label="the errors yhat - y", per_entry=True),
        AnswerSpec("terms", label="the terms of the loss", per_entry=True),
        AnswerSpec("loss", label="the loss", weight=2.0),
    ),
    misconceptions=(
        Misconception("error_sign", "an error is predicted minus actual (yhat - y); these have the opposite sign",
                      _error_sign),
        Misconception("sum_not_mean", "looks like the terms were added up but not averaged", _sum_not_mean),
        Misconception("mean_not_sum", "looks like the terms were averaged; this loss adds them up", _mean_not_sum),
        Misconception("half_forgotten", "looks like the factor 1/2 of half_sse was left out", _half_forgotten),
        Misconception("not_squared", "looks like the errors were not squared (their sizes were added instead)",
                      _not_squared),
        Misconception("one_log_term", "looks like the (1 - y) log(1 - yhat) term of binary cross-entropy was left out",
                      _one_log_term),
        Misconception("mean_over_entries", "cross-entropy averages over the rows (observations), not over every entry",
                      _mean_over_entries),
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
