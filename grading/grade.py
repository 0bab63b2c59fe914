"""Grade a submission against an answer key: parse, shape, compare, follow through, diagnose.

:func:`grade` never raises on a bad submission: each part that cannot be read, has the wrong
shape or the wrong value gets its score and a message, and the other parts are graded as usual.

The score of a numeric part, in order:

1. every entry acceptable: full weight, ``correct``; where the part has the written-form check
   and a right value is written with the wrong number of figures or places, the feedback says
   so (code ``written_form``), with per-entry credit where the spec allows it;
2. the part follows from the student's own earlier parts by the right method (follow-through):
   ``follow_credit * weight`` (full weight, ``correct``, when those earlier parts were right)
   where both those earlier parts and this one carry work (:mod:`.work`), else 0 (``no_work``:
   entries right only because the no-work chain hits the right answer's zeros earn nothing);
3. otherwise ``weight * (entries right / entries)`` where the spec allows per-entry credit
   (not for one number written into every entry where the right ones differ, unless that is a
   named misconception: :func:`.work.filled`), else 0. The feedback names the matching misconception, if any; an answer that matches none but
   is right once transposed gets 0 and is called transposed.

The total is the plain sum of the part scores; the maximum is the sum of the weights.
"""
from __future__ import annotations

import functools
from typing import Any

import numpy as np

from nngrade.core.names import did_you_mean

from . import answer_format, budget, compare, parse, shape, work
from .key import AnswerKey
from .result import GradeResult, PartResult
from .spec import AnswerSpec

#: Most entries a submission may have (an exercise asks for a handful of parts).
MAX_PARTS = 1_000
#: Modes that read the answer as the exact decimals it spells (the others read floats).
EXACT_READING = ("exact", "sigfigs", "decimals")
#: Most names that are not parts warned about one by one, and the longest name echoed whole.
MAX_WARNED, MAX_NAME = 5, 40
#: Feedback for an expression that could not be decided within the budget (:mod:`.budget`).
TIMEOUT_MESSAGE = "could not be checked within the time limit; simplify your answer"
#: Feedback for an expression that is real at too few points to be compared.
UNDECIDED_MESSAGE = ("could not be checked: it has a real value at too few points where the expected "
                     "expression has one; simplify your answer")


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
    return GradeResult(list(results.values()), _unknown_parts(answers, key))


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


def _unknown_parts(answers: dict, key: AnswerKey) -> list[str]:
    """A warning for each submitted name that is no part of the problem, with its near miss."""
    parts = [spec.part for spec in key.specs]
    unknown = [name for name in answers if name not in parts]
    warnings = [f"{_shown_name(name)} is not a part of this problem"
                + (did_you_mean(name, parts) if len(name) <= MAX_NAME else "") for name in unknown[:MAX_WARNED]]
    if len(unknown) > MAX_WARNED:
        more = len(unknown) - MAX_WARNED
        warnings.append(f"and {more} more such name{'s' if more > 1 else ''}")
    return warnings


def _shown_name(name: str) -> str:
    return repr(name if len(name) <= MAX_NAME else name[:MAX_NAME] + "...")


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
    read = parse.exact_numbers if spec.mode in EXACT_READING else parse.numbers
    got = answer_format.read_components(raw, len(components), read)
    conformed, failure = answer_format.conform(got, [want.shape for want in components], spec.flat_ok)
    if failure:
        return _misshaped(key, spec, got, readings, results, failure, len(components))
    values = [np.asarray(item, dtype=float) for item in conformed]
    reading = values if len(components) > 1 else values[0]
    slack = [0.0] * len(components)
    if exact is not None:
        hits = [compare.exact_equal(g, e) for g, e in zip(conformed, exact)]
    else:
        hits = [_match(g, w, spec, s) for g, w, s in zip(conformed, components, slack)]
        if not all(h.all() for h in hits):  # slack only widens what is accepted: needed only now
            slack = _slack(key, spec, components)
            hits = [_match(g, w, spec, s) for g, w, s in zip(conformed, components, slack)]
    if spec.written_form:
        forms = answer_format.read_components(raw, len(components), parse.written_forms)
        written = [_written_matches(f.reshape(g.shape), g, spec) for f, g in zip(forms, conformed)]
        if all(h.all() for h in hits) and not all(w.all() for w in written):
            return _badly_written(spec, written), reading
        hits = [h & w for h, w in zip(hits, written)]
    right = sum(int(h.sum()) for h in hits)
    total = sum(h.size for h in hits)
    if right == total:
        return _full(spec), reading
    followed = None if spec.written_form else _follow_through(key, spec, values, slack, readings, results)
    if followed:  # credit, or (code no_work, 0) consistent with earlier answers that carry no work
        return followed, reading
    diagnosis = _diagnose(key, spec, values, slack)
    earns = spec.per_entry and total and (diagnosis or not work.filled(values, components))
    score = round(spec.weight * right / total, 6) if earns else 0.0
    if diagnosis:
        code, message = diagnosis
        return PartResult(spec.part, score, spec.weight, False, f"{spec.name}: {message}", f"misconception:{code}"), reading
    if transposed_matches(values, components, spec):
        return _zero(spec, "transposed", f"{spec.name}: the answer looks transposed (rows and columns swapped)"), reading
    hint = " (this part is graded exactly: write fractions as text, such as \"2/3\")" if exact is not None else ""
    where = f"; {wrong_entries(hits)}" if spec.per_entry and total > 1 else ""
    if score > 0:
        message = f"{spec.name}: {total - right} of {total} entries are not right ({where[2:]}){hint}" if where \
            else f"{spec.name}: {total - right} of {total} entries are not right{hint}"
        return PartResult(spec.part, score, spec.weight, False, message, "partial"), reading
    detail = f" ({total - right} of {total} entries are off{where})" if total > 1 else ""
    return _zero(spec, "wrong", f"{spec.name}: not right{detail}{hint}"), reading


#: Most wrong entries a feedback names one by one.
NAMED_ENTRIES = 6


def wrong_entries(hits: list[np.ndarray]) -> str:
    """Where the wrong entries are, for a student to find them: ``row 1, column 2``, ``entry 3``,
    with the item (layer, step) first where the part has several (``item 2: row 1, column 1``);
    at most :data:`NAMED_ENTRIES`, then how many more. Positions only, never a value."""
    places = []
    for item, hit in enumerate(hits, start=1):
        for index in zip(*np.nonzero(~np.asarray(hit, dtype=bool).reshape(np.shape(hit) or (1,)))):
            if len(index) == 2:
                place = f"row {index[0] + 1}, column {index[1] + 1}"
            else:
                place = "entry " + ", ".join(str(i + 1) for i in index)
            places.append(f"item {item}: {place}" if len(hits) > 1 else place)
    shown = "; ".join(places[:NAMED_ENTRIES])
    more = len(places) - NAMED_ENTRIES
    return f"wrong at {shown}" + (f" and {more} more" if more > 0 else "")


def _misshaped(key, spec, got, readings, results, failure: answer_format.ShapeFailure, count: int):
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
    where = f" (item {failure.index + 1})" if count > 1 else ""
    message = failure.message
    if spec.shape_is_answer:  # the expected length is itself an answer (how many mistakes)
        message = "not right (not the right number of entries)"
    return _zero(spec, failure.code, f"{spec.name}{where}: {message}"), None


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
    return _slack_of(key.slack.get(spec.part), components)


def _slack_of(slack, components) -> list:
    """The rounding slack (nested like the part, or None) as one array per component."""
    if slack is None:
        return [0.0] * len(components)
    slack = shape.components(slack)
    return slack if len(slack) == len(components) else [0.0] * len(components)


def matches(spec: AnswerSpec, value, target, slack=None) -> bool:
    """Would the grader call ``value`` right for ``spec``'s part were ``target`` the right answer?

    The comparison at the heart of :func:`grade`, on values already read (a key's or a twin's,
    never a student's text): a numeric part item by item with the part's tolerance (sorted first
    where the part is unordered) and the rounding ``slack`` where given (nested like the part);
    an expression by :func:`~nngrade.core.equivalence.decide`; any other part by its plain
    value. Follow-through, the written-form check and the diagnosis are not part of it, and in
    ``exact`` mode floats are compared, as for a key without rationals. The draw screen
    (:func:`nngrade.exercises.problems.distinguishable`) asks it of every misconception."""
    if spec.kind == "numeric":
        try:
            want, got = shape.components(target), shape.components(value)
        except (ValueError, TypeError):
            return False
        return _all_match(got, want, spec, _slack_of(slack, want))
    if spec.kind == "expression" and type(value) is str and type(target) is str:
        return _expression_verdict(value, target, [], tuple(spec.variables)) == "equal"
    try:
        return answer_format.plain_value(spec, value) == answer_format.plain_value(spec, target)
    except parse.AnswerError:
        return value == target


def _match(got, want, spec, extra):
    if spec.unordered:
        got, want = np.sort(got.ravel()), np.sort(want.ravel())
        extra = np.max(extra) if np.size(extra) else 0.0
    return np.asarray(compare.close(got, want, spec, extra))


def _written_matches(forms: np.ndarray, got: np.ndarray, spec: AnswerSpec) -> np.ndarray:
    """The written-form check per entry, in the order :func:`_match` compares the entries."""
    ok = compare.written_ok(forms, spec)
    if spec.unordered:
        order = np.argsort(np.asarray(got, dtype=float).ravel(), kind="stable")
        return ok.ravel()[order]
    return ok


def _badly_written(spec: AnswerSpec, written: list[np.ndarray]) -> PartResult:
    """A right value written with the wrong number of figures or places (written-form check on)."""
    wrong = sum(int((~w).sum()) for w in written)
    total = sum(w.size for w in written)
    required = (f"{spec.sigfigs} significant figure{'s' if spec.sigfigs != 1 else ''}" if spec.mode == "sigfigs"
                else f"{spec.decimals} decimal place{'s' if spec.decimals != 1 else ''}")
    where = f"{wrong} of {total} entries are" if total > 1 else "it is"
    score = round(spec.weight * (total - wrong) / total, 6) if spec.per_entry and total else 0.0
    message = (f"{spec.name}: the value is right, but {where} not written with exactly {required} "
               "(trailing zeros count: 2.50 has 3 figures; a float drops them, so write such a number as text)")
    return PartResult(spec.part, score, spec.weight, False, message, "written_form")


def _all_match(got: list, candidates: list, spec: AnswerSpec, slack: list) -> bool:
    return len(candidates) == len(got) and all(
        c.shape == g.shape and bool(np.all(_match(g, c, spec, s))) for c, g, s in zip(candidates, got, slack)
    )


def transposed_matches(values, components, spec) -> bool:
    """A square matrix answer that is right once transposed (and not symmetric)."""
    return any(
        g.ndim == 2 and g.shape[0] == g.shape[1] > 1 and not np.allclose(w, w.T)
        and bool(np.all(_match(g.T, w, spec, 0.0)))
        for g, w in zip(values, components)
    )


def _diagnose(key: AnswerKey, spec: AnswerSpec, values, slack) -> tuple[str, str] | None:
    """The misconception whose answer matches: first within the plain tolerance, then with the
    rounding slack too (a mistake worked by hand drifts like a right answer does). The first pass
    reads the key's misconceptions one by one, so a match spares working out the rest."""
    candidates = []
    no_slack = [0.0] * len(values)
    for wrong in key.misconceptions:
        if wrong.values.get(spec.part) is None:
            continue
        try:
            components = shape.components(wrong.values[spec.part])
        except (ValueError, TypeError):
            continue
        if _all_match(values, components, spec, no_slack):
            return wrong.code, wrong.message
        candidates.append((wrong, components))
    for wrong, components in candidates:
        if _all_match(values, components, spec, slack):
            return wrong.code, wrong.message
    return None


def _follow_through(key: AnswerKey, spec: AnswerSpec, values, slack, readings, results) -> PartResult | None:
    """Credit for this part worked correctly from the student's own earlier answers; a result
    with code ``no_work`` (score 0) where it is so worked but the chain carries no work."""
    if not spec.follows or key.follow_through is None or spec.follow_credit == 0:
        return None
    earlier = {part: readings.get(part) for part in spec.follows}
    if any(value is None for value in earlier.values()):
        return None
    try:
        recomputed = key.follow_through(spec.part, earlier)
        if recomputed is None:
            return None
        if not _all_match(values, shape.components(recomputed), spec, slack):
            return None
        pays = work.pays_for_work(key, spec, earlier, recomputed, values, results)
    except Exception:  # noqa: BLE001 - a student's earlier values may not fit the kind's formula
        return None
    names = ", ".join(spec.follows)
    if not pays:
        return _zero(spec, work.NO_WORK, f"{spec.name}: follows from your answer to {names}, but with no work in it "
                     "(copied or zero values, or nothing changed), so it earns no follow-through credit")
    if all(results[part].correct for part in spec.follows if part in results):
        return PartResult(spec.part, spec.weight, spec.weight, True,
                          f"{spec.name}: correct (worked from your answers to {names})", "correct")
    score = round(spec.weight * spec.follow_credit, 6)
    return PartResult(spec.part, score, spec.weight, False,
                      f"{spec.name}: right method, applied to your own earlier answer ({names}), which is wrong",
                      "follow_through")


def _grade_expression(key: AnswerKey, spec: AnswerSpec, raw):
    """An expression part: its syntax checked in-process (no sympy), then built and decided in a
    budgeted child (:mod:`.budget`), since sympy itself can grind while it builds a short text
    (``tan(exp(10**11))`` asks for pi to 10^11 bits). The reading for follow-through is the text."""
    raw = answer_format.expression_text(raw)
    problem = answer_format.check_expression(spec, raw)
    if problem:
        return _zero(spec, "unreadable", f"{spec.name}: {problem}"), None
    wrongs = [wrong for wrong in key.misconceptions if type(wrong.values.get(spec.part)) is str]
    _warm_expression_tools()
    try:
        verdict = budget.run(_expression_verdict, raw, key.expected[spec.part],
                             [wrong.values[spec.part] for wrong in wrongs], tuple(spec.variables))
    except budget.BudgetExceeded:
        return _zero(spec, "timeout", f"{spec.name}: {TIMEOUT_MESSAGE}"), raw
    if verdict == "equal":
        return _full(spec), raw
    if type(verdict) is int and 0 <= verdict < len(wrongs):
        wrong = wrongs[verdict]
        return _zero(spec, f"misconception:{wrong.code}", f"{spec.name}: {wrong.message}"), raw
    if verdict == "undecided":
        return _zero(spec, "undecided", f"{spec.name}: {UNDECIDED_MESSAGE}"), raw
    if type(verdict) is list and len(verdict) == 1 and type(verdict[0]) is str:
        return _zero(spec, "unreadable", f"{spec.name}: {verdict[0][:120]}"), None
    return _zero(spec, "wrong", f"{spec.name}: not equivalent to the expected expression"), raw


@functools.cache
def _warm_expression_tools() -> None:
    """Import sympy and mpmath and run one decision on a fixed pair, once, in the grader: every
    child then starts with them loaded and initialised (a cold child spends 0.1 s more)."""
    _expression_verdict("exp(x) + sin(x)/x - sqrt(x)", "exp(x) + sin(x)/x - sqrt(x) + 1", [], ("x",))


def _expression_verdict(text: str, expected: str, wrongs: list[str], variables: tuple) -> str | int | list:
    """``"equal"``, the index of the matching misconception, ``"undecided"``, ``"different"``,
    or ``[message]`` when the text cannot be built (plain data: this runs in the budget's child)."""
    from nngrade.core import expression
    from nngrade.core.equivalence import DIFFERENT, EQUAL, decide

    try:
        got = expression.parse(text, variables)
    except expression.ExpressionError as error:
        return [str(error)]
    outcome = decide(got, expression.parse(expected, variables))
    if outcome == EQUAL:
        return "equal"
    for index, wrong in enumerate(wrongs):
        if decide(got, expression.parse(wrong, variables)) == EQUAL:
            return index
    return "different" if outcome == DIFFERENT else "undecided"


def _grade_plain(key: AnswerKey, spec: AnswerSpec, raw):
    value = answer_format.plain_value(spec, raw)
    if value == answer_format.plain_value(spec, key.expected[spec.part]):
        return _full(spec), value
    for wrong in key.misconceptions:
        if spec.part in wrong.values and value == answer_format.plain_value(spec, wrong.values[spec.part]):
            return _zero(spec, f"misconception:{wrong.code}", f"{spec.name}: {wrong.message}"), value
    return _zero(spec, "wrong", f"{spec.name}: not right"), value


def _full(spec: AnswerSpec) -> PartResult:
    return PartResult(spec.part, spec.weight, spec.weight, True, f"{spec.name}: correct", "correct")


def _zero(spec: AnswerSpec, code: str, message: str) -> PartResult:
    return PartResult(spec.part, 0.0, spec.weight, False, message, code)


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."
