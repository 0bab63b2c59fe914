"""The shape of an exercise kind: one value that binds everything the pipeline needs."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from nngrade.core.params import ParamSpec
from nngrade.grading.spec import AnswerSpec

DIFFICULTIES = ("easy", "medium", "hard")


@dataclass(frozen=True)
class Misconception:
    """A named wrong way of working the exercise.

    ``compute(params)`` returns the answers (per part, floats nested like the right answers) that
    this mistake produces, with None for parts it does not change, or returns None altogether
    where the mistake cannot happen for these params (a transposed W when W is not square).
    ``message`` names the mistake for the student without giving the right value away.
    """

    code: str
    message: str
    compute: Callable[[dict], dict[str, Any] | None]


@dataclass(frozen=True)
class Exercise:
    """One exercise kind of the catalogue."""

    kind: str
    """The name used in problem files, the CLI and the registry."""
    version: int
    """Bumped whenever the same seed and knobs would draw different numbers."""
    title: str
    """A short title for handouts."""
    params: ParamSpec
    """How problem params are read, checked and written."""
    generate: Callable[..., dict]
    """``generate(rng, **knobs) -> params``: a seeded, hand-workable draw."""
    solve: Callable[[dict], Any]
    """``solve(params) -> Solution``: exact answers and worked steps."""
    solve_numeric: Callable[..., dict]
    """``solve_numeric(params, rnd=None) -> dict``: the NumPy twin."""
    answers: tuple[AnswerSpec, ...]
    """How each answer part is graded (parts a given problem does not produce are skipped)."""
    misconceptions: tuple[Misconception, ...] = ()
    """Named wrong solvers used to diagnose wrong answers."""
    knobs: dict[str, tuple] = field(default_factory=lambda: {"difficulty": DIFFICULTIES})
    """The generator's knobs and their allowed values, for the CLI and the tests."""
    follow_through: Callable[[dict, str, dict], Any] | None = None
    """``follow_through(params, part, earlier)``: a later part recomputed from a student's
    earlier answers, for error-carried-forward credit; None where the kind has no chain."""
    unworked: Callable[[dict], dict[str, tuple]] | None = None
    """``unworked(params) -> {part: (answer, ...)}``: per part of the follow-through chain, the
    answers a student can write without working it (the targets copied as predictions, zero
    gradients, the start echoed as every update), as values nested like the part or markers of
    :class:`~nngrade.grading.work.Unworked`. Follow-through never pays for them (see
    :mod:`nngrade.grading.work`); required where ``follow_through`` is given."""
    examples: dict[str, dict] = field(default_factory=dict)
    """Fixed problems (params as JSON), such as the seeds' worked examples, by name."""
    fragments: Callable[[dict], dict[str, str]] | None = None
    """Extra LaTeX fragments for the templates, beyond the params' own."""

    def spec(self, part: str) -> AnswerSpec:
        for spec in self.answers:
            if spec.part == part:
                return spec
        raise KeyError(part)
