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
