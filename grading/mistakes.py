"""Which parts of a mistake's answers are offered to the diagnosis, decided with the grader's own comparison.

A misconception's answers come from the kind's twin run with the mistake switched on. Only the
parts the mistake changes are offered (among the parts it is made in, where the misconception
names them): a part is unchanged when the grader's comparison (:func:`.grade.matches`, the code
that grades an answer), at the twin's own float noise (:data:`UNCHANGED`), finds it equal to the
right answer. A mistake that changes none of the parts it is made in is offered as it is: the
grader could not tell it from right work, and the draw screen (:mod:`nngrade.exercises.problems`)
draws again. (A twin returns no answers at all where its mistake cannot happen.) A mistake whose
answer the grader would call transposed (:func:`.grade.transposed_matches`, with the part's own
tolerance) is not offered for the problem at all: it would be reported as a transposition.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from . import shape
from .grade import matches, transposed_matches
from .spec import AnswerSpec

#: The comparison that calls two twin results the same: equal up to float noise.
UNCHANGED = AnswerSpec("unchanged", rtol=1e-9, atol=1e-12)


def changed_parts(specs: list[AnswerSpec], right: dict[str, Any], wrong: dict[str, Any],
                  parts: tuple[str, ...] = ()) -> dict[str, Any] | None:
    """The values ``wrong`` offers: the parts it changes, among ``parts`` where given (all of those,
    unchanged, where it changes none of them); None when there are none, or when the grader would
    call one of them transposed."""
    offered = {}
    unchanged = set()
    for spec in specs:
        part = spec.part
        if part not in wrong or part not in right or wrong[part] is None or (parts and part not in parts):
            continue
        if _same(spec, wrong[part], right[part]):
            unchanged.add(part)
        elif spec.kind == "numeric" and _looks_transposed(spec, wrong[part], right[part]):
            return None
        offered[part] = wrong[part]
    changed = {part: value for part, value in offered.items() if part not in unchanged}
    if parts and not changed:
        return offered or None
    return changed or None


def _same(spec: AnswerSpec, got, want) -> bool:
    if spec.kind != "numeric" or isinstance(got, str) or isinstance(want, str):
        return got == want
    if type(got) in _PLAIN and type(want) in _PLAIN and got == want and _finite(want):
        return True  # most parts a mistake leaves as they are: equal finite floats are within UNCHANGED
    return matches(UNCHANGED, got, want)


#: The plain data a key's numeric values are (nested lists of floats), for :func:`_same`'s shortcut.
_PLAIN = (list, float, int)


def _finite(value) -> bool:
    """Every entry of a nested list finite, and readable as the grader reads it (else :func:`_same`
    asks the grader's comparison, which calls an unreadable value different)."""
    try:
        return all(bool(np.isfinite(component).all()) for component in shape.components(value))
    except (ValueError, TypeError):
        return False


def _looks_transposed(spec: AnswerSpec, got, want) -> bool:
    try:
        wanted, gotten = shape.components(want), shape.components(got)
    except (ValueError, TypeError):
        return False
    return any(g.shape == w.shape and transposed_matches([g], [w], spec) for g, w in zip(gotten, wanted))
