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

from nngrade.core import maths

from .regression_gd_batches import schedule


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
        return maths.loss(self.loss).output

    @property
    def single_output(self) -> bool:
        return len(self.b) == 1


def setup_from(params: dict, Y: list, W: list, b: list, loss: str) -> Setup:
    """A Setup from a kind's params and its targets, weights and bias already in matrix form."""
    batches = schedule(len(params["X"]), params["method"], params["steps"], params.get("batch_size"), params.get("order"))
    return Setup(params["X"], Y, W, b, params["learning_rate"], batches, loss)


def gradient_constant(loss: str, rows: int) -> Fraction:
    """The constant in front of X^T (yhat - y) for a batch of ``rows`` (:meth:`maths.Loss.gradient_constant`;
    the losses that average over entries have one output here, so N rows are N entries)."""
    return maths.loss(loss).gradient_constant(rows, rows)


def loss_factor(loss: str, rows: int) -> Fraction:
    """The averaging factor of the loss of a batch of ``rows`` (:meth:`maths.Loss.factor`, entries as above)."""
    return maths.loss(loss).factor(rows, rows)


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
