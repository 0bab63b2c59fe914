"""One gradient-descent run of a linear, logistic or softmax regression, in matrix form.

Both regression kinds (``linear_regression_gd`` and ``logistic_regression_gd``) read their
params into a :class:`Setup`: ``X`` (n x p), targets ``Y`` (n x k), weights ``W`` (p x k), bias
``b`` (k entries), the learning rate, the rows of each step, the output model and the loss. One
output (k = 1) is the usual case; its answers are reported flat (``w`` a vector, ``b`` a number),
as in the seed lab. The exact solver and the NumPy twin both run from a Setup.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .regression_gd_batches import schedule

#: Output model of each loss: what turns z = XW + b into the prediction.
MODELS = {"mse": "identity", "sse": "identity", "half_sse": "identity", "bce": "sigmoid", "cross_entropy": "softmax"}


@dataclass(frozen=True)
class Setup:
    """The data, starting parameters and schedule of a run (exact values, lists of rows)."""

    X: list
    Y: list
    W: list
    b: list
    learning_rate: Fraction
    batches: list
    loss: str

    @property
    def model(self) -> str:
        return MODELS[self.loss]

    @property
    def single_output(self) -> bool:
        return len(self.b) == 1


def setup_from(params: dict, Y: list, W: list, b: list, loss: str) -> Setup:
    """A Setup from a kind's params and its targets, weights and bias already in matrix form."""
    batches = schedule(len(params["X"]), params["method"], params["steps"], params.get("batch_size"), params.get("order"))
    return Setup(params["X"], Y, W, b, params["learning_rate"], batches, loss)


def gradient_constant(loss: str, rows: int) -> Fraction:
    """The constant in front of X^T (yhat - y): 2/N for mse, 2 for sse, 1 for half_sse (the 1/2 cancels
    the 2 of the square), 1/N for bce and cross-entropy."""
    return {"mse": Fraction(2, rows), "sse": Fraction(2), "half_sse": Fraction(1), "bce": Fraction(1, rows),
            "cross_entropy": Fraction(1, rows)}[loss]


def squared_error_scale(loss: str, rows: int) -> Fraction:
    """What multiplies the sum of squared errors of a batch of ``rows``: 1/N (mse), 1 (sse), 1/2 (half_sse)."""
    return {"mse": Fraction(1, rows), "sse": Fraction(1), "half_sse": Fraction(1, 2)}[loss]


def flat(values: dict, single_output: bool) -> dict:
    """Answers of a one-output run as the seed lab writes them: w a vector, b a number, yhat a vector.

    ``values`` maps each part to a list over steps of matrices (lists of rows or 2-d arrays) or,
    for ``b`` and ``grad_b``, of vectors; ``loss`` is a number per step.
    """
    if not single_output:
        return values
    out = {}
    for part, per_step in values.items():
        if part in ("b", "grad_b"):
            out[part] = [value[0] for value in per_step]
        elif part == "loss":
            out[part] = per_step
        else:
            out[part] = [[row[0] for row in value] for value in per_step]
    return out
