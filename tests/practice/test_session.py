"""A practice session over every registered kind: right, wrong and malformed tries, hints,
the solution, the next variant and the summary, in Python and through the terminal loop."""
from __future__ import annotations

import json

import pytest

from nngrade.exercises import registry
from nngrade.practice import Practice, terminal
from nngrade.practice.record import MISCONCEPTION
from nngrade.rendering.render import MARKUPS

KINDS = registry.kinds()
#: How the solution templates set a step's formula in Markdown.
display = MARKUPS["markdown"].display
#: Malformed answers of every sort a student sends: text, None, containers, a lying object.
MALFORMED = ["abc", None, {"x": 1}, [[1, 2], [3]], float("nan"), b"1", type("Liar", (float,), {"__eq__": lambda s, o: True})(1.0)]


def typed_text(value) -> str:
    """An expected value as a student types it at the terminal."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)) and value and all(isinstance(item, str) for item in value):
        return ", ".join(value)
    if isinstance(value, str):
        return value
    return json.dumps(value)


def session(kind: str, seed: int = 11) -> Practice:
    return Practice(kind, seed=seed, show=False)


@pytest.mark.parametrize("kind", KINDS)
def test_right_answers_are_right_first_time(kind, capsys):
    practice = session(kind)
    practice.check(dict(practice.key.expected))
    assert "All right" in capsys.readouterr().out
    assert practice.variant.right_first_time and practice.record.tries == 1


@pytest.mark.parametrize("kind", KINDS)
def test_a_misconception_is_named_and_counted(kind):
    practice = session(kind)
    wrong = practice.key.misconceptions[0]
    result = practice.attempt({**practice.key.expected, **wrong.values})
    assert not result.all_correct
    assert any(part.code == MISCONCEPTION + wrong.code for part in result.parts), result.to_text()
    assert wrong.code in {code for code, _ in practice.record.misconceptions()}
    assert wrong.code in practice.record.to_text()


@pytest.mark.parametrize("kind", KINDS)
def test_malformed_answers_are_graded_zero_with_a_reason(kind):
    practice = session(kind)
    for junk in MALFORMED:
        result = practice.attempt({spec.part: junk for spec in practice.key.specs})
        assert result.score == 0 and all(part.feedback for part in result.parts)
    assert practice.attempt("not a dict").score == 0
    assert practice.record.tries == len(MALFORMED) + 1 and not practice.variant.solved


@pytest.mark.parametrize("kind", KINDS)
def test_hints_reveal_the_worked_steps_one_at_a_time(kind, capsys):
    practice = session(kind)
    steps = practice.exact_solution.steps
    shown = []
    for _ in steps:
        practice.hint()
        shown.append(capsys.readouterr().out)
    for number, (text, step) in enumerate(zip(shown, steps), 1):
        assert f"Step {number} of {len(steps)}: {step.title}" in text and display(step.latex) in text
    assert practice.next_step() is None and practice.variant.hints == len(steps)
    practice.check(dict(practice.key.expected))
    assert not practice.variant.right_first_time, "right after hints is not right first time"


def test_the_solution_shows_every_step_and_another_keeps_kind_and_knobs(capsys):
    practice = Practice("activation", "hard", seed=3, show=False, function="sigmoid")
    practice.solution()
    out = capsys.readouterr().out
    assert "Worked solution" in out and all(step.title in out for step in practice.exact_solution.steps)
    first = practice.problem
    practice.another()
    assert practice.problem.kind == first.kind and practice.problem.knobs == {"difficulty": "hard", "function": "sigmoid"}
    assert practice.problem.params != first.params
    assert practice.record.variants[0].solution_shown and not practice.variant.solution_shown


def test_the_summary_counts_tries_first_time_rights_and_misconceptions(capsys):
    practice = session("linear_layer")
    practice.check(dict(practice.key.expected))
    practice.another()
    wrong = practice.key.misconceptions[0]
    practice.check(wrong.values)
    practice.check(dict(practice.key.expected))
    capsys.readouterr()
    practice.summary()
    summary = capsys.readouterr().out
    assert "Variants: 2 shown, 2 tried, 2 solved" in summary
    assert "Tries: 3" in summary and "Right first time: 1 of 2" in summary
    assert f"1 x {wrong.message} ({wrong.code})" in summary


def scripted(lines):
    """A read_line that plays ``lines`` and then reports the end of input, as Ctrl-D does."""
    queue = list(lines)

    def read_line(prompt: str) -> str:
        if not queue:
            raise EOFError
        return queue.pop(0)
    return read_line


@pytest.mark.parametrize("kind", KINDS)
def test_a_terminal_session_over_every_kind(kind):
    """Malformed lines, a command, a wrong (misconceived) answer, then the right one, all typed."""
    practice = session(kind)
    key = practice.key
    wrong = key.misconceptions[0]
    parts = [spec.part for spec in key.specs]
    numeric_first = key.specs[0].kind == "numeric"
    lines = (["[1, 2"] if numeric_first else []) + ["", "hint"]  # refused lines, then a hint before answering
    lines += [typed_text(wrong.values.get(part, key.expected[part])) for part in parts]
    played = iter(lines)
    out = []

    def read_line(prompt: str) -> str:
        """The script, then the right answer to each part asked again, then the end of input."""
        line = next(played, None)
        if line is not None:
            return line
        part = prompt.removesuffix(" = ")
        if part in key.expected and len(practice.record.variants) == 1:
            return typed_text(key.expected[part])
        raise EOFError

    status = terminal.run(practice, read_line, out.append)
    text = "\n".join(out)
    assert status == terminal.DONE
    assert "(type an answer" in text
    assert ("could not read that: a '[' is never closed" in text) == numeric_first
    assert "Step 1 of" in text
    first, second = practice.record.variants[0].tries[:2]
    assert any(part.code == MISCONCEPTION + wrong.code for part in first.parts), first.to_text()
    assert second.all_correct, second.to_text()
    assert "All right! A new variant follows." in text and "=== Variant 2" in text
    assert "Session summary" in text and f"({wrong.code})" in text


def test_commands_next_summary_and_quit_at_the_terminal():
    practice = session("loss")
    out = []
    status = terminal.run(practice, scripted(["help", "summary", "next", "solution", "quit", "never read"]), out.append)
    text = "\n".join(out)
    assert status == terminal.DONE and "=== Variant 3" in text and "Worked solution" in text
    assert "matrix row by row" in text and text.count("Tries: 0") == 2
    assert practice.record.variants[1].solution_shown


def test_ctrl_c_ends_the_session_with_its_summary_and_status_130():
    def interrupt(prompt):
        raise KeyboardInterrupt

    out = []
    assert terminal.run(session("perceptron"), interrupt, out.append) == terminal.INTERRUPTED == 128 + 2
    assert "interrupted" in out[-2] and "Session summary" in out[-1]
