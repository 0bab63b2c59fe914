"""Numeric comparison modes: relative + absolute tolerance, significant figures, decimals, exact.

Each mode returns a boolean array (one entry per number) so that per-entry partial credit and
all-or-nothing credit share one code path. Every mode except ``exact`` also accepts the rounding
``slack`` of the answer key (the drift of an answer worked by hand with rounded intermediates).

- ``tolerance``: ``|got - expected| <= atol + rtol * |expected| + slack``.
- ``sigfigs``: within half a unit of the ``sigfigs``-th significant figure of the expected value
  (so both roundings of a tie are accepted), plus slack.
- ``decimals``: within half a unit of the ``decimals``-th decimal place, plus slack.
- ``exact``: equal as rational numbers when the key holds Fractions (see :func:`exact_equal`);
  on floats, equal up to float representation (``EXACT_RTOL``).
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from .spec import AnswerSpec

#: Relative slack allowed in ``exact`` mode on floats, for float representation only.
EXACT_RTOL = 1e-12
#: Smallest band in ``sigfigs`` mode: an exact 0 computed by the twin may come out as 1e-17.
NOISE_FLOOR = 1e-12
#: Relative allowance for float noise at the edge of a band (0.125 rounded is 0.13 or 0.12).
EDGE = 1e-9


def close(got: np.ndarray, expected: np.ndarray, spec: AnswerSpec, slack=0.0) -> np.ndarray:
    """Entry-wise: is ``got`` acceptable for ``expected`` under the spec's mode?

    ``slack`` is extra absolute tolerance (scalar or array like ``expected``) from rounding.
    """
    got = np.asarray(got, dtype=float)
    expected = np.asarray(expected, dtype=float)
    slack = np.asarray(slack, dtype=float)
    with np.errstate(all="ignore"):
        error = np.abs(got - expected)
        if spec.mode == "exact":
            return error <= EXACT_RTOL * np.maximum(np.abs(expected), 1.0)
        if spec.mode == "sigfigs":
            bound = np.maximum(half_unit(expected, spec.sigfigs), NOISE_FLOOR)
        elif spec.mode == "decimals":
            bound = np.full(expected.shape, 0.5 * 10.0 ** (-spec.decimals))
        else:
            bound = spec.atol + spec.rtol * np.abs(expected)
        bound = bound * (1 + EDGE) + slack
        return np.isfinite(error) & (error <= bound)


def half_unit(expected: np.ndarray, figures: int) -> np.ndarray:
    """Half a unit in the ``figures``-th significant place of each expected value (0 for 0)."""
    expected = np.abs(np.asarray(expected, dtype=float))
    out = np.zeros_like(expected)
    nonzero = expected > 0
    magnitude = np.floor(np.log10(expected[nonzero]))
    out[nonzero] = 0.5 * 10.0 ** (magnitude - figures + 1)
    return out


def exact_equal(got: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Entry-wise equality of an answer read as Fractions with exact expected values.

    ``expected`` holds Fractions where the exact answer is rational and floats where it is not
    (a closed form with exp or log); those entries are compared as in float ``exact`` mode.
    """
    out = np.zeros(expected.shape, dtype=bool)
    for index in np.ndindex(expected.shape):
        want, value = expected[index], got[index]
        if type(want) is Fraction:
            out[index] = value == want
        else:
            out[index] = abs(float(value) - float(want)) <= EXACT_RTOL * max(abs(float(want)), 1.0)
    return out
