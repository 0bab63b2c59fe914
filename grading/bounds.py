"""The interval of answers the grader accepts for each entry, found from the comparison itself.

A quiz system that knows only "value within an absolute tolerance" (Moodle, Canvas) can grade
as nngrade does only if it is given, entry by entry, the closed interval of numbers that
:func:`~nngrade.grading.compare.close` accepts. Rather than restating each mode's rule, the
interval is searched with ``close`` itself: from a first guess, the edges are bracketed and then
bisected over the ordered floats, so each edge is the last float accepted before the first one
rejected. Every entry is judged inside its whole array, as the grader judges it (in ``sigfigs``
mode an entry that is float noise beside the array's largest counts as 0).

The rules are intervals: the ``tolerance`` and ``exact`` modes are ``|got - expected| <=
bound``, and the ``rounds`` and ``band`` rules accept every number between two accepted ones,
since rounding is monotone.
"""
from __future__ import annotations

import struct

import numpy as np

from .compare import close
from .spec import AnswerSpec

#: Steps of the bracket search: the first distance tried doubles this many times at most.
MAX_DOUBLINGS = 1100
#: Relative width of the bracket tried first around a guessed edge.
GUESS_MARGIN = 1e-9


def accepted_bounds(expected, spec: AnswerSpec, slack=0.0) -> tuple[np.ndarray, np.ndarray]:
    """Per entry of ``expected`` (a float array), the lowest and highest float ``close`` accepts
    when every other entry is right. ``slack`` is the key's rounding slack, like ``expected``."""
    want = np.asarray(expected, dtype=float)
    extra = np.broadcast_to(np.asarray(slack, dtype=float), want.shape)
    low, high = np.empty(want.shape), np.empty(want.shape)
    for index in np.ndindex(want.shape):
        def accepts(value: float, index=index) -> bool:
            trial = want.copy()
            trial[index] = value
            return bool(close(trial, want, spec, extra)[index])

        centre = float(want[index])
        if not accepts(centre):
            raise ValueError(f"the grader does not accept the expected value {centre!r} itself")
        guess = spec.atol + spec.rtol * abs(centre) + float(extra[index]) if spec.mode == "tolerance" else 0.0
        low[index] = _edge(accepts, centre, -1.0, guess)
        high[index] = _edge(accepts, centre, 1.0, guess)
    return low, high


def _edge(accepts, centre: float, direction: float, guess: float = 0.0) -> float:
    """The last accepted float from ``centre`` in ``direction`` (``accepts(centre)`` holds).

    ``guess`` is a distance the edge is expected near (0 when there is none): when the floats
    just inside and just outside it bracket the edge, only those few floats are bisected."""
    inside, outside = centre, None
    if guess > 0:
        near, far = centre + direction * guess * (1 - GUESS_MARGIN), centre + direction * guess * (1 + GUESS_MARGIN)
        if accepts(near) and not accepts(far):
            inside, outside = near, far
    step = max(abs(centre) * 1e-3, 1e-9)
    for _ in range(MAX_DOUBLINGS if outside is None else 0):
        trial = centre + direction * step
        if not np.isfinite(trial):
            break
        if accepts(trial):
            inside = trial
            step *= 2
        else:
            outside = trial
            break
    if outside is None:
        raise ValueError(f"no bound to the answers accepted around {centre!r}")
    lo, hi = _ordinal(inside), _ordinal(outside)
    while abs(hi - lo) > 1:
        middle = (lo + hi) // 2
        if accepts(_float(middle)):
            lo = middle
        else:
            hi = middle
    return _float(lo)


def _ordinal(value: float) -> int:
    """Floats as integers in the same order (adjacent floats are adjacent integers)."""
    bits = struct.unpack("<q", struct.pack("<d", value))[0]
    return bits if bits >= 0 else -(bits & 0x7FFFFFFFFFFFFFFF)


def _float(ordinal: int) -> float:
    bits = ordinal if ordinal >= 0 else (-ordinal) | -0x8000000000000000
    return struct.unpack("<d", struct.pack("<q", bits))[0]
