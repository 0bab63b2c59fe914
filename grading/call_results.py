"""Read what a student's process sent back for one case, trusting nothing in it.

The child process that runs the student's code (``student_runner``) answers each case with one
JSON line. The student controls that process, so a line may be anything: this module accepts only
the exact shapes the runner sends (exact keys, exact types, numbers only as floats, shapes that
match the data, at most 4 dimensions and ``MAX_ENTRIES`` numbers, every number finite) and turns
anything else into a failed case. The words it produces never contain an expected value: those
are computed by the grader, after this step, in its own process.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np

MAX_ENTRIES = 100_000
MAX_DIMENSIONS = 4
MAX_TEXT = 300


@dataclass(frozen=True)
class Outcome:
    """One case: the arrays the function returned, or what went wrong in words."""

    values: tuple[np.ndarray, ...] | None = None
    problem: str = ""


def parse_line(line: bytes) -> dict | None:
    """A JSON object from one line of the channel, or None when it is not one."""
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return message if isinstance(message, dict) else None


def read_outcome(message: dict, outputs: int) -> Outcome:
    """The outcome of a case from its message (without the ``case`` key), validated strictly."""
    if set(message) == {"raised"} and isinstance(message["raised"], str):
        return Outcome(problem=f"raised {plain_text(message['raised'])}")
    if set(message) == {"returned"} and isinstance(message["returned"], str):
        return Outcome(problem=f"should return {outputs} values, got {plain_text(message['returned'])}")
    if set(message) == {"count"} and _is_count(message["count"]):
        return Outcome(problem=f"should return {outputs} values, got {message['count']}")
    if set(message) != {"values"} or not isinstance(message["values"], list) \
            or len(message["values"]) != outputs:
        return Outcome(problem="sent back something that is not a result")
    arrays = []
    for item in message["values"]:
        array = _read_item(item)
        if isinstance(array, str):
            return Outcome(problem=array)
        arrays.append(array)
    return Outcome(values=tuple(arrays))


def _read_item(item) -> np.ndarray | str:
    if not isinstance(item, dict):
        return "sent back something that is not a result"
    if set(item) == {"kind"} and isinstance(item["kind"], str):
        return f"returned {plain_text(item['kind'])}, not numbers"
    if set(item) == {"too_many"} and type(item["too_many"]) is int and item["too_many"] > MAX_ENTRIES:
        return f"returned {item['too_many']} numbers, more than the {MAX_ENTRIES} allowed"
    if set(item) != {"shape", "data"}:
        return "sent back something that is not a result"
    shape, data = item["shape"], item["data"]
    if not isinstance(shape, list) or len(shape) > MAX_DIMENSIONS or not all(map(_is_count, shape)) \
            or not isinstance(data, list) or len(data) > MAX_ENTRIES or math.prod(shape) != len(data):
        return "sent back something that is not a result"
    if not all(type(number) is float for number in data):
        return "sent back something that is not a result"
    if not all(math.isfinite(number) for number in data):
        return "returned a value that is not a finite number (nan or inf)"
    return np.array(data, dtype=float).reshape(shape)


def _is_count(value) -> bool:
    return type(value) is int and 0 <= value <= MAX_ENTRIES


def plain_text(text: str) -> str:
    """Student-made text, shortened and on one line, safe to quote in feedback."""
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 3] + "..."
