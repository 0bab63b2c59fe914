"""One step of backpropagation and gradient descent on a small dense network, worked exactly.

The network is built on the reverse-mode engine of :mod:`.autodiff`; the worked solution is the
engine's own record: the forward pass, the loss, each delta from the output back (the seed lab's
delta^(k) = (sum_l delta_l^(k+1) w_il^(k+1)) phi'(z^(k))), each gradient, then each update.
"""
from __future__ import annotations

import numpy as np

from . import network_numeric
from .solution import Solution, Step


def build(params, tape):
    """The network of ``params`` on the engine: (inputs, weights, biases, pre-activations, activations)."""
    from . import autodiff, exact

    X = autodiff.constant(exact.matrix(params["X"]), "X", tape)
    a, Ws, bs, zs, acts = X, [], [], [], []
    for k, layer in enumerate(params["layers"], start=1):
        W = autodiff.parameter(exact.matrix(layer["W"]), f"W^{{({k})}}", tape)
        b = autodiff.parameter(exact.matrix([layer["b"]]), f"b^{{({k})}}", tape)
        z = a.dense(W, b, k)
        a = z.activate(layer["activation"], k, exact.sym(layer["alpha"]) if "alpha" in layer else None)
        Ws.append(W)
        bs.append(b)
        zs.append(z)
        acts.append(a)
    return X, Ws, bs, zs, acts


def solve(params) -> Solution:
    """Exact output, loss, deltas, gradients and updated parameters, with every chain-rule step."""
    from . import autodiff, exact, latex

    tape = autodiff.Tape()
    _, Ws, bs, zs, acts = build(params, tape)
    output = acts[-1]
    L = output.loss(exact.matrix(params["y"]), params["loss"])
    L.backward()
    eta = exact.sym(params["learning_rate"])
    update_biases = params.get("update_biases", True)
    W_new = [exact.settle_matrix(W.value - eta * W.grad) for W in Ws]
    b_new = [exact.settle_matrix(b.value - eta * b.grad) if update_biases else b.value for b in bs]
    updates = []
    for k, (W, new) in enumerate(zip(Ws, W_new), start=1):
        updates.append(Step(
            f"Update ${W.symbol}$",
            rf"{W.symbol} \leftarrow {W.symbol} - \eta \frac{{\partial L}}{{\partial {W.symbol}}} = "
            rf"{latex.nested(W.value)} - {latex.product(latex.number(eta), latex.nested(W.grad))} = {latex.nested(new)}",
        ))
    for k, (b, new) in enumerate(zip(bs, b_new), start=1):
        if update_biases:
            updates.append(Step(
                f"Update ${b.symbol}$",
                rf"{b.symbol} \leftarrow {b.symbol} - \eta \frac{{\partial L}}{{\partial {b.symbol}}} = "
                rf"{latex.nested(b.value)} - {latex.product(latex.number(eta), latex.nested(b.grad))} = {latex.nested(new)}",
            ))
    if not update_biases:
        updates.append(Step("Biases stay", r"b^{(k)} \text{ unchanged}", "The problem keeps the biases fixed."))
    answers = {
        "output": exact.as_nested(output.value),
        "loss": L.value[0, 0],
        "delta": [exact.as_nested(z.grad) for z in zs],
        "grad_W": [exact.as_nested(W.grad) for W in Ws],
        "grad_b": [list(b.grad) for b in bs],
        "W_new": [exact.as_nested(W) for W in W_new],
        "b_new": [list(b) for b in b_new],
    }
    if params.get("ask_new_prediction"):
        answers.update(_new_prediction(params, W_new, b_new, tape))
    steps = tape.steps("forward", "loss", "delta", "gradient") + updates + tape.steps("after")
    return Solution(answers, steps)


def _new_prediction(params, W_new, b_new, tape) -> dict:
    """The prediction and error (yhat - y) of the updated network on the same inputs."""
    from . import exact, latex

    a = exact.matrix(params["X"])
    for k, (layer, W, b) in enumerate(zip(params["layers"], W_new, b_new), start=1):
        z = exact.settle_matrix(a * W + _rows(b, a.rows))
        a = _activate(layer, z)
    error = exact.settle_matrix(a - exact.matrix(params["y"]))
    tape.add("after", "Predict again with the updated parameters",
             rf"\hat y_{{\text{{new}}}} = {latex.nested(a)},\quad \hat y_{{\text{{new}}}} - y = {latex.nested(error)}",
             "The same forward pass, with the new weights and biases.")
    return {"new_output": exact.as_nested(a), "new_error": exact.as_nested(error)}


def _rows(b, n):
    import sympy as sp

    return sp.ones(n, 1) * b


def _activate(layer, z):
    import sympy as sp

    from nngrade.core import maths

    from . import exact

    if layer["activation"] == "softmax":
        return exact.settle_matrix(sp.Matrix([maths.exact_softmax(z.row(i)) for i in range(z.rows)]))
    alpha = exact.sym(layer["alpha"]) if "alpha" in layer else None
    return exact.settle_matrix(z.applyfunc(lambda entry: maths.exact_phi(layer["activation"], entry, alpha)))


def numeric_inputs(params):
    """Float X, y and layers of ``params``."""
    return (np.array(params["X"], dtype=float), np.array(params["y"], dtype=float),
            network_numeric.arrays(params["layers"]))


def solve_numeric(params, rnd=None, mistake: str | None = None) -> dict:
    """The NumPy twin; ``mistake`` (one of :data:`network_numeric.MISTAKES`) works it wrongly."""
    X, y, layers = numeric_inputs(params)
    result = network_numeric.backprop(
        X, y, layers, params["loss"], float(params["learning_rate"]), params.get("update_biases", True),
        rnd=rnd, mistakes=frozenset({mistake}) if mistake else frozenset(),
    )
    out = {part: result[part] for part in ("output", "loss", "delta", "grad_W", "grad_b", "W_new", "b_new")}
    if params.get("ask_new_prediction"):
        new_layers = [dict(layer, W=W, b=b) for layer, W, b in zip(layers, result["W_new"], result["b_new"])]
        _, acts = network_numeric.forward(X, new_layers, rnd)
        out["new_output"] = acts[-1]
        out["new_error"] = (rnd or (lambda v: v))(acts[-1] - y)
    return out
