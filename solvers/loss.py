"""Loss of predictions against targets: the errors yhat - y, the terms the loss adds up, the loss.

Sign convention: an error is predicted minus actual, yhat - y, as the seed lecture defines it
("Error: Predicted - Actual = -4") and as the seed lab's delta 2 (yhat - y) uses it. (The seed
lecture's squared-error table prints -10, -5, 5 with its columns headed "Actual, Predicted"; those
numbers are predicted minus actual with the headings swapped, which is how the fixed example
enters them.) Losses follow the contract: mse and bce average over all entries, cross-entropy
over rows, sse and half_sse sum.
"""
from __future__ import annotations

import numpy as np

from . import network_numeric
from .solution import Solution, Step

WORDS = {
    "mse": "mean squared error: the mean of the squared errors",
    "sse": "sum of squared errors",
    "half_sse": "half the sum of squared errors",
    "bce": "binary cross-entropy, averaged over all entries",
    "cross_entropy": "cross-entropy, summed over the classes of a row and averaged over the rows",
}


def as_rows(values, loss: str) -> list[list]:
    """A flat list as rows: one observation per entry, or one row of class probabilities for cross-entropy."""
    if values and isinstance(values[0], list):
        return values
    return [list(values)] if loss == "cross_entropy" else [[v] for v in values]


def _shaped(matrix_rows, like):
    """Back to the shape the targets were given in (flat stays flat)."""
    if like and isinstance(like[0], list):
        return matrix_rows
    return [entry for row in matrix_rows for entry in row]


def solve(params) -> Solution:
    """Exact errors, terms and loss, with each stage shown."""
    import sympy as sp

    from . import autodiff, exact, latex

    name = params["loss"]
    y = exact.matrix(as_rows(params["y_true"], name))
    yhat = exact.matrix(as_rows(params["y_pred"], name))
    errors = yhat - y
    terms = autodiff.loss_terms(name, yhat, y)
    scale = sp.Rational(1, len(terms)) if name in ("mse", "bce") else (
        sp.Rational(1, y.rows) if name == "cross_entropy" else (sp.Rational(1, 2) if name == "half_sse" else sp.Integer(1)))
    total = exact.settle(scale * sum(terms, sp.Integer(0)))
    term_rows = exact.as_nested(sp.Matrix(len(terms), 1, terms)) if name == "cross_entropy" else \
        exact.as_nested(sp.Matrix(y.rows, y.cols, terms))
    steps = [
        Step("Errors", rf"\hat y - y = {latex.nested(yhat)} - {latex.nested(y)} = {latex.nested(errors)}",
             "An error is predicted minus actual."),
        Step("Terms of the loss", rf"{TERM_TEX[name]} = {latex.nested(sp.Matrix(term_rows))}",
             "What the loss adds up, " + ("row by row." if name == "cross_entropy" else "entry by entry.")),
        Step("Loss", rf"L = {latex.number(scale)} \sum (\text{{terms}}) = {latex.number(total)}", f"The {WORDS[name]}."),
    ]
    answers = {
        "errors": _shaped(exact.as_nested(errors), params["y_true"]),
        "terms": [row[0] for row in term_rows] if name == "cross_entropy" else _shaped(term_rows, params["y_true"]),
        "loss": total,
    }
    return Solution(answers, steps)


TERM_TEX = {
    "mse": r"(\hat y - y)^2", "sse": r"(\hat y - y)^2", "half_sse": r"(\hat y - y)^2",
    "bce": r"-\big(y \log \hat y + (1 - y) \log (1 - \hat y)\big)",
    "cross_entropy": r"-\sum_k y_{ik} \log \hat y_{ik}",
}


def solve_numeric(params, rnd=None) -> dict:
    """The NumPy twin: errors, terms and loss in float64 (``rnd`` rounds each intermediate)."""
    rnd = rnd or (lambda v: v)
    name = params["loss"]
    y = np.array(as_rows(params["y_true"], name), dtype=float)
    yhat = np.array(as_rows(params["y_pred"], name), dtype=float)
    terms = rnd(network_numeric.loss_terms(name, yhat, y))
    errors = rnd(yhat - y)
    flat = not isinstance(params["y_true"][0], list)
    return {
        "errors": errors.ravel() if flat else errors,
        "terms": terms.ravel() if flat or name == "cross_entropy" else terms,
        "loss": rnd(network_numeric.loss_scale(name, yhat) * np.sum(terms)),
    }
