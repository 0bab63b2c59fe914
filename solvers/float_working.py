"""The NumPy twins' guard on their own float arithmetic: a twin refuses rather than answer wrong.

A twin works in float64, so an intermediate product past about 1.8e308 becomes inf, and what
follows from it (a solve, a reciprocal, inf - inf) can come out finite yet wrong: X^T X of an X
entry of 1e300 overflows, and solving with it gives beta_hat = 0. The grader's keys come from
the twins, so a twin that meets such a value raises :class:`ParamError`, the one-line refusal
the exact solvers give for answers beyond the float range; the exact solution still stands.
"""
from __future__ import annotations

import numpy as np

from nngrade.core.params import ParamError


def refuse_unless_finite(*values) -> None:
    """Raise :class:`ParamError` unless every entry of every value is a finite float."""
    for value in values:
        if not np.all(np.isfinite(np.asarray(value, dtype=float))):
            raise ParamError("an intermediate value of the float working is beyond the range of floating-point "
                             "numbers (about 1.8e308): use smaller inputs")


#: A twin's float value is refused where its rounding error may pass this much of the value's
#: size (or of 1, for a value below 1): far inside every grading tolerance (5e-4 at the least).
TRUSTED_ERROR = 1e-6


def refuse_where_cancelled(total, size, terms: int) -> None:
    """Raise :class:`ParamError` where a float sum ``total`` of ``terms`` products (or inputs),
    whose sizes add up to ``size``, may have lost its digits to cancellation: 1e300 + 1 - 1e300
    is 0 in floats, and 1e20 + 1 read as a float is 1e20. Each entry's rounding error is at most
    (terms + 1) x machine epsilon x its size (the inputs' own rounding included)."""
    total, size = np.abs(np.asarray(total, dtype=float)), np.asarray(size, dtype=float)
    error = (terms + 1) * np.finfo(float).eps * size
    if np.any(error > TRUSTED_ERROR * np.maximum(total, 1.0)):
        raise ParamError("large terms cancel in the float working, so it loses the answer's digits: "
                         "use inputs of similar size")
