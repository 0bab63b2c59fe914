"""LaTeX of a network's layers for the statements of forward_pass and backprop (no EXERCISE here)."""
from __future__ import annotations

from nngrade.core import maths


def describe_activation(layer: dict) -> str:
    """Words for a layer's activation (leaky ReLU with its slope)."""
    from nngrade.solvers import latex

    name = maths.ACTIVATIONS[layer["activation"]].words
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
    """The parts a mistake changes, or None when the grader could not name the mistake.

    The grader calls an answer "transposed" when a square matrix of it (a layer, or the whole
    answer), transposed, matches the right one within tolerance. A mistake whose answer does that
    (its layer left right but nearly symmetric, or its wrong matrix the transpose of the right one)
    would be reported as a transposition, so such a mistake is not offered for this problem.
    """
    changed = {part: value for part, value in wrong.items() if not same(value, right[part])}
    for part, value in changed.items():
        pairs = zip(value, right[part]) if isinstance(value, list) else [(value, right[part])]
        if any(_transpose_matches(got, want, rtol, atol) for got, want in pairs):
            return None
    return changed or None


def _transpose_matches(got, want, rtol: float, atol: float) -> bool:
    import numpy as np

    if isinstance(got, str):
        return False
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    if got.ndim != 2 or got.shape[0] != got.shape[1] or got.shape[0] < 2 or want.shape != got.shape:
        return False
    return bool(np.all(np.abs(got.T - want) <= atol + rtol * np.abs(want)))
