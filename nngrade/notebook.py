"""What an nngrade assignment notebook calls in the student's kernel.

The released notebook is the same for every student; its locked setup cell builds an
:class:`Assignment`, and each student's kernel draws that student's own numbers from the
student id of the Jupyter server (``NNGRADE_STUDENT``, else ``JUPYTERHUB_USER``/``NB_USER``).

An assignment with ``practice: false`` switches practice mode off in the kernel that builds its
:class:`Assignment` (the notebook's setup cell), see :mod:`nngrade.practice.switch`.

In an assessed release (``check`` is ``format`` or ``off``) nothing here hands out an expected
value: :meth:`Assignment.solution` refuses, no answer key is built in the kernel, and the
format check knows only each part's type and shape (not even that where the shape is itself an
answer). What stays possible, as in any kernel that has nngrade, is running nngrade's own
solver on one's own numbers.

Nothing here decides a grade. The hidden test cell only *records* the student's answers as
plain JSON in the cell's output; nngrade's nbgrader preprocessor grades them outside the kernel,
after the kernel has exited, against the variant of the student nbgrader is grading. So code
the student runs in this kernel can change what it submits, never how it is scored.

This module and what it imports stay free of sympy, so that test cells cost milliseconds; only
``check()`` and ``solution()`` of an expression part (a derivative) load it, for the exact key. The
setup cell only reads the embedded spec (:func:`~nngrade.course.assignment_spec.from_embedded`);
drawing, formats, grading and rendering load their modules when first used.
"""
from __future__ import annotations

import json
import math
import os
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from nngrade.course import assignment_spec
from nngrade.course.assignment_spec import AssignmentSpec
from nngrade.course.notebook_protocol import ANSWERS_MIME, AUTOGRADE_VARIABLE, AUTOGRADING, MAX_RECORD_CHARS


class NotGradedError(RuntimeError):
    """Raised by a hidden test cell under autograding, so that only nngrade's grading step can score it."""

    def _render_traceback_(self) -> list[str]:
        """The error in one line: IPython calls this instead of formatting the stack, which would
        cost a tenth of a second in every test cell of every notebook autograded."""
        return [f"{type(self).__name__}: {self}"]


class NoSolutionsError(RuntimeError):
    """Raised by :meth:`Assignment.solution` in an assessed release."""


class Assignment:
    """The student's view of an assignment: statements, self-checks and recorded answers."""

    def __init__(self, spec: AssignmentSpec | dict | str, student: str | None = None):
        if isinstance(spec, str):
            spec = assignment_spec.from_embedded(spec)
        elif isinstance(spec, dict):
            spec = assignment_spec.from_data(spec)
        self.spec = spec
        self._student = student
        self._variants: dict[tuple[str, str], tuple] = {}
        if not spec.practice:
            from nngrade.practice import switch

            switch.switch_off(f"practice is switched off while you work on {spec.name} "
                              "(the assignment says so); it works again in a kernel without this assignment")

    @property
    def student(self) -> str | None:
        """The id the numbers are drawn for: given explicitly, or from the environment."""
        return self._student or assignment_spec.student_from_environment()

    def problem(self, exercise_id: str):
        """This student's problem (a :class:`~nngrade.core.problem.Problem`)."""
        return self._drawn(exercise_id)[0]

    def _formats(self, exercise_id: str) -> list:
        return self._drawn(exercise_id)[1]

    def _key(self, exercise_id: str):
        """The answer key, which only a release with the full check builds in the kernel."""
        if self.spec.check != "full":
            raise NoSolutionsError(
                f"{self.spec.name} is assessed (check: {self.spec.check}), so nngrade gives out no expected "
                "values or solutions here; your answers are graded after you submit")
        problem, formats, key = self._drawn(exercise_id)
        if key is None:  # built on the first check, not for show(): an expression part's key loads sympy
            key = self.spec.answer_key(exercise_id, problem)
            self._variants[exercise_id, self.student] = (problem, formats, key)
        return key

    def _drawn(self, exercise_id: str) -> tuple:
        """The student's problem, its answer formats and (once :meth:`_key` built it) its answer
        key, drawn once per exercise and student id."""
        student = self.student
        if student is None:
            raise RuntimeError(
                "nngrade cannot tell who you are: set the environment variable NNGRADE_STUDENT to your "
                "course login (in a notebook: import os; os.environ['NNGRADE_STUDENT'] = 'your_id') "
                "and run this cell again"
            )
        if (exercise_id, student) not in self._variants:
            problem = self.spec.variant(exercise_id, student)
            self._variants[exercise_id, student] = (problem, self.spec.answer_formats(exercise_id, problem), None)
        return self._variants[exercise_id, student]

    def show(self, exercise_id: str) -> None:
        """Display the statement of this student's problem, and how to write the answer.

        While autograding it shows nothing and draws nothing: nngrade's grading step puts the
        student's own problem, rendered, into the graded notebook and the feedback (from the
        course's spec, never from what a kernel printed), and a course without that step shows
        an empty statement cell rather than words about autograding."""
        if os.environ.get(AUTOGRADE_VARIABLE) == AUTOGRADING:
            return
        entry = self.spec.entry(exercise_id)
        problem = self.problem(exercise_id)
        from nngrade.rendering import render

        parts = ", ".join(f'"{part.spec.part}": ...' for part in self._formats(exercise_id))
        text = (f"{render.statement(problem, 'markdown', self.spec.numbers)}\n"
                f"*Your numbers (student `{self.student}`). Answer in the next cell as* "
                f"`{entry.variable} = {{{parts}}}` *({entry.points:g} points).*")
        _display_markdown(text)

    def check_format(self, exercise_id: str, answers: Any) -> None:
        """Check only the type and shape of the answers; raise AssertionError naming what is off."""
        problems = self.format_problems(exercise_id, answers)
        if problems:
            raise AssertionError("\n".join(problems))
        print(f"{exercise_id}: every part is there with the right type and shape "
              "(the values are graded after you submit)")

    def format_problems(self, exercise_id: str, answers: Any) -> list[str]:
        """What is wrong with the type or shape of each part; empty when all is well."""
        from nngrade.grading import answer_format, parse

        formats = self._formats(exercise_id)
        if type(answers) is not dict:
            return [f"{self.spec.entry(exercise_id).variable} must be a dict of part name -> answer, "
                    f"got {parse.type_name(answers)}"]
        found = []
        for part in formats:
            spec = part.spec
            if spec.part not in answers:
                found.append(f"{spec.name}: missing (key \"{spec.part}\")")
                continue
            message = answer_format.problem(part, answers[spec.part])
            if message:
                found.append(f"{spec.name}: {message}")
        return found

    def check(self, exercise_id: str, answers: Any) -> None:
        """Tell the student how the answers fare, as far as the instructor allows."""
        level = self.spec.check
        if level == "off":
            print("Self-checking is switched off for this assignment.")
        elif level == "format":
            problems = self.format_problems(exercise_id, answers)
            print("\n".join(problems) if problems else
                  f"{exercise_id}: type and shape are right (for this assignment check() looks at nothing more)")
        else:
            from nngrade.grading.grade import grade

            print(grade(self._key(exercise_id), answers).to_text())

    def record(self, exercise_id: str, answers: Any) -> None:
        """Put the answers in this cell's output as plain JSON, for grading outside the kernel."""
        payload = {"exercise": exercise_id, "answers": plain_data(answers)}
        text = json.dumps(payload)
        if len(text) > MAX_RECORD_CHARS:
            payload = {"exercise": exercise_id, "answers": None, "error": "answer too large to record"}
        from IPython.display import display

        display({ANSWERS_MIME: payload, "text/plain": f"{exercise_id}: answers recorded for grading"}, raw=True)
        if os.environ.get(AUTOGRADE_VARIABLE) == AUTOGRADING:
            # Fail closed: nngrade's grading step replaces this cell's outputs with the real score;
            # without it (a course config that lacks nngrade) the cell must score 0, not full marks.
            raise NotGradedError("answers recorded; nngrade's grading step was not run "
                                 "(add configure(c) from nngrade.course.autograde to nbgrader_config.py)")

    def solution(self, exercise_id: str) -> dict[str, Any]:
        """The right answers of this student's problem, where the release has the full check
        (practice work); raises :class:`NoSolutionsError` in an assessed release."""
        return dict(self._key(exercise_id).expected)


def plain_data(value: Any, depth: int = 0) -> Any:
    """JSON-ready data from a student's answer: arrays to lists, anything odd to its text.

    Only exact built-in types are trusted, so an object that lies about equality or type is
    recorded as a string the grader then rejects.
    """
    if depth > 20:
        return "<nested too deeply>"
    kind = type(value)
    if value is None or kind in (bool, int, str):
        return value
    if kind is float:
        return value if math.isfinite(value) else repr(value)
    if kind is Fraction:
        return f"{value.numerator}/{value.denominator}"
    if kind is Decimal:   # its exact text, which the grader reads as the same exact number
        return str(value)
    if kind is np.ndarray:
        return plain_data(value.tolist(), depth + 1)
    if isinstance(value, np.generic) and kind.__module__ == "numpy":
        return plain_data(value.item(), depth + 1)
    if kind in (list, tuple):
        return [plain_data(item, depth + 1) for item in value]
    if kind is dict:
        return {str(name): plain_data(item, depth + 1) for name, item in value.items() if type(name) is str}
    return f"<{kind.__name__} object>"


def _display_markdown(text: str) -> None:
    try:
        from IPython.display import Markdown, display
    except ImportError:  # plain Python: print the Markdown source
        print(text)
        return
    display(Markdown(text))


__all__ = ["Assignment", "ANSWERS_MIME", "NoSolutionsError", "plain_data"]
