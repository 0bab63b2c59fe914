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


EPS = np.finfo(float).eps


def refuse_where_imprecise(value, error) -> None:
    """Raise :class:`ParamError` where a float ``value``'s rounding error may pass
    :data:`TRUSTED_ERROR` of its size (or of 1, for a value below 1)."""
    value, error = np.abs(np.asarray(value, dtype=float)), np.asarray(error, dtype=float)
    if np.any(error > TRUSTED_ERROR * np.maximum(value, 1.0)):
        raise ParamError("large terms cancel in the float working, so it loses the answer's digits: "
                         "use inputs of similar size")


def refuse_where_cancelled(total, size, terms: int) -> None:
    """Raise :class:`ParamError` where a float sum ``total`` of ``terms`` products (or inputs),
    whose sizes add up to ``size``, may have lost its digits to cancellation: 1e300 + 1 - 1e300
    is 0 in floats, and 1e20 + 1 read as a float is 1e20. Each entry's rounding error is at most
    (terms + 1) x machine epsilon x its size (the inputs' own rounding included)."""
    refuse_where_imprecise(total, (terms + 1) * EPS * np.asarray(size, dtype=float))


def error_through(name: str, z, a, error, alpha) -> np.ndarray:
    """A bound, to first order, on the error of ``a = phi(z)`` when ``z`` is off by up to
    ``error`` (its own rounding added): ``|phi'(z)|`` times the error, entry by entry, and for a
    softmax row ``s_i (e_i + sum_j s_j e_j)``, since its Jacobian is ``s_i (delta_ij - s_j)``.
    Softmax of 5e300 + 7 and 5e300 is about (0.999, 0.001), but the float working, which cannot
    tell the two apart, gives (0.5, 0.5): the error of z (about 1e284) passes on whole."""
    from nngrade.core import maths

    z, a, error = (np.asarray(value, dtype=float) for value in (z, a, error))
    if maths.activation(name).slopes is None:
        passed = a * (error + (a * error).sum(axis=-1, keepdims=True))
    else:
        with np.errstate(invalid="ignore"):
            passed = np.abs(maths.dphi(name, z, alpha)) * error
    return np.where(error == 0, 0.0, passed) + 4 * EPS * np.abs(a)
