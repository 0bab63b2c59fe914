"""Portable draws from a ``random.Random``: integers, choices, shuffles and nice numbers.

``random.Random`` only promises that ``random()`` gives the same stream across Python versions;
``randint``, ``choice`` and ``shuffle`` have changed their algorithms before. Every draw in
nngrade goes through these helpers, which call ``random()`` and nothing else.
"""
from __future__ import annotations

import random
from fractions import Fraction
from typing import Sequence, TypeVar

T = TypeVar("T")

#: How many times a generator redraws before it gives up on a knob setting.
MAX_TRIES = 1000


class DrawError(RuntimeError):
    """A generator found no acceptable draw for its knobs within ``MAX_TRIES``."""


def integer(rng: random.Random, low: int, high: int) -> int:
    """A uniform integer in ``[low, high]`` (both ends included)."""
    if high < low:
        raise ValueError(f"empty range [{low}, {high}]")
    return low + min(int(rng.random() * (high - low + 1)), high - low)


def nonzero_integer(rng: random.Random, low: int, high: int) -> int:
    """A uniform integer in ``[low, high]`` other than 0."""
    values = [v for v in range(low, high + 1) if v != 0]
    return pick(rng, values)


def pick(rng: random.Random, options: Sequence[T]) -> T:
    """One element of ``options``, uniformly."""
    if not options:
        raise ValueError("nothing to choose from")
    return options[integer(rng, 0, len(options) - 1)]


def shuffled(rng: random.Random, items: Sequence[T]) -> list[T]:
    """A new list with the items in a uniformly random order (Fisher-Yates)."""
    out = list(items)
    for i in range(len(out) - 1, 0, -1):
        j = integer(rng, 0, i)
        out[i], out[j] = out[j], out[i]
    return out


def sample(rng: random.Random, items: Sequence[T], k: int) -> list[T]:
    """``k`` distinct items, in random order."""
    return shuffled(rng, items)[:k]


def integer_matrix(rng: random.Random, rows: int, cols: int, low: int, high: int) -> list[list[Fraction]]:
    """A ``rows x cols`` matrix of uniform integers (as Fractions)."""
    return [[Fraction(integer(rng, low, high)) for _ in range(cols)] for _ in range(rows)]


def integer_vector(rng: random.Random, length: int, low: int, high: int) -> list[Fraction]:
    """A list of uniform integers (as Fractions)."""
    return [Fraction(integer(rng, low, high)) for _ in range(length)]


def decimal(rng: random.Random, low: Fraction | int, high: Fraction | int, step: Fraction | str) -> Fraction:
    """A uniform multiple of ``step`` in ``[low, high]`` (e.g. learning rates 0.1, 0.2, ...)."""
    step = Fraction(step)
    first = -(-Fraction(low) // step)
    last = Fraction(high) // step
    return integer(rng, int(first), int(last)) * step


def redraw(rng: random.Random, draw, accept, what: str):
    """Call ``draw(rng)`` until ``accept(value)`` holds; raise :class:`DrawError` after ``MAX_TRIES``."""
    for _ in range(MAX_TRIES):
        value = draw(rng)
        if accept(value):
            return value
    raise DrawError(f"no acceptable {what} found in {MAX_TRIES} draws; relax the knobs")
