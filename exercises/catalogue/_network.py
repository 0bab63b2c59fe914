"""LaTeX of a network's layers for the statements of forward_pass and backprop (no EXERCISE here)."""
from __future__ import annotations

ACTIVATION_NAMES = {
    "identity": "identity", "sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU",
    "leaky_relu": "leaky ReLU", "softmax": "softmax", "exp": "exponential", "sign": "sign",
}


def describe_activation(layer: dict) -> str:
    """Words for a layer's activation (leaky ReLU with its slope)."""
    from nngrade.solvers import latex

    name = ACTIVATION_NAMES[layer["activation"]]
    if layer["activation"] == "leaky_relu":
        return f"{name} (alpha = {latex.number(layer['alpha'])})"
    return name


def network_fragments(params: dict) -> dict[str, str]:
    """``network``: one display line per layer, W^(k), b^(k) and its activation; ``architecture``: widths."""
    from nngrade.solvers import latex

    lines = []
    for k, layer in enumerate(params["layers"], start=1):
        lines.append(
            rf"W^{{({k})}} = {latex.matrix(layer['W'])},\quad b^{{({k})}} = {latex.row(layer['b'])},"
            rf"\quad \phi^{{({k})}} = \text{{{describe_activation(layer)}}}"
        )
    widths = [len(params["layers"][0]["W"])] + [len(layer["W"][0]) for layer in params["layers"]]
    return {"network": r" \\ ".join(lines), "architecture": "-".join(map(str, widths))}


def same(a, b) -> bool:
    """True when two answers (numbers, arrays, labels, lists over layers) agree to 1e-12."""
    import numpy as np

    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-12, atol=1e-12))


def changed_parts(right: dict, wrong: dict, rtol: float, atol: float) -> dict | None:
    """The parts a mistake changes, or None when its answer could not be told apart by the grader.

    The grader calls a wrong per-layer answer "transposed" when one of its layers, transposed,
    matches the right one within tolerance; a layer the mistake left right but that is nearly
    symmetric would then hide the mistake's own diagnosis, so such a mistake is not offered.
    """
    changed = {part: value for part, value in wrong.items() if not same(value, right[part])}
    for part, value in changed.items():
        if isinstance(value, list) and any(_nearly_symmetric(layer, rtol, atol) for layer in value):
            return None
    return changed or None


def _nearly_symmetric(value, rtol: float, atol: float) -> bool:
    import numpy as np

    matrix = np.asarray(value, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] < 2:
        return False
    return bool(np.all(np.abs(matrix.T - matrix) <= atol + rtol * np.abs(matrix)))
