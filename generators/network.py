"""Draws of small dense networks with hand-workable numbers, shared by forward_pass and backprop.

Weights, biases and inputs are small integers or halves; a draw is refused when a unit has only
zero weights or a square W is symmetric, when a kink is hit (ReLU, leaky ReLU or sign at exactly
z = 0), when a pre-activation is so large that sigmoid, tanh, softmax or exp saturate or explode,
or when an output row has ties (no clear predicted class). Nothing can be guessed either: a ReLU
unit that is dead on every row (its column of activations all 0, its gradients all 0) is refused,
and so is an output that is 0 everywhere.
"""
from __future__ import annotations

import random
from fractions import Fraction

import numpy as np

from nngrade.core import maths

from . import draw

#: Activations whose units can be dead (0 on every row: nothing to work, a guessable 0).
DYING = ("relu",)
#: Largest |z| that an activation which saturates or explodes (:data:`maths.SATURATING`) may see.
MAX_SMOOTH_Z = 3
#: Largest |z| of any layer, so that hand arithmetic stays small.
MAX_Z = 12


def entries(rng: random.Random, rows: int, cols: int, bound: int, halves: bool) -> list[list[Fraction]]:
    """A matrix of integers in [-bound, bound], or of halves when ``halves``."""
    if halves:
        return [[draw.decimal(rng, -bound, bound, Fraction(1, 2)) for _ in range(cols)] for _ in range(rows)]
    return draw.integer_matrix(rng, rows, cols, -bound, bound)


def layers(rng: random.Random, widths: list[int], activations: list[str], bound: int, halves: bool,
           biases: bool = True) -> list[dict]:
    """Dense layers with ``widths[k] x widths[k+1]`` weights and the given activations."""
    out = []
    for k, activation in enumerate(activations):
        W = entries(rng, widths[k], widths[k + 1], bound, halves)
        b = entries(rng, 1, widths[k + 1], bound, halves)[0] if biases else [Fraction(0)] * widths[k + 1]
        layer = {"W": W, "b": b, "activation": activation}
        if activation in maths.WITH_ALPHA:
            layer["alpha"] = Fraction(1, 10)
        out.append(layer)
    return out


def pre_activations(X, network: list[dict]) -> tuple[list[np.ndarray], np.ndarray]:
    """Float z of every layer and the output, for screening a draw."""
    a = np.array(X, dtype=float)
    zs = []
    for layer in network:
        z = a @ np.array(layer["W"], dtype=float) + np.array(layer["b"], dtype=float)
        a = maths.phi(layer["activation"], z, layer.get("alpha", maths.DEFAULT_ALPHA))
        zs.append(z)
    return zs, a


def _symmetric(W) -> bool:
    """A square W equal to its transpose: "W transposed" could not be told from W."""
    return len(W) == len(W[0]) > 1 and all(W[i][j] == W[j][i] for i in range(len(W)) for j in range(i))


def well_posed(X, network: list[dict], distinct_outputs: bool = False) -> bool:
    """No kink hit, no saturation, no unit without weights, no symmetric W, no dead ReLU unit, no
    all-zero output, no ties when asked."""
    zs, output = pre_activations(X, network)
    for layer, z in zip(network, zs):
        if any(all(row[j] == 0 for row in layer["W"]) for j in range(len(layer["W"][0]))):
            return False
        if _symmetric(layer["W"]):
            return False
        if np.abs(z).max() > MAX_Z:
            return False
        if layer["activation"] in maths.KINKED and np.any(z == 0):
            return False
        if layer["activation"] in maths.SATURATING and np.abs(z).max() > MAX_SMOOTH_Z:
            return False
        if layer["activation"] in DYING and np.any(np.all(z <= 0, axis=0)):
            return False
    if not np.any(output):
        return False
    if distinct_outputs and output.shape[1] > 1:
        ordered = np.sort(output, axis=1)
        if np.any(ordered[:, -1] - ordered[:, -2] < 1e-3):
            return False
    return True
