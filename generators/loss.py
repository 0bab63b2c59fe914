"""Draws for a loss: targets and predictions a person can add up by hand.

Easy: three to four whole-number targets and predictions with a squared loss (like the seed
lecture's table). Medium: binary targets with predicted probabilities in tenths (BCE), or a small
matrix of whole numbers with a squared loss. Hard: rows of class probabilities in tenths against
one-hot targets (cross-entropy), or BCE on a matrix.
"""
from __future__ import annotations

import random
from fractions import Fraction

from . import draw

LOSSES = ("mse", "sse", "half_sse", "bce", "cross_entropy")
SQUARED = ("mse", "sse", "half_sse")
LEVELS = {
    "easy": {"losses": SQUARED, "rows": (3, 4), "cols": (1, 1)},
    "medium": {"losses": SQUARED + ("bce",), "rows": (2, 4), "cols": (1, 2)},
    "hard": {"losses": ("bce", "cross_entropy"), "rows": (2, 3), "cols": (2, 3)},
}
TENTH = Fraction(1, 10)


def generate(rng: random.Random, difficulty: str = "easy", loss: str | None = None) -> dict:
    """loss, y_true and y_pred (flat lists for one column, rows otherwise); not every error is zero."""
    level = LEVELS[difficulty]
    loss = loss or draw.pick(rng, level["losses"])

    def candidate(r):
        n = draw.integer(r, *level["rows"])
        k = draw.integer(r, *level["cols"])
        if loss == "cross_entropy":
            k = max(k, 2)
            return _one_hot(r, n, k), [_probabilities(r, k) for _ in range(n)]
        if loss == "bce":
            y = draw.integer_matrix(r, n, k, 0, 1)
            return y, [[draw.decimal(r, TENTH, 1 - TENTH, TENTH) for _ in range(k)] for _ in range(n)]
        return draw.integer_matrix(r, n, k, 0, 20), draw.integer_matrix(r, n, k, 0, 20)

    def acceptable(c):
        y, yhat = c
        return sum(1 for row_y, row_p in zip(y, yhat) for a, b in zip(row_y, row_p) if a != b) >= 2

    y, yhat = draw.redraw(rng, candidate, acceptable, "targets and predictions")
    if loss != "cross_entropy" and len(y[0]) == 1:
        y, yhat = [row[0] for row in y], [row[0] for row in yhat]
    return {"loss": loss, "y_true": y, "y_pred": yhat}


def _one_hot(rng, n, k):
    return [[Fraction(int(j == hot)) for j in range(k)] for hot in (draw.integer(rng, 0, k - 1) for _ in range(n))]


def _probabilities(rng, k):
    """k tenths, each at least one tenth, adding up to 1."""
    cuts = sorted(draw.sample(rng, list(range(1, 10)), k - 1))
    edges = [0] + cuts + [10]
    return [Fraction(b - a, 10) for a, b in zip(edges, edges[1:])]
