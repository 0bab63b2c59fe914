"""Grade a submission against an answer key: parse, shape, compare, diagnose, follow through.

:func:`grade` never raises on a bad submission: each part that cannot be read, has the wrong
shape or the wrong value gets its score and a message, and the other parts are graded as usual.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from . import compare, parse, shape
from .key import AnswerKey
from .result import GradeResult, PartResult
from .spec import AnswerSpec


def grade(key: AnswerKey, submission: Any) -> GradeResult:
    """Grade every part of ``submission`` (a mapping of part name to answer)."""
    if type(submission) is not dict:
        message = f"the submission must map part names to answers, got {parse._type_name(submission)}"
        return GradeResult([_zero(spec, "unreadable", message) for spec in key.specs])
    readings: dict[str, Any] = {}
    results = []
    for spec in key.specs:
        try:
            result, reading = _grade_part(key, spec, submission, readings)
        except (parse.AnswerError, ValueError, TypeError, ArithmeticError, RecursionError, MemoryError) as error:
            result, reading = _zero(spec, "unreadable", f"{spec.name}: could not be read ({_short(error)})"), None
        readings[spec.part] = reading
        results.append(result)
    return GradeResult(results)


def _grade_part(key: AnswerKey, spec: AnswerSpec, submission: dict, readings: dict):
    if spec.part not in submission:
        return _zero(spec, "missing", f"{spec.name}: no answer given"), None
    raw = submission[spec.part]
    expected = key.expected[spec.part]
    if spec.kind == "numeric":
        return _grade_numeric(key, spec, raw, expected, readings)
    if spec.kind == "expression":
        return _grade_expression(spec, raw, expected), None
    return _grade_plain(key, spec, raw, expected), None


def _grade_numeric(key: AnswerKey, spec: AnswerSpec, raw, expected, readings):
    components = shape.components(expected)
    try:
        got = _read_components(raw, components)
    except parse.AnswerError as error:
        return _zero(spec, "unreadable", f"{spec.name}: {error}"), None
    conformed = []
    for index, (item, want) in enumerate(zip(got, components)):
        fitted, code, message = shape.conform(item, want.shape, spec.flat_ok)
        if fitted is None:
            where = f" (item {index + 1})" if len(components) > 1 else ""
            return _zero(spec, code, f"{spec.name}{where}: {message}"), None
        conformed.append(fitted)
    slack = shape.components(key.slack[spec.part]) if spec.part in key.slack else [0.0] * len(components)
    hits = [
        _match(item, want, spec, extra) for item, want, extra in zip(conformed, components, slack)
    ]
    fraction = float(np.mean(np.concatenate([h.ravel() for h in hits]))) if hits else 0.0
    reading = conformed if len(components) > 1 else conformed[0]
    if fraction == 1.0:
        return PartResult(spec.part, spec.weight, spec.weight, True, f"{spec.name}: correct", "correct"), reading
    if _transposed_matches(conformed, components, spec):
        return _zero(spec, "transposed", f"{spec.name}: the answer looks transposed (rows and columns swapped)"), reading
    diagnosis = _diagnose(key, spec, conformed)
    if diagnosis:
        code, message = diagnosis
        return _zero(spec, f"misconception:{code}", f"{spec.name}: {message}"), reading
    followed = _follow_through(key, spec, conformed, readings)
    if followed:
        return followed, reading
    wrong = sum(int(h.size - h.sum()) for h in hits)
    total = sum(h.size for h in hits)
    if spec.per_entry and fraction > 0:
        score = round(spec.weight * fraction, 6)
        return PartResult(spec.part, score, spec.weight, False,
                          f"{spec.name}: {wrong} of {total} entries are not right", "partial"), reading
    detail = f" ({wrong} of {total} entries are off)" if total > 1 else ""
    return _zero(spec, "wrong", f"{spec.name}: not right{detail}"), reading


def _match(got, want, spec, extra):
    if spec.unordered:
        got, want = np.sort(got.ravel()), np.sort(want.ravel())
        extra = 0.0
    return np.asarray(compare.close(got, want, spec, extra))


def _read_components(raw, components) -> list[np.ndarray]:
    if len(components) == 1:
        return [parse.numbers(raw)]
    items = parse.nested_parts(raw, len(components))
    if len(items) != len(components):
        raise parse.AnswerError(f"expected {len(components)} answers (one per layer or step), got {len(items)}")
    return [parse.numbers(item) for item in items]


def _transposed_matches(conformed, components, spec) -> bool:
    """A square matrix answer that is right once transposed (and not symmetric)."""
    return any(
        g.ndim == 2 and g.shape[0] == g.shape[1] > 1 and not np.allclose(w, w.T)
        and bool(np.all(_match(g.T, w, spec, 0.0)))
        for g, w in zip(conformed, components)
    )


def _diagnose(key: AnswerKey, spec: AnswerSpec, conformed) -> tuple[str, str] | None:
    for wrong in key.misconceptions:
        if spec.part not in wrong.values or wrong.values[spec.part] is None:
            continue
        candidates = shape.components(wrong.values[spec.part])
        if len(candidates) != len(conformed):
            continue
        if all(c.shape == g.shape and bool(np.all(_match(g, c, spec, 0.0))) for c, g in zip(candidates, conformed)):
            return wrong.code, wrong.message
    return None


def _follow_through(key: AnswerKey, spec: AnswerSpec, conformed, readings) -> PartResult | None:
    if not spec.follows or key.follow_through is None or spec.follow_credit == 0:
        return None
    earlier = {part: readings.get(part) for part in spec.follows}
    if any(value is None for value in earlier.values()):
        return None
    recomputed = key.follow_through(spec.part, earlier)
    if recomputed is None:
        return None
    candidates = shape.components(recomputed)
    if len(candidates) != len(conformed) or any(c.shape != g.shape for c, g in zip(candidates, conformed)):
        return None
    if all(bool(np.all(_match(g, c, spec, 0.0))) for c, g in zip(candidates, conformed)):
        score = round(spec.weight * spec.follow_credit, 6)
        names = ", ".join(spec.follows)
        return PartResult(spec.part, score, spec.weight, False,
                          f"{spec.name}: right method, applied to your own earlier answer ({names}), which is wrong",
                          "follow_through")
    return None


def _grade_expression(spec: AnswerSpec, raw, expected) -> PartResult:
    from . import expression

    try:
        got = expression.parse(raw)
        want = expression.parse(expected)
    except expression.ExpressionError as error:
        return _zero(spec, "unreadable", f"{spec.name}: {error}")
    if expression.equivalent(got, want):
        return PartResult(spec.part, spec.weight, spec.weight, True, f"{spec.name}: correct", "correct")
    return _zero(spec, "wrong", f"{spec.name}: not equivalent to the expected expression")


def _grade_plain(key: AnswerKey, spec: AnswerSpec, raw, expected) -> PartResult:
    value = _plain_value(spec, raw)
    if value == _plain_value(spec, expected):
        return PartResult(spec.part, spec.weight, spec.weight, True, f"{spec.name}: correct", "correct")
    for wrong in key.misconceptions:
        if spec.part in wrong.values and value == _plain_value(spec, wrong.values[spec.part]):
            return _zero(spec, f"misconception:{wrong.code}", f"{spec.name}: {wrong.message}")
    return _zero(spec, "wrong", f"{spec.name}: not right")


def _plain_value(spec: AnswerSpec, raw):
    """An integer, boolean or label answer in a form that compares with ``==``."""
    if spec.kind == "integer":
        return parse.number(raw)
    if spec.kind == "boolean":
        return _boolean(raw)
    return parse.text(str(raw) if type(raw) in (int, float) else raw).lower()


def _boolean(raw) -> bool:
    if type(raw) is bool or type(raw) is np.bool_:
        return bool(raw)
    if type(raw) is str and raw.strip().lower() in ("true", "yes", "false", "no"):
        return raw.strip().lower() in ("true", "yes")
    raise parse.AnswerError(f"expected true or false, got {parse._type_name(raw)}")


def _zero(spec: AnswerSpec, code: str, message: str) -> PartResult:
    return PartResult(spec.part, 0.0, spec.weight, False, message, code)


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."
