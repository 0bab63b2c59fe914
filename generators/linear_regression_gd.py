"""Draws for linear regression by gradient descent: small integer data near a line, tidy rates.

The data come from an integer line plus noise of at most 1, so the fit is meaningful and every
residual is an integer at the start. The learning rate is the largest (or second largest) of a
list of round numbers for which each step is stable on every batch (eta times a bound on the
loss's curvature at most 1), so runs neither crawl nor blow up. The visiting order of sgd and
mini-batch runs is drawn once and stored in the params, so the statement can say which rows each
step uses. A draw whose first gradient has a zero (or tiny) entry is redrawn: the misconceptions
would coincide with the right answer there.
"""
from __future__ import annotations

import random
from fractions import Fraction

from . import draw

LEVELS = {
    "easy": {"features": (1,), "rows": (2, 3), "methods": ("batch", "sgd"), "steps": (1, 2),
             "losses": ("mse",), "range": 3, "shuffle": False},
    "medium": {"features": (1, 2), "rows": (3, 4), "methods": ("batch", "sgd", "minibatch"), "steps": (2,),
               "losses": ("mse", "sse"), "range": 3, "shuffle": True},
    "hard": {"features": (2, 3), "rows": (4, 6), "methods": ("batch", "sgd", "minibatch"), "steps": (3,),
             "losses": ("mse", "sse", "half_sse"), "range": 3, "shuffle": True},
}

#: Learning rates a person is happy to multiply by, largest first.
RATES = tuple(Fraction(text) for text in ("0.5", "0.2", "0.1", "0.05", "0.02", "0.01", "0.005", "0.002", "0.001"))

#: Mini-batch sizes for each number of rows (whole batches, more than one batch, never one row).
MINIBATCHES = {4: (2,), 6: (2, 3)}


def generate(rng: random.Random, difficulty: str = "easy", method: str | None = None) -> dict:
    """X, y, w, b, learning rate and schedule of a run that can be worked by hand."""
    level = LEVELS[difficulty]
    method = method or draw.pick(rng, level["methods"])
    p = draw.pick(rng, level["features"])
    n = draw.pick(rng, level["rows"])
    batch_size = None
    if method == "minibatch":
        n = n if n in MINIBATCHES else 4
        batch_size = draw.pick(rng, MINIBATCHES[n])
    rows = {"batch": n, "sgd": 1}.get(method, batch_size)
    # With sse and two rows per batch, "factor 2 forgotten" and "mean for sum" give the same answer.
    loss = draw.pick(rng, level["losses"] if rows != 2 else ("mse",))
    order = draw.shuffled(rng, range(n)) if level["shuffle"] and method != "batch" else None
    steps = draw.pick(rng, level["steps"])
    bound = level["range"]
    first_batch = list(range(n)) if method == "batch" else (order or list(range(n)))[:rows]

    def data(r):
        slope = draw.integer_vector(r, p, -2, 2)
        intercept = draw.integer(r, -2, 2)
        X = draw.integer_matrix(r, n, p, -bound, bound)
        y = [sum(x * a for x, a in zip(row, slope)) + intercept + draw.integer(r, -1, 1) for row in X]
        return X, y, draw.integer_vector(r, p, -1, 1), Fraction(draw.integer(r, -1, 1))

    def acceptable(candidate):
        X, y, w, b = candidate
        if any(all(x == 0 for x in row) for row in X):
            return False
        residual = [sum(x * v for x, v in zip(X[i], w)) + b - y[i] for i in first_batch]
        gradient = [sum(r * X[i][j] for r, i in zip(residual, first_batch)) for j in range(p)] + [sum(residual)]
        return all(abs(g) >= 1 for g in gradient)

    X, y, w, b = draw.redraw(rng, data, acceptable, "data with a clear first gradient")
    curvature = {"mse": 2, "sse": 2 * rows, "half_sse": rows}[loss] * max(1 + sum(x * x for x in row) for row in X)
    stable = [rate for rate in RATES if rate * curvature <= 1]
    learning_rate = draw.pick(rng, stable[:2])
    return {
        "X": X, "y": y, "w": w, "b": b, "learning_rate": learning_rate, "method": method,
        "batch_size": batch_size, "order": order, "steps": steps, "loss": loss,
    }
