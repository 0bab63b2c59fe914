"""Follow-through pays only for work: the one rule every exercise kind's follow-through obeys.

A later part recomputed from a student's own earlier answers (follow-through) earns credit only
when

(a) every earlier answer it builds on is a genuine attempt: right, a named misconception, or
    else not an answer that carries no work (:func:`has_work`) nor one worked from such answers
    (result code ``no_work``); and
(b) the later value recomputed from them has work in it too.

What carries no work is data, per part, in the answer key (``AnswerKey.unworked``), declared by
each kind next to its follow-through: all zeros (:attr:`Unworked.ZEROS`), the targets copied as
predictions, the starting values echoed as every update, the given function as its own
derivative, any constant as the derivative of a function that is not linear
(:attr:`Unworked.CONSTANT`). Besides, in every part, one number written into every entry where
the right entries differ carries no work as an earlier answer (:func:`filled`); a later value
worked from honest answers may be one number everywhere by the method (p - t = [-2, -2]).

An answer is *unworked* when, for one of those references, more than half of the entries where
the right answer differs from the reference are close to it. Close means within
``IDLE_FRACTION`` of the largest distance of the right answer from the reference, so that a
gradient of 1e-9, targets plus 0.001, or iterates that move by the learning rate times 0 count
as no work, while the honest slips that shrink an answer (a forgotten factor 2, a mean for a sum
over a batch of a dozen rows) do not. Entries where the right answer itself is close to the
reference are not judged: there the reference is right. An answer of another length than the
right one (a different number of mistakes) is judged by the part's grading tolerance instead.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

import numpy as np

from . import compare, shape
from .spec import AnswerSpec

#: Result code of a part worked consistently from earlier answers, in a chain with no work in it.
#: A later part built on such a part carries no work either.
NO_WORK = "no_work"
#: A distance from a no-work reference below this fraction of the right answer's own distance
#: from it is taken as no work (one fiftieth: well under any honest slip's factor).
IDLE_FRACTION = 0.02
#: Relative distance that is float noise, not work, whatever the right answer's scale.
FLOAT_NOISE = 1e-12
#: Fewest numbers an answer needs before ``a * reference + c`` is judged (two numbers are always
#: of that form).
MIN_RESCALED_ENTRIES = 3


class Unworked(Enum):
    """No-work references that are not one value."""

    ZEROS = "all zeros, shaped like the answer"
    CONSTANT = "any expression that does not depend on the variables (expression parts)"


@dataclass(frozen=True)
class Rescaled:
    """Any ``a * reference + c`` (a, c numbers) carries no work either: the targets negated,
    doubled or shifted as predictions, or the given function scaled or shifted as its own
    derivative. Judged on the whole answer (at least ``MIN_RESCALED_ENTRIES`` numbers), and only
    where the right answer is not itself of that form."""

    reference: Any


def pays_for_work(key, spec: AnswerSpec, earlier: dict[str, Any], recomputed, answer, results: dict) -> bool:
    """Whether follow-through may credit ``spec``'s part: rules (a) and (b) above.

    ``earlier`` holds the student's earlier answers as the grader read them, ``recomputed`` the
    part's value worked from them, ``answer`` the student's own (which matched it within the
    tolerance, so must not be the no-work answer either: the start echoed where the update is
    small), ``results`` the earlier parts' results.
    """
    for part, value in earlier.items():
        result = results.get(part)
        if result is not None and result.code == NO_WORK:
            return False  # itself worked from answers with no work in them
        if result is not None and (result.correct or result.code.startswith("misconception:")):
            continue  # a right answer, or a named honest mistake, is a genuine attempt
        worked = result is not None and result.code == "follow_through"  # one number everywhere by the method
        if key.spec(part).kind == "numeric" and not worked and filled(value, key.expected[part]):
            return False  # one number guessed into every entry
        if not has_work(key.spec(part), value, key.expected[part], key.unworked.get(part, ())):
            return False
    later = key.unworked.get(spec.part, ())
    return all(has_work(spec, value, key.expected[spec.part], later) for value in (recomputed, answer))


def has_work(spec: AnswerSpec, value, right, unworked) -> bool:
    """False when ``value`` is one of the no-work answers ``unworked`` of the part, or close to one."""
    if spec.kind == "expression":
        return not _unworked_text(spec, value, right, unworked)
    if spec.kind != "numeric":
        return True
    got, want = _flat(value), _flat(right)
    for reference in unworked:
        if isinstance(reference, Rescaled):
            if _rescaled(got, want, _flat(reference.reference)):
                return False
            continue
        idle = np.zeros(got.shape) if reference is Unworked.ZEROS else _flat(reference)
        if _idle(spec, got, want, idle):
            return False
    return True


def filled(value, right) -> bool:
    """One number written into every entry where the right entries differ: a guess (all zeros
    for a ReLU layer, all 0.5 for a sigmoid, one delta everywhere) with no work in it. It earns
    no per-entry credit for the entries it happens to hit, nor follow-through."""
    got, want = _flat(value), _flat(right)
    return got.size > 1 and want.size > 0 and bool(np.all(got == got[0])) and not np.allclose(want, want[0])


def _rescaled(got: np.ndarray, want: np.ndarray, reference: np.ndarray) -> bool:
    """``got`` is ``a * reference + c`` up to ``IDLE_FRACTION`` of the right answer's own distance
    from that form, and the right answer is not of that form."""
    if not got.size == want.size == reference.size >= MIN_RESCALED_ENTRIES or np.ptp(reference) == 0:
        return False
    basis = np.stack([reference, np.ones(reference.size)], axis=1)

    def distance(values):
        coefficients = np.linalg.lstsq(basis, values, rcond=None)[0]
        return float(np.max(np.abs(values - basis @ coefficients)))

    own = distance(want)
    noise = FLOAT_NOISE * max(float(np.max(np.abs(want))), 1.0)
    return own > noise and distance(got) <= IDLE_FRACTION * own + noise


def _idle(spec: AnswerSpec, got: np.ndarray, want: np.ndarray, reference: np.ndarray) -> bool:
    """More than half of the judged entries of ``got`` close to ``reference``."""
    if got.size != reference.size:
        return False
    if got.size == 0:  # nothing at all (no mistakes) where the right answer has something
        return want.size > 0
    if spec.unordered:
        got, want, reference = np.sort(got), np.sort(want), np.sort(reference)
    if want.size != got.size:  # another length than the right answer: judge every entry by tolerance
        judged = np.ones(got.size, dtype=bool)
        near = compare.close(got, reference, spec)
    else:
        scale = IDLE_FRACTION * float(np.max(np.abs(want - reference)))
        judged = ~_near(want, reference, scale)
        near = _near(got, reference, scale)
    count = int(judged.sum())
    return count > 0 and 2 * int((near & judged).sum()) > count


def _near(values: np.ndarray, reference: np.ndarray, scale: float) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.abs(values - reference) <= scale + FLOAT_NOISE * np.maximum(np.abs(reference), 1.0)


def _flat(value) -> np.ndarray:
    """Every entry of a part (one array, or one per layer or step), in order, as one flat array."""
    return np.concatenate([np.ravel(item) for item in shape.components(value)] or [np.zeros(0)])


def _unworked_text(spec: AnswerSpec, value: str, right: str, unworked) -> bool:
    """``value`` (the student's text) is one of the no-work expressions ``unworked`` (any
    constant, one text, or any ``a * text + c``), and the right answer is not. Decided in one
    budgeted child for all of them, as every expression decision is, so a part costs at most one
    budget here; an answer that cannot be decided within the budget earns no follow-through."""
    from . import budget

    references = [("constant", None) if reference is Unworked.CONSTANT
                  else ("rescaled", reference.reference) if isinstance(reference, Rescaled)
                  else ("same", reference) for reference in unworked]
    if not references:
        return False
    try:
        return budget.run(_unworked_expression, value, right, references, tuple(spec.variables)) is True
    except budget.BudgetExceeded:
        return True


def _unworked_expression(text: str, right: str, references: list, variables: tuple) -> bool:
    """Plain data for :func:`_unworked_text`: ``references`` holds ``(how, text)`` pairs, how
    one of "constant" (text None), "same" or "rescaled"."""
    from nngrade.core import expression

    value, want = expression.parse(text, variables), expression.parse(right, variables)
    for how, idle in references:
        if how == "constant":
            hit = _constant(variables, value) and not _constant(variables, want)
        else:
            reference = expression.parse(idle, variables)
            same = _affine_in if how == "rescaled" else lambda _, got, ref: expression.equivalent(got, ref)
            hit = same(variables, value, reference) and not same(variables, want, reference)
        if hit:
            return True
    return False


def _affine_in(variables: tuple, value, reference) -> bool:
    """``value`` is ``a * reference + c`` for numbers a, c: along every variable its slope is a
    constant multiple of the reference's, the same multiple for all."""
    import sympy as sp

    from nngrade.core import expression

    symbols = [symbol for symbol in (value.free_symbols | reference.free_symbols) if str(symbol) in variables]
    ratios = []
    for symbol in symbols:
        slope, reference_slope = sp.diff(value, symbol), sp.diff(reference, symbol)
        if expression.equivalent(reference_slope, sp.Integer(0)):
            if not expression.equivalent(slope, sp.Integer(0)):
                return False
            continue
        ratio = slope / reference_slope
        if not _constant(variables, ratio):
            return False
        ratios.append(ratio)
    return all(expression.equivalent(ratio, ratios[0]) for ratio in ratios[1:])


def _constant(variables: tuple, value) -> bool:
    """The expression does not depend on its variables (``2``, ``x - x + 1``)."""
    import sympy as sp

    from nngrade.core import expression

    symbols = [symbol for symbol in value.free_symbols if str(symbol) in variables]
    return all(expression.equivalent(sp.diff(value, symbol), sp.Integer(0)) for symbol in symbols)
