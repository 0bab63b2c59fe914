"""Draws for z = X W + b: small integer matrices whose products stay easy to add up by hand."""
from __future__ import annotations

import random

from . import draw

#: Shapes (n, p, q) and the integer range of each difficulty.
LEVELS = {
    "easy": {"shapes": [(2, 2, 1)], "range": 3},
    "medium": {"shapes": [(3, 3, 1), (3, 3, 2), (2, 2, 2)], "range": 5},
    "hard": {"shapes": [(2, 3, 1), (3, 2, 1), (2, 3, 2), (3, 2, 2), (4, 3, 2), (2, 4, 3)], "range": 9},
}


def generate(
    rng: random.Random,
    difficulty: str = "easy",
    rows: int | None = None,
    inputs: int | None = None,
    units: int | None = None,
    ask_shape: bool = False,
) -> dict:
    """X (n x p), W (p x q) and b (one per unit) with no zero row in X and no zero column in W."""
    level = LEVELS[difficulty]
    n, p, q = draw.pick(rng, level["shapes"])
    n, p, q = rows or n, inputs or p, units or q
    bound = level["range"]

    def acceptable(candidate):
        X, W, b = candidate
        no_zero_row = all(any(entry != 0 for entry in row) for row in X)
        no_zero_column = all(any(W[k][j] != 0 for k in range(p)) for j in range(q))
        return no_zero_row and no_zero_column and all(entry != 0 for entry in b)

    X, W, b = draw.redraw(
        rng,
        lambda r: (
            draw.integer_matrix(r, n, p, -bound, bound),
            draw.integer_matrix(r, p, q, -bound, bound),
            draw.integer_vector(r, q, -bound, bound),
        ),
        acceptable,
        "X, W and b",
    )
    return {"X": X, "W": W, "b": b, "ask_shape": ask_shape}
