"""The practice loop in a terminal: statement, typed answers, feedback, hints, solution, next.

``nngrade practice KIND`` runs :func:`run` with ``input()`` and ``print``. Each variant's
statement is printed as text (:mod:`.text`); each part is asked for in turn with what it takes
(:func:`.typed.how_to_type`); when every part is typed, the whole answer is graded and the
grader's feedback printed. Parts not yet right are asked again; a fully right answer brings a
new variant. At any prompt a student may type a command instead of an answer:

``hint`` the next step of the worked solution; ``solution`` the whole of it (then a new
variant); ``next`` a new variant; ``summary`` the session so far; ``help``; ``quit``.

A line that cannot be read is explained and asked for again (nothing typed is evaluated, see
:mod:`.typed`). End of input (Ctrl-D) ends the session like ``quit``; Ctrl-C ends it at once.
Either way the summary is printed. Exit status: :data:`DONE` (0) after ``quit`` or end of
input, :data:`INTERRUPTED` (130, the shell's 128 + SIGINT) after Ctrl-C.
"""
from __future__ import annotations

from typing import Callable

from . import typed
from .session import Practice, step_markdown
from .text import WIDTH, markdown_text

#: Exit status after ``quit`` or the end of input.
DONE = 0
#: Exit status after Ctrl-C.
INTERRUPTED = 130

COMMANDS = {
    "hint": "the next step of the worked solution",
    "solution": "the whole worked solution (then a new variant)",
    "next": "skip to a new variant",
    "summary": "the session so far",
    "help": "this list, and how to type answers",
    "quit": "end the session (also Ctrl-D)",
}
ALIASES = {"q": "quit", "exit": "quit", "?": "help"}
TYPING = ("Type numbers as 0.25, -64/15 or 1/(1 + exp(-1)); a list as [4, 2] or 4, 2; a matrix row by row "
          "as [[1, 2], [3, 4]] or 1, 2; 3, 4; one answer per layer or step as a list of those. "
          "Expressions as 6*x - 4; true or false; class names as they are written.")


class _NextVariant(Exception):
    """Leave the current variant."""


class _Quit(Exception):
    """End the session."""


class Loop:
    """One terminal session over a :class:`Practice` (drawn with ``show=False``)."""

    def __init__(self, session: Practice, read_line: Callable[[str], str], write: Callable[[str], None],
                 width: int = WIDTH):
        self.session = session
        self.read_line = read_line
        self.write = write
        self.width = width

    def run(self) -> int:
        """Drill until ``quit``, end of input or Ctrl-C; print the summary; return the exit status."""
        status = DONE
        try:
            self._variants()
        except _Quit:
            pass
        except EOFError:
            self.write("")
        except KeyboardInterrupt:
            self.write("\ninterrupted")
            status = INTERRUPTED
        self.write("\nSession summary\n" + self.session.record.to_text())
        return status

    def _variants(self) -> None:
        kind = self.session.exercise.kind
        knobs = ", ".join(f"{name} {value}" for name, value in self.session.knobs.items())
        self.write(f"Practice: {kind}{f' ({knobs})' if knobs else ''}. At any prompt: "
                   + ", ".join(COMMANDS) + ".")
        while True:
            try:
                self._variant()
            except _NextVariant:
                pass
            self.session.another()

    def _variant(self) -> None:
        session = self.session
        seed = session.problem.seed
        self.write(f"\n=== Variant {len(session.record.variants)} (seed {seed}) ===\n")
        self.write(self._text(session.statement()))
        formats = session.formats()
        answers: dict = {}
        pending = formats
        while True:
            for part in pending:
                answers[part.spec.part] = self._ask(part)
            result = session.attempt(answers)
            self.write(result.to_text())
            if result.all_correct:
                self.write("All right! A new variant follows.")
                return
            right = {item.part for item in result.parts if item.correct}
            pending = [part for part in formats if part.spec.part not in right]
            self.write("Type again the parts that are not right (or: hint, solution, next).")

    def _ask(self, part):
        about = f" ({part.spec.label})" if part.spec.label else ""
        self.write(f"\n{part.spec.part}{about}: {typed.how_to_type(part)}")
        while True:
            line = self.read_line(f"{part.spec.part} = ")
            word = ALIASES.get(line.strip().lower(), line.strip().lower())
            if not word:
                self.write("(type an answer, or a command: " + ", ".join(COMMANDS) + ")")
                continue
            if word in COMMANDS:
                self._command(word)
                continue
            try:
                return typed.read(line, part)
            except typed.TypedAnswerError as error:
                self.write(f"could not read that: {error}. Type it again (help shows how).")

    def _command(self, word: str) -> None:
        session = self.session
        if word == "quit":
            raise _Quit
        if word == "next":
            raise _NextVariant
        if word == "help":
            self.write("\n".join(f"  {name:<9} {what}" for name, what in COMMANDS.items()) + "\n" + TYPING)
        elif word == "summary":
            self.write(session.record.to_text())
        elif word == "hint":
            step = session.next_step()
            if step is None:
                self.write("That was the last step; type solution to see the whole worked solution.")
            else:
                count = len(session.exact_solution.steps)
                self.write(self._text(step_markdown(step, session.variant.hints, count)))
        elif word == "solution":
            self.write(self._text(session.worked_solution()))
            raise _NextVariant

    def _text(self, markdown: str) -> str:
        return markdown_text(markdown, width=self.width).rstrip("\n")


def run(session: Practice, read_line: Callable[[str], str] = input, write: Callable[[str], None] = print,
        width: int = WIDTH) -> int:
    """Run the terminal loop; returns the exit status (:data:`DONE` or :data:`INTERRUPTED`)."""
    return Loop(session, read_line, write, width).run()


__all__ = ["run", "Loop", "DONE", "INTERRUPTED", "COMMANDS"]
