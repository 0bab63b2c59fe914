"""Draws for a forward pass: a small dense network (1-3 layers, widths up to 4) and input rows.

Easy: one row through one or two layers of identity, ReLU or sigmoid units. Medium: two layers
with any smooth or piecewise-linear hidden units and a softmax, sigmoid or identity output, one or
two rows. Hard: up to three layers of up to four units, every activation of the contract
(exponential and sign too), halves among the weights, up to three rows. A softmax output on one
row names its units' classes (the seed lab's "C means YES, D means NO").
"""
from __future__ import annotations

import random

from . import draw, network

LEVELS = {
    "easy": {"rows": (1, 1), "widths": [[2, 1], [2, 2, 1], [3, 2], [2, 2, 2]],
             "hidden": ("identity", "relu", "sigmoid"), "outputs": ("identity", "relu", "sigmoid"),
             "bound": 2, "halves": False},
    "medium": {"rows": (1, 2), "widths": [[3, 2, 2], [2, 2, 1], [2, 3, 2], [3, 2, 1]],
               "hidden": ("relu", "leaky_relu", "sigmoid", "tanh"), "outputs": ("identity", "sigmoid", "softmax"),
               "bound": 2, "halves": False},
    "hard": {"rows": (1, 3), "widths": [[3, 2, 2], [2, 3, 2, 2], [3, 4, 2], [2, 2, 3, 3], [4, 3, 2, 1]],
             "hidden": ("relu", "leaky_relu", "sigmoid", "tanh", "sign", "identity"),
             "outputs": ("identity", "sigmoid", "softmax", "exp", "tanh"), "bound": 2, "halves": True},
}
#: Class names for a softmax output of 2 or 3 units.
CLASS_NAMES = {2: [["YES", "NO"], ["C", "D"], ["spam", "ham"]], 3: [["cat", "dog", "bird"], ["low", "medium", "high"]]}


def generate(rng: random.Random, difficulty: str = "easy") -> dict:
    """X and layers of a well-posed network; ``classes`` when the output is a softmax on one row."""
    level = LEVELS[difficulty]

    def candidate(r):
        n = draw.integer(r, *level["rows"])
        widths = draw.pick(r, level["widths"])
        output = draw.pick(r, level["outputs"]) if widths[-1] > 1 else draw.pick(r, ("identity", "sigmoid", "relu"))
        activations = [draw.pick(r, level["hidden"]) for _ in widths[1:-1]] + [output]
        layers = network.layers(r, widths, activations, level["bound"], level["halves"])
        X = network.entries(r, n, widths[0], level["bound"], False)
        return X, layers

    def acceptable(c):
        X, layers = c
        return network.well_posed(X, layers, distinct_outputs=_classifies(X, layers))

    X, layers = draw.redraw(rng, candidate, acceptable, "network")
    params = {"X": X, "layers": layers}
    if _classifies(X, layers):
        params["classes"] = draw.pick(rng, CLASS_NAMES[len(layers[-1]["W"][0])])
    return params


def _classifies(X, layers) -> bool:
    return len(X) == 1 and layers[-1]["activation"] == "softmax" and len(layers[-1]["W"][0]) in CLASS_NAMES
