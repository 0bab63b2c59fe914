"""The shape of an exercise kind: one value that binds everything the pipeline needs."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from nngrade.core.params import ParamSpec
from nngrade.grading.spec import AnswerSpec

DIFFICULTIES = ("easy", "medium", "hard")


@dataclass(frozen=True)
class Misconception:
    """A named wrong way of working the exercise, as data.

    Its answers are computed by the kind's own twin with the mistake switched on:
    ``solve_numeric(params, mistake=mistake)``, which returns None where the mistake cannot
    happen for these params (a transposed W when W is not square). ``message`` names the mistake
    for the student without giving the right value away. ``parts`` are the parts where the
    mistake is made; its knock-on effects on later parts (w after a wrong gradient) can be small
    enough to pass as right, and those are judged by follow-through instead. Left empty, every
    part the mistake changes is offered. Which parts it changes is decided by
    :func:`nngrade.grading.mistakes.changed_parts`.
    """

    code: str
    message: str
    mistake: Any = None
    """What the twin is run with; None: the code itself names the twin's switch."""
    parts: tuple[str, ...] = ()

    @property
    def switch(self) -> Any:
        """The value passed to the twin as ``mistake``."""
        return self.code if self.mistake is None else self.mistake


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
    solve_numeric: Callable[..., dict | None]
    """``solve_numeric(params, rnd=None, mistake=None) -> dict``: the NumPy twin; with a
    misconception's ``mistake`` switched on, the answers that mistake gives (None where it cannot
    happen)."""
    answers: tuple[AnswerSpec, ...]
    """How each answer part is graded (parts a given problem does not produce are skipped)."""
    misconceptions: tuple[Misconception, ...] = ()
    """Named mistakes the twin can make, used to diagnose wrong answers."""
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
