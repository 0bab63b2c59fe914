"""Numeric comparison modes: relative + absolute tolerance, significant figures, decimals, exact.

Each mode returns a boolean array (one entry per number) so that per-entry partial credit and
all-or-nothing credit share one code path.
"""
from __future__ import annotations

import numpy as np

from .spec import AnswerSpec

#: Relative slack allowed on top of ``exact`` mode, for float representation only.
EXACT_RTOL = 1e-12


def close(got: np.ndarray, expected: np.ndarray, spec: AnswerSpec, slack=0.0) -> np.ndarray:
    """Entry-wise: is ``got`` acceptable for ``expected`` under the spec's mode?

    ``slack`` is extra absolute tolerance (scalar or array like ``expected``) from rounding.
    """
    got = np.asarray(got, dtype=float)
    expected = np.asarray(expected, dtype=float)
    with np.errstate(all="ignore"):
        if spec.mode == "exact":
            return np.abs(got - expected) <= EXACT_RTOL * np.maximum(np.abs(expected), 1.0)
        if spec.mode == "sigfigs":
            return _round_sig(got, spec.sigfigs) == _round_sig(expected, spec.sigfigs)
        if spec.mode == "decimals":
            return np.abs(got - expected) <= 0.5 * 10.0 ** (-spec.decimals) * (1 + 1e-9)
        bound = spec.atol + spec.rtol * np.abs(expected) + np.asarray(slack, dtype=float)
        return np.abs(got - expected) <= bound


def _round_sig(values: np.ndarray, figures: int) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    out = np.zeros_like(values)
    nonzero = values != 0
    magnitude = np.floor(np.log10(np.abs(values[nonzero])))
    scale = 10.0 ** (figures - 1 - magnitude)
    out[nonzero] = np.round(values[nonzero] * scale) / scale
    return out
