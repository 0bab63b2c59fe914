"""One variant as LMS gaps: an answer box per entry, with the interval nngrade accepts there.

An LMS grades each box on its own, with an absolute tolerance. So every answer part of the key
is cut into entries, and each entry gets:

- the closed interval of numbers nngrade's own comparison accepts there (the part's mode,
  tolerances and the key's rounding slack, :func:`nngrade.grading.bounds.accepted_bounds`);
- every named misconception whose answer for that entry lies outside that interval, as a wrong
  alternative with the grader's diagnosis as its feedback, and the interval that diagnosis
  accepts around it (misconceptions whose intervals hold each other's answers are one
  alternative with both messages, since a box cannot tell them apart);
- its share of the part's weight (:func:`integer_weights` makes them whole numbers).

Integer parts are boxes with no tolerance, labels are text boxes (case does not matter, as in
nngrade), booleans a true/false choice. Parts a box per entry cannot grade as nngrade does are
left out, each with a warning that says why: expression parts (a derivative), parts whose
number of entries is itself the answer (a box per entry would give the count away) or whose
order is free, and ``exact`` mode (no tolerance accepts exactly one rational).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import gcd, lcm
from typing import Any

import numpy as np

from nngrade.grading.bounds import accepted_bounds
from nngrade.grading.key import AnswerKey
from nngrade.grading.shape import components
from nngrade.grading.spec import AnswerSpec

@dataclass(frozen=True)
class Alternative:
    """A wrong answer for one box that a named misconception gives, with its feedback."""

    value: Any
    low: float | None
    high: float | None
    feedback: str


@dataclass(frozen=True)
class Box:
    """One answer box: the right value, the interval accepted, its weight and wrong alternatives."""

    kind: str
    """``numeric`` (a number within [low, high]), ``integer``, ``label`` (text) or ``boolean``."""
    value: Any
    low: float | None
    high: float | None
    weight: Fraction
    wrongs: tuple[Alternative, ...]
    label: str
    """Where the entry sits, for a screen reader and for the answer key: ``z[2,1]``."""


@dataclass(frozen=True)
class Field:
    """The boxes of one answer part, laid out as its value is: one grid per layer or step."""

    part: str
    title: str
    grids: tuple[tuple[tuple[Box, ...], ...], ...]

    @property
    def boxes(self) -> list[Box]:
        return [box for grid in self.grids for row in grid for box in row]


@dataclass(frozen=True)
class Cut:
    """A variant's fields, and the parts left out with the reason for each."""

    fields: tuple[Field, ...]
    left_out: tuple[str, ...]


def cut(key: AnswerKey) -> Cut:
    """The boxes of every part of ``key`` that boxes can grade as nngrade does."""
    fields, left_out = [], []
    for spec in key.specs:
        reason = _unfit(spec)
        if reason:
            left_out.append(f"{spec.part} ({spec.name}) is left out: {reason}")
            continue
        try:
            fields.append(_field(key, spec))
        except ValueError as error:  # an expected entry the grader itself refuses (float noise beside a huge one)
            left_out.append(f"{spec.part} ({spec.name}) is left out: {error}")
    return Cut(tuple(fields), tuple(left_out))


def _unfit(spec: AnswerSpec) -> str:
    if spec.kind == "expression":
        return "an expression answer has no numeric or text box that grades it as nngrade does; ask it in nngrade"
    if spec.shape_is_answer:
        return "how many entries it has is itself the answer, which one box per entry would give away"
    if spec.unordered:
        return "its entries may come in any order, which boxes in a fixed order cannot accept"
    if spec.kind == "numeric" and spec.mode == "exact":
        return "exact mode accepts one rational, which no tolerance can express"
    return ""


def _field(key: AnswerKey, spec: AnswerSpec) -> Field:
    if spec.kind == "numeric":
        grids = _numeric_grids(key, spec)
    else:
        grids = (_plain_grid(key, spec),)
    count = sum(len(row) for grid in grids for row in grid)
    share = Fraction(spec.weight).limit_denominator(1000) / count
    weighted = tuple(tuple(tuple(_with_weight(box, share) for box in row) for row in grid) for grid in grids)
    return Field(spec.part, spec.name, weighted)


def _with_weight(box: Box, weight: Fraction) -> Box:
    return Box(box.kind, box.value, box.low, box.high, weight, box.wrongs, box.label)


def _numeric_grids(key: AnswerKey, spec: AnswerSpec):
    wants = _layers(key.expected[spec.part])
    slacks = _layers(key.slack[spec.part]) if spec.part in key.slack else [np.zeros(w.shape) for w in wants]
    wrong_sets = []
    for wrong in key.misconceptions:
        if wrong.values.get(spec.part) is None:
            continue
        try:
            values = _layers(wrong.values[spec.part])
        except (ValueError, TypeError):
            continue
        if len(values) == len(wants) and all(v.shape == w.shape for v, w in zip(values, wants)):
            wrong_sets.append((values, wrong.message))
    grids = []
    for index, (want, slack) in enumerate(zip(wants, slacks)):
        low, high = accepted_bounds(want, spec, slack)
        around = [(values[index], accepted_bounds(values[index], spec, slack), message)
                  for values, message in wrong_sets]
        boxes = {}
        for entry in np.ndindex(want.shape):
            wrongs = [(float(value[entry]), float(bounds[0][entry]), float(bounds[1][entry]), message)
                      for value, bounds, message in around
                      if not low[entry] <= value[entry] <= high[entry]]
            boxes[entry] = Box("numeric", float(want[entry]), float(low[entry]), float(high[entry]), Fraction(0),
                               _merged(wrongs), _label(spec.part, index if len(wants) > 1 else None, entry))
        grids.append(_grid(want.shape, boxes))
    return tuple(grids)


def _layers(value) -> list[np.ndarray]:
    """A part's value as one array per grid: per layer or per step, also where all share a shape."""
    out = []
    for array in components(value):
        out.extend(list(array) if array.ndim == 3 else [array])
    return out


def _merged(wrongs: list[tuple[float, float, float, str]]) -> tuple[Alternative, ...]:
    """One alternative per group of misconceptions whose intervals hold each other's answers."""
    groups: list[list[tuple[float, float, float, str]]] = []
    for wrong in sorted(wrongs):
        for group in groups:
            if any(other[1] <= wrong[0] <= other[2] or wrong[1] <= other[0] <= wrong[2] for other in group):
                group.append(wrong)
                break
        else:
            groups.append([wrong])
    out = []
    for group in groups:
        messages = list(dict.fromkeys(message for *_, message in group))
        value = group[0][0]
        low = min(item[1] for item in group)
        high = max(item[2] for item in group)
        out.append(Alternative(value, low, high, "; or ".join(messages)))
    return tuple(out)


def _plain_grid(key: AnswerKey, spec: AnswerSpec):
    """Integer, label and boolean parts: one box per value (labels: one per row)."""
    expected = key.expected[spec.part]
    values = list(expected) if isinstance(expected, (list, tuple)) else [expected]
    wrong_values = []
    for wrong in key.misconceptions:
        value = wrong.values.get(spec.part)
        if value is None:
            continue
        value = list(value) if isinstance(value, (list, tuple)) else [value]
        if len(value) == len(values):
            wrong_values.append((value, wrong.message))
    row = []
    for index, value in enumerate(values):
        right = _plain(spec, value)
        wrongs = {}
        for wrong, message in wrong_values:
            candidate = _plain(spec, wrong[index])
            if candidate != right:
                wrongs.setdefault(candidate, []).append(message)
        alternatives = tuple(Alternative(candidate, *_exact_bounds(spec, candidate), "; or ".join(dict.fromkeys(messages)))
                             for candidate, messages in wrongs.items())
        row.append(Box(_box_kind(spec), right, *_exact_bounds(spec, right), Fraction(0), alternatives,
                       _label(spec.part, None, (index,) if len(values) > 1 else ())))
    return (tuple(row),)


def _box_kind(spec: AnswerSpec) -> str:
    return {"integer": "integer", "label": "label", "boolean": "boolean"}[spec.kind]


def _plain(spec: AnswerSpec, value):
    if spec.kind == "integer":
        return int(round(float(value)))
    if spec.kind == "boolean":
        return bool(value)
    return str(value).strip()


def _exact_bounds(spec: AnswerSpec, value) -> tuple[float | None, float | None]:
    return (float(value), float(value)) if spec.kind == "integer" else (None, None)


def _grid(shape: tuple, boxes: dict) -> tuple[tuple[Box, ...], ...]:
    """Boxes in rows as the value is laid out: a number, a row (flat list) or a matrix's rows."""
    if len(shape) == 0:
        return ((boxes[()],),)
    if len(shape) == 1:
        return (tuple(boxes[(column,)] for column in range(shape[0])),)
    if len(shape) == 2:
        return tuple(tuple(boxes[(row, column)] for column in range(shape[1])) for row in range(shape[0]))
    raise ValueError(f"an answer of shape {shape} has no layout as boxes")


def _label(part: str, layer: int | None, entry: tuple) -> str:
    prefix = part + (f"({layer + 1})" if layer is not None else "")
    return prefix + (f"[{','.join(str(i + 1) for i in entry)}]" if entry else "")


def integer_weights(boxes: list[Box]) -> list[int]:
    """The boxes' weights scaled to the smallest whole numbers in the same ratios (an LMS takes
    whole gap weights only)."""
    if not boxes:
        return []
    scale = lcm(*(box.weight.denominator for box in boxes))
    whole = [int(box.weight * scale) for box in boxes]
    common = gcd(*whole) or 1
    return [value // common for value in whole]
