"""Draws for logistic and softmax regression by gradient descent: small integers, no saturation.

Inputs, starting weights and biases are small integers, so the first scores z are integers a
student can put into a sigmoid or softmax; every starting |z| is at most 4, so no prediction is
saturated (near 0 or 1, where gradients vanish and rounding hides everything). Both classes (or
at least two of the k classes) appear in the data. The learning rate is a round number for
which each step is stable (eta times a bound on the loss's curvature at most 1), and never
1/N, where leaving the learning rate out and summing the batch would give the same update. A
draw whose first gradient has an entry near 0 is redrawn.
"""
from __future__ import annotations

import random
from fractions import Fraction

from nngrade.core import maths

from . import draw

LEVELS = {
    "easy": {"output": "sigmoid", "features": (1,), "rows": (3,), "methods": ("batch",), "steps": (1,),
             "shuffle": False},
    "medium": {"output": "sigmoid", "features": (2,), "rows": (3, 4), "methods": ("batch", "sgd", "minibatch"),
               "steps": (2,), "shuffle": True},
    "hard": {"output": "softmax", "features": (2,), "rows": (3, 4), "methods": ("batch", "sgd", "minibatch"),
             "steps": (2,), "shuffle": True},
}

#: Learning rates a person is happy to multiply by, largest first.
RATES = tuple(Fraction(text) for text in ("0.5", "0.2", "0.1", "0.05", "0.02", "0.01"))
#: Largest starting |z|: beyond it the sigmoid is nearly flat.
MAX_SCORE = 4
#: Smallest |entry| of the first gradient.
MIN_GRADIENT = 0.05
#: Inputs are integers from -RANGE to RANGE.
RANGE = 2


def generate(rng: random.Random, difficulty: str = "easy", method: str | None = None, output: str | None = None) -> dict:
    """X, y, w, b, learning rate and schedule of a logistic (or softmax) run worked by hand."""
    level = LEVELS[difficulty]
    output = output or level["output"]
    method = method or draw.pick(rng, level["methods"])
    p = draw.pick(rng, level["features"])
    n = 4 if method == "minibatch" else draw.pick(rng, level["rows"])
    batch_size = 2 if method == "minibatch" else None
    classes = draw.pick(rng, (2, 3)) if output == "softmax" else 1
    rows = {"batch": n, "sgd": 1}.get(method, batch_size)
    order = draw.shuffled(rng, range(n)) if level["shuffle"] and method != "batch" else None
    first_batch = list(range(n)) if method == "batch" else (order or list(range(n)))[:rows]

    def data(r):
        X = draw.integer_matrix(r, n, p, -RANGE, RANGE)
        labels = [draw.integer(r, 0, max(classes, 2) - 1) for _ in range(n)]
        W = draw.integer_matrix(r, p, classes, -1, 1)
        b = draw.integer_vector(r, classes, -1, 1)
        return X, labels, W, b

    def acceptable(candidate):
        X, labels, W, b = candidate
        scores = [[sum(x * W[j][c] for j, x in enumerate(row)) + b[c] for c in range(classes)] for row in X]
        return (
            all(any(x != 0 for x in row) for row in X)
            and len(set(labels)) >= 2
            and all(abs(z) <= MAX_SCORE for row in scores for z in row)
            and _first_gradient_clear(X, labels, scores, first_batch, classes)
        )

    X, labels, W, b = draw.redraw(rng, data, acceptable, "data with unsaturated scores and a clear gradient")
    curvature = (Fraction(1, 4) if classes == 1 else Fraction(1, 2)) * max(1 + sum(x * x for x in row) for row in X)
    stable = [rate for rate in RATES if rate * curvature <= 1 and rate * rows != 1]
    learning_rate = draw.pick(rng, stable[:2])
    if classes == 1:
        y, w, bias = labels, [row[0] for row in W], b[0]
    else:
        y, w, bias = [[Fraction(int(c == label)) for c in range(classes)] for label in labels], W, b
    return {
        "X": X, "y": [Fraction(v) for v in y] if classes == 1 else y, "w": w, "b": bias,
        "learning_rate": learning_rate, "method": method, "batch_size": batch_size, "order": order,
        "steps": draw.pick(rng, level["steps"]),
    }


def _first_gradient_clear(X, labels, scores, batch, classes) -> bool:
    """Every entry of the first step's gradient (up to the 1/N) is at least MIN_GRADIENT away from 0."""
    residuals = []
    for i in batch:
        row = [float(z) for z in scores[i]]
        if classes == 1:
            residuals.append([float(maths.phi("sigmoid", row[0])) - labels[i]])
        else:
            residuals.append([float(p) - (c == labels[i]) for c, p in enumerate(maths.phi("softmax", row))])
    columns = range(len(residuals[0]))
    gradient = [sum(float(X[i][j]) * r[c] for i, r in zip(batch, residuals)) for j in range(len(X[0])) for c in columns]
    gradient += [sum(r[c] for r in residuals) for c in columns]
    return all(abs(g) >= MIN_GRADIENT for g in gradient)
