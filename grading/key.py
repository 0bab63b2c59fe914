"""The answer key: what the grader compares a submission with, as plain data.

A key holds the expected value of every part (floats, nested like the answer), the values that
each named misconception would produce, and optionally a way to recompute a later part from a
student's own earlier values (follow-through), with the answers that carry no work and so earn
no follow-through. It is built by the exercise layer, from the
NumPy twin where possible, so that grading needs neither sympy nor the exact solver.

The misconceptions' values and the rounding slack cost several twin runs each and most answers
never need them (a right answer is right without them: slack only widens what is accepted; the
answers that carry no work matter only to follow-through), so a key may hold the slack and the
unworked answers as :class:`Later`, worked out on first use (:class:`DeferredAnswerKey`), and
the misconceptions as :class:`OneByOne`, each worked out only when a reader gets that far (the
diagnosis stops at the first that matches).
"""
from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Callable

from .spec import AnswerSpec


@dataclass(frozen=True)
class WrongAnswer:
    """The answers a named misconception produces, with the feedback that names it."""

    code: str
    message: str
    values: dict[str, Any]


@dataclass
class AnswerKey:
    """Everything needed to grade one problem."""

    specs: list[AnswerSpec]
    expected: dict[str, Any]
    misconceptions: Sequence[WrongAnswer] = field(default_factory=list)
    follow_through: Callable[[str, dict[str, Any]], Any] | None = None
    """``follow_through(part, earlier)`` returns the part's value recomputed from the student's
    ``earlier`` parts, or None where that is not possible. The earlier values are as the grader
    read them: a float NumPy array per numeric part (a list of arrays for a per-layer or per-step
    part), a sympy expression for an expression part, a float, bool or lower-case text for
    integer, boolean and label parts."""
    slack: dict[str, Any] = field(default_factory=dict)
    """Extra absolute tolerance per part (nested like the part), from rounding by hand."""
    exact: dict[str, Any] = field(default_factory=dict)
    """For ``exact``-mode parts: the exact expected values, nested like the part, each a
    :class:`~fractions.Fraction` where the answer is rational (else its float)."""
    unworked: dict[str, tuple] = field(default_factory=dict)
    """Per part, answers that carry no work (values nested like the part, or the markers of
    :class:`~nngrade.grading.work.Unworked`): follow-through never pays for them, see
    :mod:`nngrade.grading.work`."""

    def spec(self, part: str) -> AnswerSpec:
        for spec in self.specs:
            if spec.part == part:
                return spec
        raise KeyError(part)


@dataclass(frozen=True)
class Later:
    """A key field's value still to be worked out: ``work()`` returns it."""

    work: Callable[[], Any]


class OneByOne(Sequence):
    """A sequence whose items ``make()`` yields, each worked out the first time a reader reaches
    it and kept: iterating stops paying where the reader stops (``len`` and slices work out all).
    Threads may read it at once (a Dask worker grades in threads): the next item is made under a
    lock, a reentrant one, so that a ``make`` that read its own sequence would raise (a generator
    already running) rather than hang. An error from ``make`` is raised again to every reader that
    gets as far. Pickled, it is the plain list of its items."""

    def __init__(self, make: Callable[[], Iterator]):
        self._make, self._source, self._items = make, None, []
        self._failure: BaseException | None = None
        self._finished = False
        self._lock = threading.RLock()

    def _reach(self, index: int) -> bool:
        """Work out items up to ``index``; False where there are not that many."""
        with self._lock:
            while len(self._items) <= index:
                if self._failure is not None:
                    raise self._failure
                if self._finished:
                    return False
                if self._source is None:
                    self._source = iter(self._make())
                try:
                    self._items.append(next(self._source))
                except StopIteration:
                    self._finished = True
                except Exception as error:
                    self._failure = error
                    raise
            return True

    def __iter__(self):
        index = 0
        while index < len(self._items) or self._reach(index):
            yield self._items[index]
            index += 1

    def __getitem__(self, index):
        if isinstance(index, int) and index >= 0:
            if not self._reach(index):
                raise IndexError(index)
            return self._items[index]
        return list(self)[index]

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __reduce__(self):
        return list, (list(self),)

    def __repr__(self) -> str:
        return f"OneByOne({list(self)!r})"


class _WorkedOnFirstUse:
    """A field of :class:`DeferredAnswerKey` that may hold a :class:`Later`, replaced by its value
    the first time the field is read."""

    def __set_name__(self, owner, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, key, owner=None):
        value = key.__dict__[self.slot]
        if type(value) is Later:
            value = key.__dict__[self.slot] = value.work()
        return value

    def __set__(self, key, value) -> None:
        key.__dict__[self.slot] = value


class DeferredAnswerKey(AnswerKey):
    """An :class:`AnswerKey` whose ``slack`` and ``unworked`` may be :class:`Later` (and whose
    ``misconceptions`` are a :class:`OneByOne`): the grade is the same as with them worked out
    first, and a key only right answers meet never pays for them."""

    slack = _WorkedOnFirstUse()
    unworked = _WorkedOnFirstUse()
