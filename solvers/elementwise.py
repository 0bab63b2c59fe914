"""Activation functions phi and their derivatives phi', exact (sympy) and in float64 (NumPy).

The network engine needs phi and phi' on whole matrices; softmax works on each row and has no
elementwise derivative, so its backward rule lives in the engine.

At z = 0, where ReLU, leaky ReLU and sign have no derivative, every kind that differentiates
them takes the slope of the negative side, as PyTorch, TensorFlow and JAX do: ReLU'(0) = 0,
leaky ReLU'(0) = alpha, sign'(0) = 0 (:data:`KINK_RULE`). Generators keep z away from 0, so a
drawn problem never depends on the rule; a hand-written one gets it stated in its worked steps.
sympy is imported inside the exact functions only.
"""
from __future__ import annotations

import numpy as np

#: Functions with a kink at z = 0, where the rule of the module docstring applies.
KINKED = ("relu", "leaky_relu", "sign")
#: The rule at the kink, in words, for the worked steps.
KINK_RULE = (r"at $z = 0$, where it has no derivative, the slope of the negative side is used "
             r"($\operatorname{ReLU}'(0) = 0$, leaky $\operatorname{ReLU}'(0) = \alpha$, $\operatorname{sign}'(0) = 0$), "
             "as PyTorch, TensorFlow and JAX do")


def exact_phi(name: str, z, alpha=None):
    """phi(z) for one exact sympy number (softmax is done per row by :func:`exact_softmax`)."""
    import sympy as sp

    if name == "identity":
        return z
    if name == "sigmoid":
        return 1 / (1 + sp.exp(-z))
    if name == "tanh":
        return sp.tanh(z)
    if name == "relu":
        return z if z > 0 else sp.Integer(0)
    if name == "leaky_relu":
        return z if z > 0 else alpha * z
    if name == "exp":
        return sp.exp(z)
    if name == "sign":
        return sp.sign(z)
    raise ValueError(f"{name} is not an elementwise activation")


def exact_dphi(name: str, z, alpha=None):
    """phi'(z) for one exact sympy number, written through phi where that is shortest."""
    import sympy as sp

    if name == "identity":
        return sp.Integer(1)
    if name == "sigmoid":
        s = exact_phi("sigmoid", z)
        return s * (1 - s)
    if name == "tanh":
        return 1 - sp.tanh(z) ** 2
    if name == "relu":
        return sp.Integer(1) if z > 0 else sp.Integer(0)
    if name == "leaky_relu":
        return sp.Integer(1) if z > 0 else alpha
    if name == "exp":
        return sp.exp(z)
    if name == "sign":
        return sp.Integer(0)
    raise ValueError(f"{name} is not an elementwise activation")


def exact_softmax(row: list) -> list:
    """Softmax of one row of exact numbers."""
    import sympy as sp

    exps = [sp.exp(entry) for entry in row]
    total = sum(exps)
    return [e / total for e in exps]


def _keep(values):
    return values


def phi(name: str, z, alpha: float = 0.01, rnd=None) -> np.ndarray:
    """phi on a float array (softmax over each row); ``rnd`` rounds each intermediate result."""
    rnd = rnd or _keep
    z = np.asarray(z, dtype=float)
    alpha = float(alpha)
    with np.errstate(over="ignore"):
        if name == "identity":
            return z.copy()
        if name == "sigmoid":
            return rnd(1.0 / rnd(1.0 + rnd(np.exp(-z))))
        if name == "tanh":
            return rnd(np.tanh(z))
        if name == "relu":
            return np.where(z > 0, z, 0.0)
        if name == "leaky_relu":
            return np.where(z > 0, z, rnd(alpha * z))
        if name == "exp":
            return rnd(np.exp(z))
        if name == "sign":
            return np.sign(z)
        if name == "softmax":
            exps = rnd(np.exp(z - z.max(axis=-1, keepdims=True)))
            return rnd(exps / rnd(exps.sum(axis=-1, keepdims=True)))
    raise ValueError(f"unknown activation {name!r}")


def dphi(name: str, z, alpha: float = 0.01, rnd=None) -> np.ndarray:
    """phi'(z) on a float array, entry by entry (not defined for softmax); ``rnd`` as in :func:`phi`."""
    rnd = rnd or _keep
    z = np.asarray(z, dtype=float)
    if name == "identity":
        return np.ones_like(z)
    if name == "sigmoid":
        s = phi("sigmoid", z, rnd=rnd)
        return rnd(s * rnd(1.0 - s))
    if name == "tanh":
        t = phi("tanh", z, rnd=rnd)
        return rnd(1.0 - rnd(t * t))
    if name == "relu":
        return np.where(z > 0, 1.0, 0.0)
    if name == "leaky_relu":
        return np.where(z > 0, 1.0, float(alpha))
    if name == "exp":
        return phi("exp", z, rnd=rnd)
    if name == "sign":
        return np.zeros_like(z)
    raise ValueError(f"{name} has no elementwise derivative")


def softmax_backward(s: np.ndarray, g: np.ndarray) -> np.ndarray:
    """dL/dz for softmax rows ``s`` given dL/da = ``g``: s * (g - sum(g * s)) on each row."""
    return s * (g - (g * s).sum(axis=-1, keepdims=True))
