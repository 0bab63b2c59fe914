"""The answer-format check, public and shared: the notebook's format-only check and the grader
read every answer through the functions here, so the two never disagree about what is readable.

What a format-only check may know about the answers: each part's spec and shapes, never values.

An assessed notebook checks the type and shape of a student's answers before they submit. It is
given an :class:`AnswerFormat` per part, built once from the answer key and holding no expected
value. Where the shape is itself an answer (``AnswerSpec.shape_is_answer``: how many mistakes,
how many stationary points) it keeps no shape either, and the check asks only for a list of
numbers.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

import numpy as np

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
    """The part's type or shape problem, in words, or '' (never an expected value).

    The grader reads every answer through the same functions (:func:`read_components`,
    :func:`conform`, :func:`plain_value`, :func:`check_expression`), so an answer this check
    passes is one the grader reads, and the words are the same."""
    spec = part.spec
    try:
        if spec.kind == "numeric" and part.shapes is None:
            if parse.numbers(raw).ndim > 1:
                return "expected a list of numbers"
        elif spec.kind == "numeric":
            _, failure = conform(read_components(raw, len(part.shapes), parse.numbers), part.shapes, spec.flat_ok)
            if failure is None:
                return ""
            return (f"item {failure.index + 1}: " if len(part.shapes) > 1 else "") + failure.message
        elif spec.kind == "expression":
            return check_expression(spec, raw)
        else:
            plain_value(spec, raw)
    except parse.AnswerError as error:
        return str(error)
    except (ValueError, TypeError, ArithmeticError, RecursionError) as error:
        return f"could not be read ({type(error).__name__})"
    return ""


def read_components(raw, count: int, read: Callable[[Any], np.ndarray]) -> list[np.ndarray]:
    """``read`` (a reading of :mod:`.parse`) of the answer, one array per component (per layer or
    step where the part has ``count`` > 1); raises :class:`parse.AnswerError`."""
    if count == 1:
        return [read(raw)]
    items = parse.nested_parts(raw, count)
    if len(items) != count:
        raise parse.AnswerError(f"expected {count} answers (one per layer or step), got {len(items)}")
    return [read(item) for item in items]


@dataclass(frozen=True)
class ShapeFailure:
    """The first component whose shape does not fit: its index, the code and the message (which
    does not say which item: each caller names it in its own words)."""

    index: int
    code: str
    message: str


def conform(got: list[np.ndarray], shapes, flat_ok: bool) -> tuple[list[np.ndarray] | None, ShapeFailure | None]:
    """Each component fitted to its expected shape (:func:`.shape.conform`), or the first failure."""
    fitted = []
    for index, (item, want) in enumerate(zip(got, shapes)):
        value, code, message = shape.conform(item, tuple(want), flat_ok)
        if value is None:
            return None, ShapeFailure(index, code, message)
        fitted.append(value)
    return fitted, None


def check_expression(spec: AnswerSpec, raw) -> str:
    """The syntax check of an expression part (no sympy): its problem in words, or ''.
    A number is a constant expression (f'(x) = 3)."""
    from nngrade.core import expression

    try:
        expression.checked_tree(expression_text(raw), tuple(spec.variables))
    except expression.ExpressionError as error:
        return str(error)
    return ""


def expression_text(raw):
    """An expression answer as text: a number written as one is a constant expression."""
    return str(raw) if type(raw) in (int, float, Decimal) else raw


def plain_value(spec: AnswerSpec, raw):
    """An integer, boolean or label answer in a form that compares with ``==``; raises
    :class:`parse.AnswerError` when it is none."""
    if spec.kind == "integer":
        return parse.number(raw)
    if spec.kind == "boolean":
        return _boolean(raw)
    return _labels(raw)


def _labels(raw) -> tuple[str, ...]:
    """A label, or one label per row, as lower-case words: ``"YES, no"``, ``"yes,no"`` and
    ``["Yes", "No"]`` all read as ``("yes", "no")``."""
    if type(raw) in (list, tuple):
        if len(raw) > parse.MAX_ENTRIES:
            raise parse.AnswerError("the list of labels is far too long")
        if any(type(item) in (list, tuple) for item in raw):
            raise parse.AnswerError("expected labels, got a nested list")
        return tuple(label for item in raw for label in _labels(item))
    if type(raw) is int or type(raw) is float:
        raw = str(raw)
    return tuple(word.strip().lower() for word in parse.text(raw).split(","))


def _boolean(raw) -> bool:
    if type(raw) is bool or type(raw) is np.bool_:
        return bool(raw)
    if type(raw) is str and len(raw) < 10 and raw.strip().lower() in ("true", "yes", "false", "no"):
        return raw.strip().lower() in ("true", "yes")
    raise parse.AnswerError(f"expected true or false, got {parse.type_name(raw)}")
