"""Dense networks in float64: forward pass, losses and one backpropagation step, with named mistakes.

This is the NumPy twin of the exact engine (:mod:`.autodiff`), written as the usual matrix
formulas so that the two are independent checks of each other. ``rnd`` is applied to every
intermediate result (to measure how far an answer worked by hand with rounding drifts).
``mistakes`` switches on the wrong ways of working that the exercises diagnose; each is named
in :data:`MISTAKES`, and a mistake that cannot happen for a network (a W that is not square)
leaves that layer as it is.
"""
from __future__ import annotations

import numpy as np

from nngrade.core import maths

from .float_working import EPS, error_through, refuse_unless_finite, refuse_where_imprecise

#: The wrong ways of backpropagating that :func:`backprop` can imitate.
MISTAKES = (
    "phi_for_dphi",        # phi(z) used where phi'(z) belongs
    "no_dphi",             # delta not multiplied by phi'(z)
    "dphi_of_a",           # phi' evaluated at a = phi(z) instead of z
    "W_not_transposed",    # deltas sent back through W instead of W^T (square W only)
    "grad_W_transposed",   # W updated with the transposed gradient (square, asymmetric W only)
    "current_activation",  # grad W^(k) from a^(k) instead of a^(k-1) (square W only)
    "bias_summed",         # bias gradient summed over rows instead of averaged
    "bias_forgotten",      # bias gradient left out (zero), biases not updated
    "sign_flipped",        # theta + lr * grad
    "softmax_twice",       # fused (yhat - y) then multiplied by the activation's derivative again
)


def _unrounded(value):
    return value


def _check_mistakes(mistakes, known: tuple) -> None:
    """A misspelt mistake would silently imitate nothing: refuse it."""
    unknown = set(mistakes) - set(known)
    if unknown:
        raise ValueError(f"unknown mistakes: {', '.join(sorted(unknown))}")


def arrays(layers: list[dict]) -> list[dict]:
    """Float copies of exact layers."""
    return [
        {"W": np.array(layer["W"], dtype=float), "b": np.array(layer["b"], dtype=float),
         "activation": layer["activation"], "alpha": float(layer.get("alpha", maths.DEFAULT_ALPHA))}
        for layer in layers
    ]


#: The wrong ways of doing a forward pass that :func:`forward` can imitate.
FORWARD_MISTAKES = (
    "no_activation",          # a = z: the activation never applied
    "W_transposed",           # z = a W^T + b (square, asymmetric W only)
    "no_bias",                # z = a W
    "bias_after_activation",  # a = phi(a_prev W) + b
    "softmax_columns",        # softmax taken down each column instead of across each row
)


#: The last guarded forward passes (see :func:`forward`), by the bits of their inputs.
_PASSES: dict = {}
#: How many of them are kept.
MOST_PASSES = 16


def forward(X, layers: list[dict], rnd=None, mistakes=frozenset()) -> tuple[list, list]:
    """``z`` and ``a`` of every layer for inputs ``X`` (float layers from :func:`arrays`).

    A key works the same network's guarded pass (unrounded, no mistake) for the right answer
    and again under each misconception's backward pass, so the last few are kept, as copies,
    by the bits of their inputs; a pass that refuses is never kept, and refuses again."""
    _check_mistakes(mistakes, FORWARD_MISTAKES)
    if rnd is not None or mistakes:
        return _forward(X, layers, rnd, mistakes)
    X = np.asarray(X, dtype=float)
    key = (X.shape, X.tobytes(), tuple((W.dtype.str, W.shape, W.tobytes(), b.dtype.str, b.shape, b.tobytes(),
                                        layer["activation"], layer["alpha"])
                                       for layer in layers for W, b in [(layer["W"], layer["b"])]))
    kept = _PASSES.get(key)
    if kept is None:
        zs, acts = _forward(X, layers, None, mistakes)
        while len(_PASSES) >= MOST_PASSES:
            _PASSES.pop(next(iter(_PASSES), None), None)
        _PASSES[key] = kept = ([z.copy() for z in zs], [a.copy() for a in acts])
        return zs, acts
    return [z.copy() for z in kept[0]], [a.copy() for a in kept[1]]


def _forward(X, layers: list[dict], rnd, mistakes) -> tuple[list, list]:
    guarded = rnd is None  # a key's pass, not a mistake's rounded one: refuse where floats lose it
    rnd = rnd or _unrounded
    a = np.asarray(X, dtype=float)
    error = EPS * np.abs(a)
    zs, activations = [], []
    for layer in layers:
        fed = a
        W, name = layer["W"], layer["activation"]
        if "W_transposed" in mistakes and _square(W) and not np.allclose(W, W.T):
            W = W.T
        product = rnd(a @ W)
        shift = 0.0 if mistakes & {"no_bias", "bias_after_activation"} else layer["b"]
        z = rnd(product + shift)
        if "no_activation" in mistakes:
            a = z.copy()
        elif name == "softmax" and "softmax_columns" in mistakes:
            a = rnd(maths.phi(name, z.T, layer["alpha"]).T)
        else:
            a = rnd(maths.phi(name, z, layer["alpha"]))
        if "bias_after_activation" in mistakes:
            a = rnd(a + layer["b"])
        if guarded and not mistakes:
            error = _guarded(layer, fed, z, a, error)
        zs.append(z)
        activations.append(a)
    return zs, activations


def _guarded(layer, fed, z, a, error):
    """Refuse a layer whose float working may lose its z or a; returns the bound on a's error.

    ``fed`` is the layer's input up to ``error``; z = fed W + b adds its own rounding,
    (inputs + 2) x epsilon x the size of its terms."""
    W, b = layer["W"], layer["b"]
    refuse_unless_finite(z, a)
    z_error = error @ np.abs(W) + (W.shape[0] + 2) * EPS * (np.abs(fed) @ np.abs(W) + np.abs(b))
    refuse_where_imprecise(z, z_error)
    a_error = error_through(layer["activation"], z, a, z_error, layer["alpha"])
    refuse_where_imprecise(a, a_error)
    return a_error


def _scores_for(loss: str, out: dict, z: np.ndarray):
    """The output scores where the loss is taken from them (bce after a sigmoid), else None."""
    return z if (out["activation"], loss) in maths.FUSED and loss == "bce" else None


def _slope(layer, z, a, mistakes) -> np.ndarray:
    """What multiplies dL/da to give delta, under the chosen mistakes (elementwise layers)."""
    name, alpha = layer["activation"], layer["alpha"]
    if "no_dphi" in mistakes:
        return np.ones_like(z)
    if "phi_for_dphi" in mistakes:
        return maths.phi(name, z, alpha)
    if "dphi_of_a" in mistakes:
        return maths.dphi(name, a, alpha)
    return maths.dphi(name, z, alpha)


def _through_activation(layer, z, a, g, mistakes, rnd):
    if layer["activation"] == "softmax":
        return rnd(maths.softmax_backward(a, g))
    return rnd(g * rnd(_slope(layer, z, a, mistakes)))


def _square(W) -> bool:
    return W.shape[0] == W.shape[1]


def backprop(X, y, layers: list[dict], loss: str, learning_rate: float, update_biases: bool = True,
             rnd=None, mistakes=frozenset()) -> dict:
    """One gradient step: output, loss, deltas, gradients and updated parameters (float layers)."""
    _check_mistakes(mistakes, MISTAKES)
    zs, acts = forward(X, layers, rnd)  # unrounded, it refuses where its floats lose the pass
    rnd = rnd or _unrounded
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    yhat = acts[-1]
    out = layers[-1]
    deltas = [None] * len(layers)
    if (out["activation"], loss) in maths.FUSED:
        delta = rnd(maths.factor(loss, yhat) * (yhat - y))
        if "softmax_twice" in mistakes:
            delta = rnd(delta * yhat * (1 - yhat))
    else:
        delta = _through_activation(out, zs[-1], yhat, rnd(maths.slope(loss, yhat, y)), mistakes, rnd)
    deltas[-1] = delta
    for k in range(len(layers) - 2, -1, -1):
        W_next = layers[k + 1]["W"]
        back = W_next if "W_not_transposed" in mistakes and _square(W_next) else W_next.T
        deltas[k] = _through_activation(layers[k], zs[k], acts[k], rnd(deltas[k + 1] @ back), mistakes, rnd)
    inputs = [X] + acts[:-1]
    grad_W, grad_b, W_new, b_new = [], [], [], []
    n = X.shape[0]
    for k, layer in enumerate(layers):
        fed = acts[k] if "current_activation" in mistakes and _square(layer["W"]) else inputs[k]
        gW = rnd(fed.T @ deltas[k])
        gb = rnd(deltas[k].sum(axis=0))
        if "bias_summed" in mistakes and loss in maths.MEAN_LOSSES:
            gb = rnd(gb * n)
        if "bias_forgotten" in mistakes:
            gb = np.zeros_like(gb)
        step = -learning_rate if "sign_flipped" in mistakes else learning_rate
        asymmetric = _square(layer["W"]) and not np.allclose(layer["W"], layer["W"].T)
        used = gW.T if "grad_W_transposed" in mistakes and asymmetric else gW
        grad_W.append(gW)
        grad_b.append(gb)
        W_new.append(rnd(layer["W"] - rnd(step * used)))
        b_new.append(rnd(layer["b"] - rnd(step * gb)) if update_biases else layer["b"].copy())
    return {
        "z": zs, "a": acts, "output": yhat, "loss": rnd(maths.value(loss, yhat, y, _scores_for(loss, out, zs[-1]))),
        "delta": deltas, "grad_W": grad_W, "grad_b": grad_b, "W_new": W_new, "b_new": b_new,
    }
