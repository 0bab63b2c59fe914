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

from nngrade.core import maths

from .float_working import refuse_unless_finite, refuse_where_cancelled
from .solution import Solution, Step


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
    scale = sp.Rational(maths.loss(name).factor(y.rows, y.rows * y.cols))
    total = exact.settle(scale * sum(terms, sp.Integer(0)))
    term_rows = exact.as_nested(sp.Matrix(len(terms), 1, terms)) if name == "cross_entropy" else \
        exact.as_nested(sp.Matrix(y.rows, y.cols, terms))
    steps = [
        Step("Errors", rf"\hat y - y = {latex.nested(yhat)} - {latex.nested(y)} = {latex.nested(errors)}",
             "An error is predicted minus actual."),
        Step("Terms of the loss", rf"{maths.LOSSES[name].term_tex} = {latex.nested(sp.Matrix(term_rows))}",
             "What the loss adds up, " + ("row by row." if name == "cross_entropy" else "entry by entry.")),
        Step("Loss", rf"L = {latex.number(scale)} \sum (\text{{terms}}) = {latex.number(total)}", f"The {maths.LOSSES[name].words}."),
    ]
    answers = {
        "errors": _shaped(exact.as_nested(errors), params["y_true"]),
        "terms": [row[0] for row in term_rows] if name == "cross_entropy" else _shaped(term_rows, params["y_true"]),
        "loss": total,
    }
    return Solution(answers, steps)


#: The wrong ways of working a loss that :func:`solve_numeric` can imitate, and the losses each
#: can happen to.
MISTAKES = {
    "error_sign": tuple(maths.LOSSES),                      # y - yhat as the error
    "sum_not_mean": maths.MEAN_LOSSES,                      # the terms added up, not averaged
    "mean_not_sum": ("sse", "half_sse"),                    # the squares averaged where the loss adds them up
    "half_forgotten": ("half_sse",),                        # the 1/2 of half_sse left out
    "not_squared": tuple(n for n, e in maths.LOSSES.items() if e.squared),  # the errors' sizes added
    "one_log_term": ("bce",),                               # the (1 - y) log(1 - yhat) term left out
    "mean_over_entries": ("cross_entropy",),                # averaged over every entry, not over the rows
}


def solve_numeric(params, rnd=None, mistake: str | None = None) -> dict | None:
    """The NumPy twin: errors, terms and loss in float64 (``rnd`` rounds each intermediate);
    ``mistake`` (one of :data:`MISTAKES`) works them wrongly, None where it cannot happen."""
    rnd = rnd or (lambda v: v)
    name = params["loss"]
    if mistake is not None and name not in MISTAKES[mistake]:
        return None
    y = np.array(as_rows(params["y_true"], name), dtype=float)
    yhat = np.array(as_rows(params["y_pred"], name), dtype=float)
    with np.errstate(all="ignore"):
        refuse_unless_finite(yhat - y, maths.terms(name, yhat, y))
    refuse_where_cancelled(yhat - y, np.abs(yhat) + np.abs(y), terms=1)
    errors = rnd(yhat - y)
    factor = maths.factor(name, yhat)
    if mistake == "sum_not_mean" and factor == 1.0:
        return None
    if mistake == "not_squared":
        terms, summed = errors, np.abs(errors)
    elif mistake == "one_log_term":
        terms = summed = rnd(-(y * np.log(yhat)))
    else:
        terms = summed = maths.terms(name, yhat, y, rnd)
    factor = {"sum_not_mean": 1.0, "half_forgotten": 1.0, "mean_not_sum": 1.0 / y.size,
              "mean_over_entries": 1.0 / y.size}.get(mistake, factor)
    if mistake == "error_sign":
        errors = -errors
    flat = not isinstance(params["y_true"][0], list)
    return {
        "errors": errors.ravel() if flat else errors,
        "terms": terms.ravel() if flat or name == "cross_entropy" else terms,
        "loss": rnd(factor * np.sum(summed)),
    }
