"""What a format-only check may know about the answers: each part's spec and shapes, never values.

An assessed notebook checks the type and shape of a student's answers before they submit. It is
given an :class:`AnswerFormat` per part, built once from the answer key and holding no expected
value. Where the shape is itself an answer (``AnswerSpec.shape_is_answer``: how many mistakes,
how many stationary points) it keeps no shape either, and the check asks only for a list of
numbers.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import parse, shape
from .spec import AnswerSpec


@dataclass(frozen=True)
class AnswerFormat:
    """One part: how it is graded, and the shape of each of its components (None: not told)."""

    spec: AnswerSpec
    shapes: tuple[tuple[int, ...], ...] | None


def formats(specs: list[AnswerSpec], expected: dict[str, Any]) -> list[AnswerFormat]:
    """The formats of ``specs``' parts, from the expected values (which are not kept)."""
    out = []
    for spec in specs:
        told = spec.kind == "numeric" and not spec.shape_is_answer
        shapes = tuple(item.shape for item in shape.components(expected[spec.part])) if told else None
        out.append(AnswerFormat(spec, shapes))
    return out


def problem(part: AnswerFormat, raw) -> str:
    """The part's type or shape problem, in words, or '' (never an expected value)."""
    spec = part.spec
    try:
        if spec.kind == "numeric" and part.shapes is None:
            if parse.numbers(raw).ndim > 1:
                return "expected a list of numbers"
        elif spec.kind == "numeric":
            return _shape_problem(part.shapes, spec.flat_ok, raw)
        elif spec.kind == "integer":
            parse.number(raw)
        elif spec.kind in ("expression", "label"):
            parse.text(raw)
    except parse.AnswerError as error:
        return str(error)
    except (ValueError, TypeError, ArithmeticError, RecursionError) as error:
        return f"could not be read ({type(error).__name__})"
    return ""


def _shape_problem(shapes, flat_ok: bool, raw) -> str:
    if len(shapes) == 1:
        got = [parse.numbers(raw)]
    else:
        items = parse.nested_parts(raw, len(shapes))
        if len(items) != len(shapes):
            return f"expected {len(shapes)} answers (one per layer or step), got {len(items)}"
        got = [parse.numbers(item) for item in items]
    for index, (item, want) in enumerate(zip(got, shapes)):
        fitted, _, message = shape.conform(item, want, flat_ok)
        if fitted is None:
            return (f"item {index + 1}: " if len(shapes) > 1 else "") + message
    return ""
