"""Draws for least squares: a design matrix, data whose normal-equation solution is tidy, a beta.

The answer is chosen first: ``y = X beta_true + r`` where the residual ``r`` is a small integer
vector orthogonal to every column of ``X`` (a combination of an integer basis of the null space
of X^T). Then X^T y = X^T X beta_true, so the normal equations give back exactly
``beta_hat = beta_true``, while the fit is not perfect (r is not zero), as in real data.
"""
from __future__ import annotations

import random
from fractions import Fraction
from math import gcd, lcm

from . import draw

#: Rows n, columns p (the first a column of ones when ``intercept``), ranges of each difficulty.
LEVELS = {
    "easy": {"rows": (3,), "columns": 2, "intercept": True, "x_range": 3, "beta": (-3, 3, "1"), "residual": 2},
    "medium": {"rows": (4,), "columns": 2, "intercept": True, "x_range": 4, "beta": (-3, 3, "1/2"), "residual": 3},
    "hard": {"rows": (4, 5), "columns": 3, "intercept": False, "x_range": 3, "beta": (-2, 2, "1/2"), "residual": 3},
}


def generate(rng: random.Random, difficulty: str = "easy", gradient: bool = True) -> dict:
    """``X``, ``y`` and, when ``gradient``, a point ``beta`` (other than beta_hat) to take the gradient at."""
    level = LEVELS[difficulty]
    n = draw.pick(rng, level["rows"])
    X, residual = draw.redraw(rng, lambda r: _design(r, level, n), lambda c: c[1] is not None, "design matrix")
    low, high, step = level["beta"]
    beta_true = [draw.decimal(rng, low, high, step) for _ in range(level["columns"])]
    y = [sum(row[j] * beta_true[j] for j in range(len(row))) + residual[i] for i, row in enumerate(X)]
    out = {"X": X, "y": y}
    if gradient:
        out["beta"] = draw.redraw(rng, lambda r: draw.integer_vector(r, level["columns"], -2, 2),
                                  lambda beta: beta != beta_true, "beta")
    return out


def _design(rng: random.Random, level: dict, n: int):
    """X with independent columns, and a nonzero small residual orthogonal to them (or None)."""
    p, bound = level["columns"], level["x_range"]
    features = p - 1 if level["intercept"] else p
    columns = [draw.integer_vector(rng, n, -bound, bound) for _ in range(features)]
    if level["intercept"]:
        columns.insert(0, [Fraction(1)] * n)
    X = [[column[i] for column in columns] for i in range(n)]
    if any(all(entry == 0 for entry in row) for row in X):
        return X, None
    basis = null_space(columns)
    if len(basis) != n - p:
        return X, None
    weights = [draw.integer(rng, -1, 1) for _ in basis]
    residual = [sum(w * vector[i] for w, vector in zip(weights, basis)) for i in range(n)]
    if all(r == 0 for r in residual) or max(abs(r) for r in residual) > level["residual"]:
        return X, None
    return X, residual


def null_space(rows: list[list[Fraction]]) -> list[list[Fraction]]:
    """An integer basis of {v : rows v = 0}, by exact Gauss-Jordan elimination."""
    matrix = [list(row) for row in rows]
    width = len(matrix[0])
    pivots = []
    rank = 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        lead = matrix[rank][column]
        matrix[rank] = [entry / lead for entry in matrix[rank]]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column] != 0:
                factor = matrix[r][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank])]
        pivots.append(column)
        rank += 1
    basis = []
    for free in (c for c in range(width) if c not in pivots):
        vector = [Fraction(0)] * width
        vector[free] = Fraction(1)
        for row, pivot in enumerate(pivots):
            vector[pivot] = -matrix[row][free]
        scale = lcm(*(entry.denominator for entry in vector))
        integers = [int(entry * scale) for entry in vector]
        divisor = gcd(*integers)
        basis.append([Fraction(entry // divisor) for entry in integers])
    return basis
