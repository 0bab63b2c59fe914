"""Shape checks: say what shape was expected and what came, and forgive harmless orientation."""
from __future__ import annotations

import numpy as np


def components(expected) -> list[np.ndarray]:
    """An expected value as one array, or one array per layer or step when their shapes differ."""
    try:
        return [np.asarray(expected, dtype=float)]
    except ValueError:
        return [np.asarray(item, dtype=float) for item in expected]


def describe(shape: tuple) -> str:
    """Words for a shape: ``a single number``, ``a list of 3 numbers``, ``a 2x1 matrix (a column)``."""
    if shape == ():
        return "a single number"
    if len(shape) == 1:
        return "an empty list" if shape[0] == 0 else f"a flat list of {shape[0]} number{'s' if shape[0] != 1 else ''}"
    if len(shape) == 2:
        orientation = ""
        if shape[1] == 1 and shape[0] > 1:
            orientation = " (a column)"
        elif shape[0] == 1 and shape[1] > 1:
            orientation = " (a row)"
        return f"a {shape[0]}x{shape[1]} matrix{orientation}"
    if len(shape) == 3:
        return f"a list of {shape[0]} matrices of shape {shape[1]}x{shape[2]}"
    return "an array of shape " + "x".join(map(str, shape))


def conform(got: np.ndarray, expected_shape: tuple, flat_ok: bool) -> tuple[np.ndarray | None, str, str]:
    """Bring ``got`` to ``expected_shape`` where that is harmless.

    Returns ``(array, "", "")`` when the shapes agree (after forgiving a flat list for a
    one-column matrix, or a one-entry list for a number), else ``(None, code, message)`` where
    ``code`` is ``transposed``, ``orientation`` (a row, column or flat list where the spec asks
    for another of these) or ``shape``.
    """
    if got.shape == expected_shape:
        return got, "", ""
    if got.size == 1 and expected_shape == ():
        return got.reshape(()), "", ""
    single_axis = len(expected_shape) <= 2 and max(expected_shape, default=1) == int(np.prod(expected_shape))
    if flat_ok and single_axis and got.ndim <= 2 and got.size == int(np.prod(expected_shape)) and _is_line(got.shape):
        return got.reshape(expected_shape), "", ""
    if not flat_ok and single_axis and got.ndim <= 2 and got.size == int(np.prod(expected_shape)) and _is_line(got.shape):
        return None, "orientation", (
            f"expected {describe(expected_shape)}, got {describe(got.shape)}: here the orientation matters"
        )
    if got.ndim == 2 and len(expected_shape) == 2 and got.shape == expected_shape[::-1]:
        return None, "transposed", (
            f"expected {describe(expected_shape)}, got {describe(got.shape)}: the answer looks transposed"
        )
    return None, "shape", f"expected {describe(expected_shape)}, got {describe(got.shape)}"


def _is_line(shape: tuple) -> bool:
    return len(shape) <= 1 or min(shape) == 1
