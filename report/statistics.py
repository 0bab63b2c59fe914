"""The item statistics: Moodle's facility and discrimination index, and the test that flags a
variant much harder or easier than its siblings.

- **Facility** (Moodle's facility index): the mean score on the item as a share of its maximum,
  ``mean(x_i) / max_i``; 1 is an item everybody got right.
- **Discrimination index** (Moodle's): the Pearson correlation between the score on the item and
  the score on the rest of the assignment, ``r(x_i, X - x_i)``; near 0, or negative, for an
  item that strong and weak students do equally well on.
- **Unfair variants**: a variant's scores against those of its sibling variants, with Welch's
  t-test (unequal variances, so a variant whose scores spread differently is not flagged for
  that), two-sided; the p-values of every variant tested in a report go through Holm's
  step-down (:func:`holm_step`; the procedure is :func:`nngrade.report.analysis._flag_variants`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np


def facility(scores: Sequence[float], max_score: float) -> float | None:
    """Mean score as a share of ``max_score``; None with no scores or no marks to earn."""
    if not len(scores) or max_score <= 0:
        return None
    return float(np.mean(scores)) / max_score


def discrimination(item: Sequence[float], rest: Sequence[float]) -> float | None:
    """Pearson's r between the item's scores and the rest of each student's total; None where
    either does not vary (the correlation is not defined)."""
    x, y = np.asarray(item, dtype=float), np.asarray(rest, dtype=float)
    if len(x) < 2 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return None
    # Scaled to at most 1 first, so that the sums of squares of tiny scores cannot underflow to 0.
    x, y = x / np.abs(x).max(), y / np.abs(y).max()
    dx, dy = x - x.mean(), y - y.mean()
    r = float(dx @ dy) / (math.sqrt(float(dx @ dx)) * math.sqrt(float(dy @ dy)))
    return min(1.0, max(-1.0, r))


@dataclass(frozen=True)
class Welch:
    """Welch's t-test of two samples' means."""

    t: float
    df: float
    p_value: float


def welch(a: Sequence[float], b: Sequence[float]) -> Welch | None:
    """Welch's two-sided t-test of ``mean(a) == mean(b)``; None with fewer than 2 in either."""
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if len(x) < 2 or len(y) < 2:
        return None
    scale = max(float(np.abs(x).max()), float(np.abs(y).max()))
    if scale > 0:  # t and its degrees of freedom do not change with the unit; squares of tiny ones would underflow
        x, y = x / scale, y / scale
    vx, vy = float(x.var(ddof=1)) / len(x), float(y.var(ddof=1)) / len(y)
    difference = float(x.mean() - y.mean())
    if vx + vy == 0:  # neither sample varies: the means are equal, or certainly differ
        return Welch(0.0 if difference == 0 else math.copysign(math.inf, difference), math.inf,
                     1.0 if difference == 0 else 0.0)
    t = difference / math.sqrt(vx + vy)
    share_x, share_y = vx / (vx + vy), vy / (vx + vy)  # Satterthwaite's formula over shares: no square underflows
    df = 1 / (share_x ** 2 / (len(x) - 1) + share_y ** 2 / (len(y) - 1))
    return Welch(t, df, student_t_two_sided(t, df))


def student_t_two_sided(t: float, df: float) -> float:
    """P(|T| >= |t|) for Student's t with ``df`` degrees of freedom: the regularized incomplete
    beta function I_x(df/2, 1/2) at x = df / (df + t^2)."""
    import mpmath

    if math.isinf(t):
        return 0.0
    with mpmath.workdps(30):  # x is near 1 for small t: keep the digits 1 - x needs
        x = mpmath.mpf(df) / (df + mpmath.mpf(t) ** 2)
        return float(mpmath.betainc(mpmath.mpf(df) / 2, 0.5, 0, x, regularized=True))


def holm_step(p_value: float, step: int, tests: int, previous: float = 0.0) -> float:
    """Holm's adjusted p-value of the ``step``-th smallest (from 0) of ``tests`` p-values:
    ``(tests - step) * p``, capped at 1 and never below the previous step's."""
    return max(previous, min(1.0, (tests - step) * p_value))


def histogram(scores: Sequence[float], max_score: float, bins: int) -> dict:
    """Counts of scores in ``bins`` equal bins from 0 to ``max_score`` (the last one closed)."""
    top = max_score if max_score > 0 else 1.0
    counts, edges = np.histogram(np.clip(np.asarray(scores, dtype=float), 0, top), bins=bins, range=(0, top))
    return {"edges": [round(float(edge), 10) for edge in edges], "counts": [int(count) for count in counts]}
