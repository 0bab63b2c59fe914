"""Grade a submission against an answer key: parse, shape, compare, follow through, diagnose.

:func:`grade` never raises on a bad submission: each part that cannot be read, has the wrong
shape or the wrong value gets its score and a message, and the other parts are graded as usual.

The score of a numeric part, in order:

1. every entry acceptable: full weight, ``correct``;
2. the part follows from the student's own earlier parts by the right method (follow-through):
   ``follow_credit * weight`` (full weight, ``correct``, when those earlier parts were right);
3. otherwise ``weight * (entries right / entries)`` where the spec allows per-entry credit, else
   0. The feedback names the matching misconception, if any; an answer that matches none but
   is right once transposed gets 0 and is called transposed.

The total is the plain sum of the part scores; the maximum is the sum of the weights.
"""
from __future__ import annotations

from decimal import Decimal

from typing import Any

import numpy as np

from . import compare, parse, shape
from .key import AnswerKey
from .result import GradeResult, PartResult
from .spec import AnswerSpec

#: Most entries a submission may have (an exercise asks for a handful of parts).
MAX_PARTS = 1_000


def grade(key: AnswerKey, submission: Any) -> GradeResult:
    """Grade every part of ``submission`` (a plain dict of part name to answer)."""
    answers, problem = _answers(submission)
    if answers is None:
        return GradeResult([_zero(spec, "unreadable", f"{spec.name}: {problem}") for spec in key.specs])
    readings: dict[str, Any] = {}
    results: dict[str, PartResult] = {}
    for spec in key.specs:
        try:
            result, reading = _grade_part(key, spec, answers, readings, results, problem)
        except parse.AnswerError as error:
            result, reading = _zero(spec, "unreadable", f"{spec.name}: {_short(error)}"), None
        except Exception as error:  # noqa: BLE001 - the last line of defence: one part never sinks the rest
            message = f"{spec.name}: could not be read ({_short(error)})"
            result, reading = _zero(spec, "unreadable", message), None
        readings[spec.part] = reading
        results[spec.part] = result
    return GradeResult(list(results.values()))


def _answers(submission) -> tuple[dict | None, str]:
    """The plain part -> answer mapping, and a note on keys that were ignored (or why nothing
    could be read). Only a plain dict is read, through dict's own methods, never a subclass's."""
    if type(submission) is not dict:
        kind = parse.type_name(submission)
        return None, f"the submission must be a plain dict of part names to answers, got {kind}"
    if dict.__len__(submission) > MAX_PARTS:
        return None, f"the submission has {dict.__len__(submission)} entries, far more than the parts asked for"
    answers = {}
    ignored = 0
    for name, value in dict.items(submission):
        if type(name) is str:
            answers[name] = value
        else:
            ignored += 1
    note = f" ({ignored} key{'s' if ignored != 1 else ''} that are not text were ignored)" if ignored else ""
    return answers, note


def _grade_part(key: AnswerKey, spec: AnswerSpec, answers: dict, readings: dict, results: dict, note: str):
    if spec.part not in answers:
        return _zero(spec, "missing", f"{spec.name}: no answer given{note}"), None
    raw = answers[spec.part]
    if spec.kind == "numeric":
        return _grade_numeric(key, spec, raw, readings, results)
    if spec.kind == "expression":
        return _grade_expression(key, spec, raw)
    return _grade_plain(key, spec, raw)


def _grade_numeric(key: AnswerKey, spec: AnswerSpec, raw, readings: dict, results: dict):
    components = shape.components(key.expected[spec.part])
    exact = _exact_components(key, spec, components)
    got = _read_components(raw, components, exact is not None)
    conformed = []
    for index, (item, want) in enumerate(zip(got, components)):
        fitted, code, message = shape.conform(item, want.shape, spec.flat_ok)
        if fitted is None:
            return _misshaped(key, spec, got, readings, results, code, message, index, len(components))
        conformed.append(fitted)
    values = [np.asarray(item, dtype=float) for item in conformed]
    reading = values if len(components) > 1 else values[0]
    slack = _slack(key, spec, components)
    if exact is not None:
        hits = [compare.exact_equal(g, e) for g, e in zip(conformed, exact)]
    else:
        hits = [_match(g, w, spec, s) for g, w, s in zip(values, components, slack)]
    right = sum(int(h.sum()) for h in hits)
    total = sum(h.size for h in hits)
    if right == total:
        return _full(spec), reading
    followed = _follow_through(key, spec, values, slack, readings, results)
    if followed:
        return followed, reading
    score = round(spec.weight * right / total, 6) if spec.per_entry and total else 0.0
    diagnosis = _diagnose(key, spec, values, slack)
    if diagnosis:
        code, message = diagnosis
        return PartResult(spec.part, score, spec.weight, False, f"{spec.name}: {message}", f"misconception:{code}"), reading
    if _transposed_matches(values, components, spec):
        return _zero(spec, "transposed", f"{spec.name}: the answer looks transposed (rows and columns swapped)"), reading
    hint = " (this part is graded exactly: write fractions as text, such as \"2/3\")" if exact is not None else ""
    if score > 0:
        message = f"{spec.name}: {total - right} of {total} entries are not right{hint}"
        return PartResult(spec.part, score, spec.weight, False, message, "partial"), reading
    detail = f" ({total - right} of {total} entries are off)" if total > 1 else ""
    return _zero(spec, "wrong", f"{spec.name}: not right{detail}{hint}"), reading


def _misshaped(key, spec, got, readings, results, code, message, index, count):
    """An answer whose shape is not the expected one: it may still follow from the student's own
    earlier answers (a different number of mistakes) or match a misconception's shape."""
    values = [np.asarray(g, dtype=float) for g in got]
    reading = values if count > 1 else values[0]
    no_slack = [0.0] * len(values)
    followed = _follow_through(key, spec, values, no_slack, readings, results)
    if followed:
        return followed, reading
    diagnosis = _diagnose(key, spec, values, no_slack)
    if diagnosis:
        return _zero(spec, f"misconception:{diagnosis[0]}", f"{spec.name}: {diagnosis[1]}"), reading
    where = f" (item {index + 1})" if count > 1 else ""
    return _zero(spec, code, f"{spec.name}{where}: {message}"), None


def _exact_components(key: AnswerKey, spec: AnswerSpec, components) -> list[np.ndarray] | None:
    """The key's exact values as object arrays shaped like ``components`` (exact mode only)."""
    if spec.mode != "exact" or spec.part not in key.exact:
        return None
    value = key.exact[spec.part]
    items = [value] if len(components) == 1 else list(value)
    out = []
    for item, want in zip(items, components):
        flat = np.empty(want.size, dtype=object)
        flat[:] = list(_flatten(item))
        out.append(flat.reshape(want.shape))
    return out


def _flatten(value):
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _flatten(item)
    else:
        yield value


def _slack(key: AnswerKey, spec: AnswerSpec, components) -> list:
    if spec.part not in key.slack:
        return [0.0] * len(components)
    slack = shape.components(key.slack[spec.part])
    return slack if len(slack) == len(components) else [0.0] * len(components)


def _match(got, want, spec, extra):
    if spec.unordered:
        got, want = np.sort(got.ravel()), np.sort(want.ravel())
        extra = np.max(extra) if np.size(extra) else 0.0
    return np.asarray(compare.close(got, want, spec, extra))


def _read_components(raw, components, exact: bool) -> list[np.ndarray]:
    read = parse.exact_numbers if exact else parse.numbers
    if len(components) == 1:
        return [read(raw)]
    items = parse.nested_parts(raw, len(components))
    if len(items) != len(components):
        raise parse.AnswerError(f"expected {len(components)} answers (one per layer or step), got {len(items)}")
    return [read(item) for item in items]


def _all_match(got: list, candidates: list, spec: AnswerSpec, slack: list) -> bool:
    return len(candidates) == len(got) and all(
        c.shape == g.shape and bool(np.all(_match(g, c, spec, s))) for c, g, s in zip(candidates, got, slack)
    )


def _transposed_matches(values, components, spec) -> bool:
    """A square matrix answer that is right once transposed (and not symmetric)."""
    return any(
        g.ndim == 2 and g.shape[0] == g.shape[1] > 1 and not np.allclose(w, w.T)
        and bool(np.all(_match(g.T, w, spec, 0.0)))
        for g, w in zip(values, components)
    )


def _diagnose(key: AnswerKey, spec: AnswerSpec, values, slack) -> tuple[str, str] | None:
    """The misconception whose answer matches: first within the plain tolerance, then with the
    rounding slack too (a mistake worked by hand drifts like a right answer does)."""
    candidates = []
    for wrong in key.misconceptions:
        if wrong.values.get(spec.part) is None:
            continue
        try:
            candidates.append((wrong, shape.components(wrong.values[spec.part])))
        except (ValueError, TypeError):
            continue
    no_slack = [0.0] * len(values)
    for extra in (no_slack, slack):
        for wrong, components in candidates:
            if _all_match(values, components, spec, extra):
                return wrong.code, wrong.message
    return None


def _follow_through(key: AnswerKey, spec: AnswerSpec, values, slack, readings, results) -> PartResult | None:
    """Credit for this part worked correctly from the student's own earlier answers."""
    if not spec.follows or key.follow_through is None or spec.follow_credit == 0:
        return None
    earlier = {part: readings.get(part) for part in spec.follows}
    if any(value is None for value in earlier.values()):
        return None
    try:
        recomputed = key.follow_through(spec.part, earlier)
        if recomputed is None:
            return None
        candidates = shape.components(recomputed)
    except Exception:  # noqa: BLE001 - a student's earlier values may not fit the kind's formula
        return None
    if not _all_match(values, candidates, spec, slack):
        return None
    names = ", ".join(spec.follows)
    if all(results[part].correct for part in spec.follows if part in results):
        return PartResult(spec.part, spec.weight, spec.weight, True,
                          f"{spec.name}: correct (worked from your answers to {names})", "correct")
    score = round(spec.weight * spec.follow_credit, 6)
    return PartResult(spec.part, score, spec.weight, False,
                      f"{spec.name}: right method, applied to your own earlier answer ({names}), which is wrong",
                      "follow_through")


def _grade_expression(key: AnswerKey, spec: AnswerSpec, raw):
    from nngrade.core import expression

    if type(raw) in (int, float, Decimal):  # a constant expression written as a number: f'(x) = 3
        raw = str(raw)
    try:
        got = expression.parse(raw, spec.variables)
    except expression.ExpressionError as error:
        return _zero(spec, "unreadable", f"{spec.name}: {error}"), None
    want = expression.parse(key.expected[spec.part], spec.variables)
    if expression.equivalent(got, want):
        return _full(spec), got
    for wrong in key.misconceptions:
        text = wrong.values.get(spec.part)
        if type(text) is str and expression.equivalent(got, expression.parse(text, spec.variables)):
            return _zero(spec, f"misconception:{wrong.code}", f"{spec.name}: {wrong.message}"), got
    return _zero(spec, "wrong", f"{spec.name}: not equivalent to the expected expression"), got


def _grade_plain(key: AnswerKey, spec: AnswerSpec, raw):
    value = _plain_value(spec, raw)
    if value == _plain_value(spec, key.expected[spec.part]):
        return _full(spec), value
    for wrong in key.misconceptions:
        if spec.part in wrong.values and value == _plain_value(spec, wrong.values[spec.part]):
            return _zero(spec, f"misconception:{wrong.code}", f"{spec.name}: {wrong.message}"), value
    return _zero(spec, "wrong", f"{spec.name}: not right"), value


def _plain_value(spec: AnswerSpec, raw):
    """An integer, boolean or label answer in a form that compares with ``==``."""
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


def _full(spec: AnswerSpec) -> PartResult:
    return PartResult(spec.part, spec.weight, spec.weight, True, f"{spec.name}: correct", "correct")


def _zero(spec: AnswerSpec, code: str, message: str) -> PartResult:
    return PartResult(spec.part, 0.0, spec.weight, False, message, code)


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."
