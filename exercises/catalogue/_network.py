"""LaTeX of a network's layers for the statements of forward_pass and backprop (no EXERCISE here)."""
from __future__ import annotations

from nngrade.core import maths


def describe_activation(layer: dict) -> str:
    """TeX of a layer's activation in words (leaky ReLU with its slope as maths)."""
    from nngrade.solvers import latex

    name = rf"\text{{{maths.ACTIVATIONS[layer['activation']].words}}}"
    if layer["activation"] in maths.WITH_ALPHA:
        return rf"{name}\ (\alpha = {latex.number(layer['alpha'])})"
    return name


def network_fragments(params: dict) -> dict[str, str]:
    """``network``: one display line per layer, W^(k), b^(k) and its activation; ``architecture``:
    widths; ``loss_name``: the loss in words, where the problem has one."""
    from nngrade.solvers import latex

    lines = []
    for k, layer in enumerate(params["layers"], start=1):
        lines.append(
            rf"W^{{({k})}} = {latex.matrix(layer['W'])},\quad b^{{({k})}} = {latex.row(layer['b'])},"
            rf"\quad \phi^{{({k})}} = {describe_activation(layer)}"
        )
    widths = [len(params["layers"][0]["W"])] + [len(layer["W"][0]) for layer in params["layers"]]
    return {"network": r" \\ ".join(lines), "architecture": "-".join(map(str, widths)),
            **({"loss_name": maths.LOSSES[params["loss"]].title} if "loss" in params else {})}
