"""A practice session on one exercise kind: fresh variants, graded tries, hints, the solution.

:class:`Practice` is what ``practice("backprop", difficulty="easy")`` returns in a notebook,
and what the terminal loop (:mod:`.terminal`) drives. Every variant is drawn from a practice
seed (:mod:`.seeds`), never an assessed one, with the kind's knobs; a try is graded by the
grader nngrade grades with, on a key built as for any problem, and the feedback is the
grader's text (named misconception, wrong entries, follow-through), as ``check()`` prints it.

Importing this module costs no sympy: the exact solver, which writes the worked steps, runs
only when a hint or the solution is first asked for.
"""
from __future__ import annotations

from typing import Any

from nngrade.core.problem import Problem
from nngrade.exercises import problems, registry
from nngrade.exercises.keys import DEFAULT_SIGFIGS, answer_key
from nngrade.grading import answer_format
from nngrade.grading.answer_format import AnswerFormat
from nngrade.grading.grade import grade
from nngrade.grading.result import GradeResult
from nngrade.rendering import render

from . import seeds, switch
from .record import SessionRecord, VariantRecord


class Practice:
    """Drill on one exercise kind with the same knobs, one fresh variant after another.

    ``difficulty`` and ``knobs`` are the kind's generator knobs. ``seed`` picks practice variant
    number ``seed`` (the seed is then ``2**63 + seed``, see :mod:`.seeds`) for the first variant,
    so a session can be replayed; later variants, and the first without it, are random.
    ``sigfigs`` is the figures a student keeps in intermediate values, as in an assignment.
    ``show=False`` draws without displaying (the terminal prints its own text).
    """

    def __init__(self, kind: str, difficulty: str | None = None, *, seed: int | None = None,
                 sigfigs: int | None = DEFAULT_SIGFIGS, show: bool = True, **knobs: Any):
        switch.ensure_allowed()
        self.exercise = registry.get(kind)
        self.knobs = dict(knobs)
        if difficulty is not None:
            self.knobs["difficulty"] = difficulty
        self.sigfigs = sigfigs
        self.record = SessionRecord()
        self._show = show
        self._new_variant(seed)

    # -- the current variant ---------------------------------------------------------------

    def _new_variant(self, index: int | None) -> None:
        seed = seeds.practice_seed(index)
        self.problem: Problem = problems.draw(self.exercise, seed, **self.knobs)
        self._key = None
        self._solution = None
        self.record.variants.append(VariantRecord(self.exercise.kind, seed))
        if self._show:
            self.show()

    @property
    def variant(self) -> VariantRecord:
        """The record of the current variant."""
        return self.record.variants[-1]

    @property
    def key(self):
        """The answer key of the current variant (built on the first try)."""
        if self._key is None:
            self._key = answer_key(self.exercise, self.problem, sigfigs=self.sigfigs)
        return self._key

    @property
    def exact_solution(self):
        """The exact solution with its worked steps (the exact solver runs on first use)."""
        if self._solution is None:
            self._solution = self.exercise.solve(self.problem.params)
        return self._solution

    def formats(self) -> list[AnswerFormat]:
        """Each part's type and shape, in the order of the exercise's answers."""
        return answer_format.formats(self.key.specs, self.key.expected)

    # -- what a student calls --------------------------------------------------------------

    def statement(self) -> str:
        """The statement of the current variant, as Markdown with LaTeX."""
        return render.statement(self.problem, "markdown")

    def show(self) -> None:
        """Display the current variant's statement (rendered in a notebook)."""
        _display(self.statement() + "\n" + self._how_to_answer())

    def _how_to_answer(self) -> str:
        parts = ", ".join(f'"{spec.part}": ...' for spec in self.key.specs)
        return (f"*Practice variant {len(self.record.variants)} of `{self.exercise.kind}` (seed {self.problem.seed}). "
                f"Check with* `p.check({{{parts}}})`*; also* `p.hint()`, `p.solution()`, `p.another()`, "
                "`p.summary()`.")

    def attempt(self, answers: Any) -> GradeResult:
        """Grade ``answers`` (part name -> answer) and record the try; nothing is printed."""
        result = grade(self.key, answers)
        self.variant.tries.append(result)
        return result

    def check(self, answers: Any) -> None:
        """Grade ``answers`` and print the full diagnosis, as ``check()`` does."""
        result = self.attempt(answers)
        print(result.to_text())
        if result.all_correct:
            print("All right. p.another() draws a new variant.")
        else:
            print("Try again, or p.hint() for the next step of the worked solution.")

    def next_step(self):
        """The next step of the worked solution not shown yet, or None after the last one."""
        steps = self.exact_solution.steps
        if self.variant.hints >= len(steps):
            return None
        self.variant.note_help()
        self.variant.hints += 1
        return steps[self.variant.hints - 1]

    def hint(self) -> None:
        """Show the next step of the worked solution, one more each time."""
        step = self.next_step()
        if step is None:
            _display("*That was the last step; `p.solution()` shows the whole worked solution.*")
            return
        _display(step_markdown(step, self.variant.hints, len(self.exact_solution.steps)))

    def worked_solution(self) -> str:
        """The whole worked solution as Markdown; the variant counts as given up."""
        self.variant.note_help()
        self.variant.solution_shown = True
        return render.worked_solution(self.problem, self.exact_solution, "markdown")

    def solution(self) -> None:
        """Show the whole worked solution of the current variant."""
        _display(self.worked_solution())

    def another(self) -> None:
        """Draw and show a new variant of the same kind with the same knobs."""
        switch.ensure_allowed()
        self._new_variant(None)

    def summary(self) -> None:
        """Print the session so far: tries, right first time, hints, misconceptions met."""
        print(self.record.to_text())

    def __repr__(self) -> str:
        return (f"<practice {self.exercise.kind} {self.knobs or ''}: variant {len(self.record.variants)}, "
                f"{self.record.tries} tries>")


def step_markdown(step, number: int, count: int) -> str:
    """One worked step as Markdown, as the solution templates write a step."""
    markup = render.MARKUPS["markdown"]
    text = f"{step.text}\n\n" if step.text else ""
    return f"{markup.bold(f'Step {number} of {count}: {step.title}')}\n\n{text}{markup.display(step.latex)}\n"


def _display(markdown: str) -> None:
    """Markdown rendered in a notebook; its source as text in plain Python."""
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display
    except ImportError:
        print(markdown)
        return
    if get_ipython() is None:
        print(markdown)
        return
    display(Markdown(markdown))


def practice(kind: str, difficulty: str | None = None, **options: Any) -> Practice:
    """Start practising ``kind``: a fresh variant, shown; see :class:`Practice`."""
    return Practice(kind, difficulty, **options)


__all__ = ["Practice", "practice", "step_markdown"]
