"""The ``layers`` parameter of a dense network: a list of ``{"W", "b", "activation", ["alpha"]}``.

Forward passes and backpropagation share this reader so that a network is written the same way
in every problem file. Each layer computes ``z = a_prev @ W + b`` (contract, section 2), so ``W``
is inputs x units and ``b`` has one entry per unit; consecutive layers must chain (the units of
one layer are the inputs of the next). Shapes against ``X`` are checked by the exercise.
"""
from __future__ import annotations

from fractions import Fraction

from . import params as P
from .maths import ACTIVATIONS, DEFAULT_ALPHA, WITH_ALPHA
from .numbers import to_jsonable
#: Most layers and units a hand-worked network may have.
MAX_LAYERS, MAX_UNITS = 6, 16

_KEYS = {"W", "b", "activation", "alpha"}


def read_layers(value) -> list[dict]:
    """Canonical layers: ``W`` a matrix, ``b`` a vector (zeros when left out), activation, alpha."""
    if not isinstance(value, (list, tuple)) or not value:
        raise P.ParamError("expected a non-empty list of layers")
    if len(value) > MAX_LAYERS:
        raise P.ParamError(f"at most {MAX_LAYERS} layers")
    layers = [_read_layer(index, raw) for index, raw in enumerate(value, start=1)]
    for index, (before, after) in enumerate(zip(layers, layers[1:]), start=2):
        if len(before["W"][0]) != len(after["W"]):
            raise P.ParamError(
                f"layer {index}: W has {len(after['W'])} rows but layer {index - 1} has {len(before['W'][0])} units"
            )
    return layers


def _read_layer(index: int, raw) -> dict:
    if not isinstance(raw, dict):
        raise P.ParamError(f"layer {index}: expected a mapping with W, b and activation")
    unknown = sorted(set(map(str, raw)) - _KEYS)
    if unknown:
        raise P.ParamError(f"layer {index}: unknown key(s) {', '.join(unknown)}")
    try:
        W = P.column_or_matrix().read(raw["W"]) if "W" in raw else None
        if W is None:
            raise P.ParamError("missing W")
        if len(W) > MAX_UNITS or len(W[0]) > MAX_UNITS:
            raise P.ParamError(f"at most {MAX_UNITS} inputs and units")
        units = len(W[0])
        b = P.vector().read(raw["b"]) if raw.get("b") is not None else [Fraction(0)] * units
        if len(b) != units:
            raise P.ParamError(f"b has {len(b)} entries but W has {units} columns (units)")
        activation = raw.get("activation", "identity")
        if activation not in ACTIVATIONS:
            raise P.ParamError(f"activation must be one of {', '.join(ACTIVATIONS)}, got {activation!r}")
        layer = {"W": W, "b": b, "activation": activation}
        if activation in WITH_ALPHA:
            layer["alpha"] = P.number().read(raw["alpha"]) if raw.get("alpha") is not None else DEFAULT_ALPHA
        elif raw.get("alpha") is not None:
            raise P.ParamError(f"alpha is only used by {', '.join(WITH_ALPHA)}")
    except P.ParamError as error:
        raise P.ParamError(f"layer {index}: {error}") from None
    return layer


def write_layers(layers: list[dict]) -> list[dict]:
    """JSON layers that read back to the same values (default alpha left out)."""
    out = []
    for layer in layers:
        item = {
            "W": [[to_jsonable(entry) for entry in row] for row in layer["W"]],
            "b": [to_jsonable(entry) for entry in layer["b"]],
            "activation": layer["activation"],
        }
        if layer["activation"] in WITH_ALPHA and layer.get("alpha", DEFAULT_ALPHA) != DEFAULT_ALPHA:
            item["alpha"] = to_jsonable(layer["alpha"])
        out.append(item)
    return out


def layers(default=P._REQUIRED, doc: str = "dense layers, first to last") -> P.Param:
    """The ``layers`` parameter reader and writer."""
    return P.custom(read_layers, write_layers, default, doc)


def check_inputs(X: list[list], layers_: list[dict]) -> None:
    """Raise :class:`ParamError` unless the first layer takes as many inputs as ``X`` has columns."""
    if len(X[0]) != len(layers_[0]["W"]):
        raise P.ParamError(f"X has {len(X[0])} columns but the first layer's W has {len(layers_[0]['W'])} rows")


def output_units(layers_: list[dict]) -> int:
    """How many units the last layer has."""
    return len(layers_[-1]["W"][0])
