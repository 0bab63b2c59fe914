"""Near-miss suggestions for names a person typed: "did you mean 'points'?".

Used wherever nngrade refuses or ignores a name (a key of an instructor's file, a part of a
submission), so that a typo is named together with what was probably meant.
"""
from __future__ import annotations

import difflib
from typing import Iterable


def closest(name: str, options: Iterable[str]) -> str | None:
    """The option ``name`` most probably misspells, or None when none is close."""
    options = [option for option in options if isinstance(option, str)]
    text = str(name)
    matches = difflib.get_close_matches(text, options, n=1, cutoff=0.6)
    if matches:
        return matches[0]
    # difflib matches greedily ("___" against "_a__" finds 2 of the 3 letters): a name one
    # letter away from an option is that option mistyped, whatever difflib's ratio says
    one_off = [option for option in options if _one_letter_apart(text, option)]
    if one_off:
        return one_off[0]
    folded = {option.lower(): option for option in options}
    return folded.get(text.lower())


def did_you_mean(name: str, options: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest option, or an empty string."""
    match = closest(name, options)
    return f" (did you mean {match!r}?)" if match is not None else ""


def _one_letter_apart(typed: str, option: str) -> bool:
    """Whether ``typed`` is ``option`` (of three letters or more) with one letter dropped, added or changed."""
    if abs(len(typed) - len(option)) > 1 or len(option) < 3:  # "a" for "b" would be a guess
        return False
    short, long = sorted((typed, option), key=len)
    start = 0
    while start < len(short) and short[start] == long[start]:
        start += 1
    if len(short) == len(long):
        return short[start + 1:] == long[start + 1:]
    return short[start:] == long[start + 1:]
