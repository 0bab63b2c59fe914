"""Practice seeds: a domain of their own, disjoint from every assessed variant's seed.

An assessed variant's seed is a keyed hash cut to :data:`~nngrade.generators.seeds.SEED_BITS`
bits (:func:`~nngrade.generators.seeds.student_seed`), so it lies in ``[0, 2**63)``. A practice
seed is ``2**63 + index`` with ``0 <= index < 2**63``, so it lies in ``[2**63, 2**64)``: the two
ranges share no integer. Both are non-negative, which matters because ``random.Random`` seeds
with the absolute value of an integer (``Random(-5)`` draws what ``Random(5)`` draws), so a
negative "other" domain would not be one. Distinct non-negative integers give distinct keys to
the Mersenne Twister's ``init_by_array`` (their 32-bit words), so a practice draw never replays
the stream of an assessed one.

The class-wide variants of ``nngrade generate --seed N`` and of a problem set built with
``--seed N`` use whatever seed the instructor types; only one of ``2**63`` or more (which
nngrade never picks) would fall in the practice range.
"""
from __future__ import annotations

import secrets

from nngrade.generators.seeds import SEED_BITS

#: The first practice seed; every assessed seed is below it.
PRACTICE_BASE = 1 << SEED_BITS
#: How many practice seeds there are (as many as assessed ones).
PRACTICE_COUNT = 1 << SEED_BITS


def practice_seed(index: int | None = None) -> int:
    """The practice seed number ``index`` (``0 <= index < 2**63``), or a fresh random one."""
    if index is None:
        index = secrets.randbelow(PRACTICE_COUNT)
    if type(index) is not int or not 0 <= index < PRACTICE_COUNT:
        raise ValueError(f"a practice seed index is a whole number from 0 to 2**{SEED_BITS} - 1, got {index!r}")
    return PRACTICE_BASE + index


def is_practice_seed(seed: int) -> bool:
    """True for a seed of the practice domain."""
    return type(seed) is int and PRACTICE_BASE <= seed < PRACTICE_BASE + PRACTICE_COUNT
