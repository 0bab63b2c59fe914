"""Answers that try to break the grader: each scores 0 with a message, quickly, on every kind."""
from __future__ import annotations

import gc
import time
from decimal import Decimal

import numpy as np
import pytest

from nngrade.exercises import problems, registry
from nngrade.exercises.keys import answer_key, expected_values
from nngrade.grading.grade import grade

#: Per-part time limit the issue sets for hostile input.
LIMIT = 0.05


class AlwaysEqual:
    """Equal to everything; converting it would be a bug."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__

    def __float__(self):
        raise AssertionError("a method of the submitted object was called")

    __index__ = __int__ = __array__ = __len__ = __iter__ = __float__


class EqualFloat(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__

    def __abs__(self):
        return 0.0

    def __sub__(self, other):
        return 0.0

    __rsub__ = __sub__


class EqualInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


class EqualStr(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__

    def lower(self):
        return self

    def strip(self, *args):
        return self


class EqualArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)

    def __sub__(self, other):
        return np.zeros(np.shape(other))

    __rsub__ = __sub__


class EqualList(list):
    def __eq__(self, other):
        return True

    __hash__ = None


class LyingDict(dict):
    def __contains__(self, key):
        return True

    def __getitem__(self, key):
        return AlwaysEqual()

    def items(self):
        raise AssertionError("a method of the submitted mapping was called")


def deep_list(depth: int):
    value: list = [1.0]
    for _ in range(depth):
        value = [value]
    return value


HOSTILE = {
    "always-equal": lambda right: AlwaysEqual(),
    "float-subclass": lambda right: EqualFloat(1.0),
    "int-subclass": lambda right: EqualInt(1),
    "str-subclass": lambda right: EqualStr("1"),
    "ndarray-subclass": lambda right: np.zeros(np.shape(_numeric(right))).view(EqualArray),
    "list-subclass": lambda right: EqualList([1.0]),
    "nan": lambda right: float("nan"),
    "nan-text": lambda right: "nan",
    "-inf": lambda right: "-inf",
    "inf-array": lambda right: np.full(np.shape(_numeric(right)), np.inf),
    "nan-in-right": lambda right: _with_nan(right),
    "true": lambda right: True,
    "bool-array": lambda right: np.ones(np.shape(_numeric(right)), dtype=bool),
    "complex": lambda right: 1 + 0j,
    "complex-array": lambda right: np.asarray(_numeric(right), dtype=complex),
    "dict": lambda right: {"value": right},
    "none": lambda right: None,
    "bytes": lambda right: repr(right).encode(),
    "set": lambda right: {1.0},
    "generator": lambda right: (x for x in [1.0]),
    "function": lambda right: (lambda: right),
    "type": lambda right: float,
    "ellipsis": lambda right: ...,
    "deep-10000": lambda right: deep_list(10_000),
    "huge-string": lambda right: "1" * 10_000_000,
    # a JSON number of a million digits, as a file is read (its Fraction alone took 27 s)
    "million-digit-number": lambda right: Decimal("9." + "0" * 10**6 + "1E+250"),
    "huge-array-view": lambda right: np.broadcast_to(0.0, (10**8,)),
    "object-array": lambda right: object_array(AlwaysEqual()),
    "code": lambda right: "__import__('os').system('true')",
    "right-inside-always-equal": lambda right: [right, AlwaysEqual()],
}


def object_array(item):
    out = np.empty(1, dtype=object)
    out[0] = item
    return out


def _numeric(right):
    try:
        return np.asarray(right, dtype=float)
    except (TypeError, ValueError):
        return np.zeros(2)


def _with_nan(right):
    value = _numeric(right).copy()
    value.flat[0] = np.nan
    return value.tolist()


def keys_of_every_kind():
    out = []
    for kind in registry.kinds():
        exercise = registry.get(kind)
        problem = problems.draw(exercise, 3)
        out.append(pytest.param(answer_key(exercise, problem), expected_values(exercise, problem.params), id=kind))
    return out


KEYS = keys_of_every_kind()


#: Gradings timed per answer; the fastest counts (a real cost repeats, a stall of the machine does not).
TIMINGS = 3


def timed(key, submission):
    """The grade and its seconds per part, wall time (an expression part is decided in a budgeted
    child, whose time counts too): the fastest of up to :data:`TIMINGS` gradings, stopping at the
    first within :data:`LIMIT`, each with the garbage collector held off, since a collection of
    the whole test session's heap (hundreds of megabytes after a few thousand tests; a grading
    worker's is a fraction of it) would count against whichever answer happened to trigger it."""
    grade(key, {})  # warm up lazy imports (sympy for expression parts)
    best = None
    for _ in range(TIMINGS):
        gc.disable()
        try:
            start = time.perf_counter()
            result = grade(key, submission)
            seconds = (time.perf_counter() - start) / max(len(result.parts), 1)
        finally:
            gc.enable()
        best = seconds if best is None else min(best, seconds)
        if best < LIMIT:
            break
    return result, best


@pytest.mark.parametrize("key,right", KEYS)
@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_answer_scores_zero_quickly_with_a_message(key, right, name):
    submission = {part: HOSTILE[name](value) for part, value in right.items()}
    result, per_part = timed(key, submission)
    for part in result.parts:
        assert part.score == 0 and not part.correct, (name, part)
        assert part.code == "unreadable" or part.code.startswith("misconception") or part.code in ("shape", "wrong"), part
        assert part.feedback.startswith(key.spec(part.part).name + ": ") and len(part.feedback) < 300
    assert per_part < LIMIT, f"{name}: {per_part * 1000:.1f} ms per part"


def test_a_list_of_a_hundred_million_numbers_is_refused_at_once():
    key = answer_key(registry.get("linear_layer"), problems.example("linear_layer", "seed-lab"))
    huge = [0] * 10**8
    result, per_part = timed(key, {"z": huge})
    del huge
    assert result.score == 0 and "far more numbers" in result.parts[0].feedback
    assert per_part < LIMIT


@pytest.mark.parametrize("submission", [
    LyingDict(z=[[1], [8]]),
    {("z",): [[1], [8]], 1: [[1], [8]], AlwaysEqual(): [[1], [8]]},
    [("z", [[1], [8]])],
    {**{str(i): i for i in range(10**6)}, "z": [[1], [8]]},
    None,
    AlwaysEqual(),
])
def test_hostile_submissions_as_a_whole(submission):
    key = answer_key(registry.get("linear_layer"), problems.example("linear_layer", "seed-lab"))
    result, per_part = timed(key, submission)
    assert result.score == 0 and all(p.feedback for p in result.parts)
    assert per_part < LIMIT


def test_the_right_answer_next_to_hostile_keys_is_still_graded():
    key = answer_key(registry.get("linear_layer"), problems.example("linear_layer", "seed-lab"))
    result = grade(key, {"z": [[1], [8]], AlwaysEqual(): 0, 3: 4})
    assert result.all_correct
