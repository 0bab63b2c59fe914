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
    folded = {option.lower(): option for option in options}
    return folded.get(text.lower())


def did_you_mean(name: str, options: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest option, or an empty string."""
    match = closest(name, options)
    return f" (did you mean {match!r}?)" if match is not None else ""
