"""An exact, bounded text form of plain answer data, to look alike answers up by.

``repr`` tells apart every plain value an answer is read as (1, 1.0 read as Decimal, "1" and
True all differ), but it spells a value out in full: YAML aliases let a file of a few hundred
characters stand for millions of entries, or for a list inside itself, and ``repr`` would write
every one of them. Here the text is built piece by piece and given up once it passes a limit,
so its cost is bounded by the limit, never by what the aliases stand for.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

#: Types of the plain values answers are read as, each spelled exactly by its ``repr``.
PLAIN_LEAVES = frozenset({str, int, float, bool, type(None), Decimal})


class _TooLong(Exception):
    """The text passed its limit, or the data hold something that is not plain."""


def exact_text(value: Any, limit: int) -> str | None:
    """A text form of ``value`` (dicts, lists and tuples of :data:`PLAIN_LEAVES`) that differs
    wherever the data differ, or None when it would be longer than ``limit`` characters or the
    data are not plain."""
    pieces: list[str] = []
    left = [limit]

    def put(text: str) -> None:
        left[0] -= len(text)
        if left[0] < 0:
            raise _TooLong
        pieces.append(text)

    def spell(item: Any) -> None:
        kind = type(item)
        if kind is dict:
            put("{")
            for name, entry in item.items():
                spell(name)
                put(": ")
                spell(entry)
                put(", ")
            put("}")
        elif kind is list or kind is tuple:
            put("[" if kind is list else "(")
            for entry in item:
                spell(entry)
                put(", ")
            put("]" if kind is list else ")")
        elif kind in PLAIN_LEAVES and not (kind is str and len(item) > limit):
            put(repr(item))
        else:
            raise _TooLong

    try:
        spell(value)
    except (_TooLong, RecursionError, ValueError):  # ValueError: an int too long to spell
        return None
    return "".join(pieces)


__all__ = ["PLAIN_LEAVES", "exact_text"]
