"""Draws for the perceptron: loan decisions from income and debt, as in seed lecture 001.

Each row is an applicant's (income, debt) in units of $10,000, labelled +1 (repaid) or -1
(defaulted) by a hidden rule ``a * income - c * debt + d > 0`` with no applicant on its boundary,
so the data are linearly separable. The start (w, b), learning rate, visiting order and number
of epochs depend on the difficulty; a draw is kept only when some visits are mistakes and some
are not, so that both the update and the "no update" case are exercised.
"""
from __future__ import annotations

import random
from fractions import Fraction

from . import draw

#: Rows, start, learning rates, epochs and whether the visiting order is shuffled, per difficulty.
LEVELS = {
    "easy": {"rows": (3,), "zero_start": True, "rates": ("1",), "epochs": 1, "shuffle": False},
    "medium": {"rows": (4,), "zero_start": False, "rates": ("1", "0.5"), "epochs": 1, "shuffle": False},
    "hard": {"rows": (3, 4), "zero_start": False, "rates": ("0.5", "0.2", "0.1"), "epochs": 2, "shuffle": True},
}
#: Income and debt range (in $10,000).
FEATURE_RANGE = (0, 9)


def generate(rng: random.Random, difficulty: str = "easy") -> dict:
    """``X``, ``y``, ``w``, ``b``, ``learning_rate``, and ``order`` and ``epochs`` where they are asked."""
    level = LEVELS[difficulty]
    return draw.redraw(rng, lambda r: _draw(r, level), _mixed_visits, "perceptron data")


def _draw(rng: random.Random, level: dict) -> dict:
    n = draw.pick(rng, level["rows"])
    X, y = draw.redraw(rng, lambda r: _applicants(r, n), lambda data: len(set(data[1])) == 2, "labels")
    if level["zero_start"]:
        w, b = [Fraction(0), Fraction(0)], Fraction(0)
    else:
        w, b = draw.integer_vector(rng, 2, -1, 1), Fraction(draw.integer(rng, -1, 1))
    params = {"X": X, "y": y, "w": w, "b": b, "learning_rate": Fraction(draw.pick(rng, level["rates"]))}
    if level["shuffle"]:
        params["order"] = draw.shuffled(rng, list(range(n)))
    if level["epochs"] != 1:
        params["epochs"] = level["epochs"]
    return params


def _applicants(rng: random.Random, n: int) -> tuple[list, list]:
    """``n`` distinct applicants labelled by a freshly drawn rule ``a income - c debt + d > 0``."""
    a, c, d = draw.integer(rng, 1, 3), -draw.integer(rng, 1, 3), -draw.integer(rng, 0, 9)
    X, y = [], []
    while len(X) < n:
        income, debt = (Fraction(draw.integer(rng, *FEATURE_RANGE)) for _ in range(2))
        score = a * income + c * debt + d
        if score != 0 and [income, debt] not in X:
            X.append([income, debt])
            y.append(Fraction(1 if score > 0 else -1))
    return X, y


def _mixed_visits(params: dict) -> bool:
    """True when at least one visit is a mistake and at least one is not."""
    w, b = list(params["w"]), params["b"]
    order = params.get("order") or list(range(len(params["X"])))
    outcomes = set()
    for _ in range(params.get("epochs", 1)):
        for i in order:
            x, label = params["X"][i], params["y"][i]
            mistake = label * (sum(wj * xj for wj, xj in zip(w, x)) + b) <= 0
            outcomes.add(mistake)
            if mistake:
                w = [wj + params["learning_rate"] * label * xj for wj, xj in zip(w, x)]
                b = b + params["learning_rate"] * label
    return outcomes == {True, False}
