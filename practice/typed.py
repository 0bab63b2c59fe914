"""Answers typed at a terminal, read into the plain data the grader takes, and how to type them.

A numeric part is typed as a number (``0.25``, ``-64/15``, ``1/(1 + exp(-1))``), a list
(``[4, 2]`` or ``4, 2``), a matrix row by row (``[[1, 2], [3, 4]]`` or ``1, 2; 3, 4``), or a
list of those over layers or steps (``[[[1], [2]], [[0.5]]]``). Square brackets nest, commas
and semicolons separate entries only outside round parentheses, and every entry stays the
text it was typed as: reading numbers is the grader's job (:mod:`nngrade.grading.parse`),
so a typed answer is judged exactly as a notebook answer is. Other parts (expressions, labels,
counts, true/false) are their text.

Nothing typed is evaluated. A line is bounded in length and nesting before it is read.
"""
from __future__ import annotations

from nngrade.grading.answer_format import AnswerFormat

#: Longest line read as an answer.
MAX_LINE = 10_000
#: Deepest bracket nesting read (the grader reads at most 4 levels).
MAX_DEPTH = 5


class TypedAnswerError(ValueError):
    """A typed line that cannot be read as an answer; the message says why."""


def read(line: str, part: AnswerFormat):
    """The answer typed on ``line`` for ``part``: nested lists of entry texts, or the text."""
    line = line.strip()
    if not line:
        raise TypedAnswerError("nothing typed")
    if len(line) > MAX_LINE:
        raise TypedAnswerError(f"the line is longer than {MAX_LINE:,} characters")
    if part.spec.kind != "numeric":
        return line
    if line.startswith("["):
        value, rest = _bracketed(line, 0, 1)
        if rest.strip():
            raise TypedAnswerError(f"unexpected {rest.strip()[:20]!r} after the closing bracket")
        return value
    if "[" in line or "]" in line:
        raise TypedAnswerError("a list starts with '[' and ends with ']'")
    rows = _split(line, ";")
    if len(rows) > 1:
        return [_entries(row) for row in rows]
    entries = _entries(line)
    return entries if len(entries) > 1 else entries[0]


def _bracketed(text: str, start: int, depth: int):
    """The list that opens at ``text[start]``, and the text after its closing bracket."""
    if depth > MAX_DEPTH:
        raise TypedAnswerError(f"lists are nested more than {MAX_DEPTH} deep")
    items, at = [], start + 1
    while True:
        while at < len(text) and text[at] == " ":
            at += 1
        if at >= len(text):
            raise TypedAnswerError("a '[' is never closed")
        if text[at] == "]" and not items:
            return items, text[at + 1:]
        if text[at] == "[":
            item, rest = _bracketed(text, at, depth + 1)
            at = len(text) - len(rest)
        else:
            end = _entry_end(text, at)
            item = text[at:end].strip()
            if not item:
                raise TypedAnswerError("an empty entry (two commas in a row?)")
            at = end
        items.append(item)
        while at < len(text) and text[at] == " ":
            at += 1
        if at >= len(text):
            raise TypedAnswerError("a '[' is never closed")
        if text[at] == "]":
            return items, text[at + 1:]
        if text[at] != ",":
            raise TypedAnswerError(f"expected ',' or ']' at {text[at:at + 20]!r}")
        at += 1


def _entry_end(text: str, at: int) -> int:
    """Where the entry starting at ``at`` ends: a ',' or ']' outside round parentheses."""
    depth = 0
    for index in range(at, len(text)):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "[":
            raise TypedAnswerError("a '[' inside an entry")
        elif char in ",]" and depth <= 0:
            return index
    return len(text)


def _split(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` outside round parentheses."""
    pieces, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if char == separator and depth <= 0:
            pieces.append(text[start:index])
            start = index + 1
    pieces.append(text[start:])
    return pieces


def _entries(text: str) -> list[str]:
    entries = [entry.strip() for entry in _split(text, ",")]
    if not all(entries):
        raise TypedAnswerError("an empty entry (two commas in a row, or one at the end?)")
    return entries


def how_to_type(part: AnswerFormat) -> str:
    """What ``part`` takes, in words, with the form to type (shapes only, never a value)."""
    spec = part.spec
    if spec.kind == "expression":
        return f"an expression in {', '.join(spec.variables)}, such as 6*x - 4"
    if spec.kind == "boolean":
        return "true or false"
    if spec.kind == "integer":
        return "a whole number"
    if spec.kind == "label":
        return "a class name (one per row, separated by commas)"
    if part.shapes is None:
        return "a list of numbers, such as [1, 3]"
    if len(part.shapes) == 1:
        return _shape_words(part.shapes[0], spec.flat_ok)
    shapes = "; ".join(_shape_words(shape, spec.flat_ok) for shape in part.shapes)
    return f"a list of {len(part.shapes)} answers in brackets, one per layer or step: {shapes}"


def _shape_words(shape: tuple[int, ...], flat_ok: bool) -> str:
    """A nested list's shape in words (the grader's shapes; whether the outer level is rows,
    steps or layers, the statement says)."""
    if not shape:
        return "a number"
    if len(shape) == 1:
        return f"a list of {_count(shape[0], 'number')}: {_listed(shape[0])}"
    if len(shape) == 2:
        rows, columns = shape
        inner = f"[{_listed(columns)}{', ...' if rows > 1 else ''}]"
        flat = f", or the flat list {_listed(rows)}" if flat_ok and columns == 1 and rows > 1 else ""
        semicolons = ", or rows separated by ';'" if columns > 1 and rows > 1 else ""
        return f"a list of {_count(rows, 'list')} of {_count(columns, 'number')}: {inner}{flat}{semicolons}"
    return f"a list of {_count(shape[0], 'answer')} (one per layer or step), each " + \
        _shape_words(shape[1:], flat_ok).removeprefix("a ")


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _listed(count: int) -> str:
    """``[x1, x2, x3]``, or ``[x1, ..., x9]`` for a long list."""
    names = [f"x{index}" for index in range(1, count + 1)]
    return "[" + ", ".join(names if count <= 3 else [names[0], "...", names[-1]]) + "]"


__all__ = ["read", "how_to_type", "TypedAnswerError", "MAX_LINE"]
