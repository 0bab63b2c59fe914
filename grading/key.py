"""The answer key: what the grader compares a submission with, as plain data.

A key holds the expected value of every part (floats, nested like the answer), the values that
each named misconception would produce, and optionally a way to recompute a later part from a
student's own earlier values (follow-through), with the answers that carry no work and so earn
no follow-through. It is built by the exercise layer, from the
NumPy twin where possible, so that grading needs neither sympy nor the exact solver.

The misconceptions' values and the rounding slack cost several twin runs each and most answers
never need them (a right answer is right without them: slack only widens what is accepted), so a
key may hold them as :class:`Later`, worked out on first use (:class:`DeferredAnswerKey`).
"""
from __future__ import annotations

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
    misconceptions: list[WrongAnswer] = field(default_factory=list)
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
    """An :class:`AnswerKey` whose ``misconceptions`` and ``slack`` may be :class:`Later`: the
    grade is the same as with them worked out first, and a key only right answers meet never
    pays for them."""

    misconceptions = _WorkedOnFirstUse()
    slack = _WorkedOnFirstUse()
