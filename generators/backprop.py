"""Draws for one backpropagation step: a small network, a batch, targets, a loss and a learning rate.

Easy: one observation through a 1- or 2-layer network with identity or ReLU units and a squared
loss. Medium: sigmoid, tanh or (leaky) ReLU hidden units, and an identity, exponential (the seed
lab's) or sigmoid-with-BCE output, on one or two rows. Hard: two to three rows, up to three layers,
softmax with cross-entropy on one-hot targets among the outputs.
"""
from __future__ import annotations

import random
from fractions import Fraction

from . import draw, network

LOSSES = ("mse", "sse", "half_sse", "bce", "cross_entropy")
#: Output activations that suit each loss.
OUTPUTS = {
    "mse": ("identity", "exp"),
    "sse": ("identity", "exp"),
    "half_sse": ("identity", "relu"),
    "bce": ("sigmoid",),
    "cross_entropy": ("softmax",),
}
LEARNING_RATES = [Fraction(1, 10), Fraction(1, 100), Fraction(1, 2), Fraction(1, 5)]

LEVELS = {
    "easy": {"rows": (1, 1), "widths": [[2, 1], [2, 2, 1], [3, 1]], "hidden": ("identity", "relu"),
             "losses": ("mse", "sse", "half_sse"), "bound": 2, "halves": False},
    "medium": {"rows": (1, 2), "widths": [[2, 2, 1], [3, 2, 1], [2, 2, 2], [2, 1]],
               "hidden": ("sigmoid", "tanh", "relu", "leaky_relu"), "losses": ("mse", "sse", "bce"),
               "bound": 2, "halves": False},
    "hard": {"rows": (2, 3), "widths": [[2, 2, 2], [3, 2, 2], [2, 3, 2, 2], [2, 2, 2, 1], [2, 2, 3]],
             "hidden": ("sigmoid", "tanh", "relu", "leaky_relu"), "losses": LOSSES, "bound": 2, "halves": True},
}


def generate(rng: random.Random, difficulty: str = "easy", loss: str | None = None,
             update_biases: bool = True) -> dict:
    """X, y, layers, loss and learning rate of a well-posed network (no kink hit, no saturation)."""
    level = LEVELS[difficulty]
    loss = loss or draw.pick(rng, level["losses"])

    def candidate(r):
        n = draw.integer(r, *level["rows"])
        widths = list(draw.pick(r, level["widths"]))
        if loss == "cross_entropy" and widths[-1] == 1:
            widths[-1] = 2
        hidden = [draw.pick(r, level["hidden"]) for _ in widths[1:-1]]
        layers = network.layers(r, widths, hidden + [draw.pick(r, OUTPUTS[loss])], level["bound"], level["halves"])
        X = network.entries(r, n, widths[0], level["bound"], False)
        return X, layers, _targets(r, loss, n, widths[-1])

    X, layers, y = draw.redraw(rng, candidate, lambda c: network.well_posed(c[0], c[1]), "network")
    return {"X": X, "y": y, "layers": layers, "loss": loss, "learning_rate": draw.pick(rng, LEARNING_RATES),
            "update_biases": update_biases}


def _targets(rng: random.Random, loss: str, n: int, k: int) -> list[list[Fraction]]:
    if loss == "cross_entropy":
        hot = [draw.integer(rng, 0, k - 1) for _ in range(n)]
        return [[Fraction(int(j == h)) for j in range(k)] for h in hot]
    if loss == "bce":
        return draw.integer_matrix(rng, n, k, 0, 1)
    return draw.integer_matrix(rng, n, k, 1, 4)
