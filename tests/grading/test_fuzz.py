"""Fuzzing: 100,000 generated hostile answers, 0 crashes, 0 false credits, in bounded time.

Every generated answer holds at least one thing that must be refused (an object with a lying
``==``, a float/int/str/list/ndarray subclass, NaN or inf, a boolean, a complex number, None,
bytes, a dict, too deep or too wide nesting, a ragged list, text that is not a number), often
wrapped around or mixed into the right answer. The bulk run goes through the reading layer that
every numeric, integer and label part passes through (parse), which must raise its own
``AnswerError`` and nothing else; a smaller sample goes end to end through ``grade()`` on every
registered kind, where every hostile part must score 0 while the other parts are graded.
"""
from __future__ import annotations

import random
import time
from decimal import Decimal

import numpy as np
import pytest

from nngrade.exercises import problems, registry
from nngrade.exercises.keys import answer_key, expected_values
from nngrade.grading import compare, parse
from nngrade.grading.grade import grade
from nngrade.grading.spec import AnswerSpec

BULK = 100_000
END_TO_END = 3_000


class AlwaysEqual:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class EqualFloat(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


class EqualInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


class EqualStr(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


class EqualList(list):
    def __eq__(self, other):
        return True


class EqualArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)


def _object_array(items):
    out = np.empty(len(items), dtype=object)
    for index, item in enumerate(items):
        out[index] = item
    return out


def hostile_atom(rng: random.Random, right: float):
    """One value that must never be read as a number."""
    choice = rng.randrange(24)
    if choice == 0:
        return AlwaysEqual()
    if choice == 1:
        return EqualFloat(right)
    if choice == 2:
        return EqualInt(int(right))
    if choice == 3:
        return EqualStr(repr(right))
    if choice == 4:
        return rng.choice([float("nan"), float("inf"), float("-inf")])
    if choice == 5:
        return rng.choice(["nan", "-inf", "+Infinity", " NaN ", "1e999", "-1e400", "1/0", "0/0"])
    if choice == 6:
        return rng.choice([True, False, np.bool_(True)])
    if choice == 7:
        return complex(right, rng.choice([0.0, 1.0]))
    if choice == 8:
        return np.complex128(right)
    if choice == 9:
        return None
    if choice == 10:
        return {"value": right}
    if choice == 11:
        return repr(right).encode()
    if choice == 12:
        return {right}
    if choice == 13:
        return "q" + "".join(rng.choice("0123456789+-*/().ex ") for _ in range(rng.randrange(12)))
    if choice == 14:
        return rng.choice(["__import__('os').system('true')", "(lambda: 0)()", "x.__class__", "open('f')"])
    if choice == 15:
        return 10 ** rng.randrange(301, 400) * rng.choice([1, -1])
    if choice == 16:
        return Decimal(rng.choice(["NaN", "Infinity", "-Infinity", "sNaN"]))
    if choice == 17:
        return np.datetime64("2020-01-01")
    if choice == 18:
        return object()
    if choice == 19:
        return rng.choice([float, int, print, Ellipsis, NotImplemented])
    if choice == 20:
        return np.array([right]).view(EqualArray)
    if choice == 21:
        return EqualList([right])
    if choice == 22:
        return _object_array([right, AlwaysEqual()])
    return rng.choice(["x" * (parse.MAX_TEXT + 1), "1" * (parse.MAX_TEXT + 1), bytearray(b"1")])


def hostile_answer(rng: random.Random, right: np.ndarray):
    """A whole answer with at least one refused element, often shaped like the right one."""
    style = rng.randrange(10)
    atom = hostile_atom(rng, float(right.flat[0]) if right.size else 1.0)
    if style <= 2 or right.size == 0:
        return atom
    if style <= 5:  # the right answer with one entry replaced
        nested = right.tolist() if right.ndim else [right.item()]
        flat_index = rng.randrange(max(right.size, 1))
        return _replace(nested, flat_index, atom)[0]
    if style == 6:  # a numeric array that is not real numbers
        dtype = rng.choice([bool, complex, "datetime64[D]", "S3"])
        try:
            return np.zeros(right.shape, dtype=dtype)
        except TypeError:
            return np.zeros(right.shape, dtype=bool)
    if style == 7:  # non-finite entries in a float array
        out = np.array(right, dtype=float)
        out.flat[rng.randrange(out.size)] = rng.choice([np.nan, np.inf, -np.inf])
        return out
    if style == 8:  # too deep, too wide or ragged
        return rng.choice([_deep(rng.randrange(5, 3000)), [0.0] * (parse.MAX_ENTRIES + 1 + rng.randrange(100)),
                           [[1.0, 2.0], [3.0]], [1.0, [2.0]], [[[]] * 200] * 200])
    return rng.choice([tuple, list])([atom, *right.ravel().tolist()])


def _replace(nested, index: int, atom):
    """``nested`` with its ``index``-th number (depth first) replaced by ``atom``."""
    if not isinstance(nested, list):
        return (atom, index - 1) if index == 0 else (nested, index - 1)
    out = []
    for item in nested:
        new, index = _replace(item, index, atom) if index >= 0 else (item, index)
        out.append(new)
    return out, index


def _deep(depth: int):
    value: list = [1.0]
    for _ in range(depth):
        value = [value]
    return value


def test_reading_layer_refuses_100k_hostile_answers(cpu_seconds):
    rng = random.Random(20261122)
    shapes = [(), (3,), (2, 2), (3, 1), (1, 4), (2, 3)]
    crashes, accepted = [], []
    start = cpu_seconds()
    for number in range(BULK):
        right = np.array(rng.choice([1.5, -2.0, 0.25, 7.0]) * np.ones(rng.choice(shapes)))
        value = hostile_answer(rng, right)
        reader = parse.exact_numbers if number % 10 == 0 else parse.numbers
        try:
            reader(value)
            accepted.append((number, value))
        except parse.AnswerError as error:
            assert str(error)
        except Exception as error:  # noqa: BLE001 - counted and reported below
            crashes.append((number, type(error).__name__, error))
    seconds = cpu_seconds() - start
    assert not crashes, crashes[:5]
    assert not accepted, [(n, type(v).__name__) for n, v in accepted[:5]]
    assert seconds < 60, f"{BULK} hostile answers took {seconds:.1f} s of CPU"


def test_comparison_never_accepts_non_finite_values():
    rng = np.random.default_rng(7)
    expected = rng.normal(size=(BULK // 10, 10))
    got = expected.copy()
    got[np.arange(len(got)), rng.integers(0, 10, len(got))] = rng.choice([np.nan, np.inf, -np.inf], len(got))
    for spec in (AnswerSpec("p"), AnswerSpec("p", mode="sigfigs"), AnswerSpec("p", mode="decimals"),
                 AnswerSpec("p", mode="exact")):
        ok = compare.close(got, expected, spec, slack=np.abs(expected))
        assert not ok.all(axis=1).any()


def _keys():
    out = []
    for kind in registry.kinds():
        exercise = registry.get(kind)
        problem = problems.draw(exercise, 11)
        out.append((answer_key(exercise, problem), expected_values(exercise, problem.params)))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_grade_end_to_end_on_every_kind(seed, cpu_seconds):
    rng = random.Random(seed)
    keys = _keys()
    for key, right in keys:
        grade(key, right)  # warm up lazy imports
    crashes, false_credit = [], []
    start = cpu_seconds()
    for number in range(END_TO_END // 3):
        key, right = keys[number % len(keys)]
        hostile_parts = {spec.part for spec in key.specs if rng.random() < 0.6} or {key.specs[0].part}
        submission = {}
        for spec in key.specs:
            value = right[spec.part]
            if spec.part in hostile_parts:
                try:
                    array = np.asarray(value, dtype=float)
                except (TypeError, ValueError):
                    array = np.ones(2)
                value = hostile_answer(rng, array)
            submission[spec.part] = value
        try:
            result = grade(key, submission)
        except Exception as error:  # noqa: BLE001 - counted and reported below
            crashes.append((number, type(error).__name__, error))
            continue
        for part in result.parts:
            if part.part in hostile_parts and part.score > 0:
                false_credit.append((number, part))
            if part.part not in hostile_parts:
                assert part.correct, ("the other parts are graded as usual", part)
    seconds = cpu_seconds() - start
    assert not crashes, crashes[:5]
    assert not false_credit, false_credit[:5]
    assert seconds < 30, f"{END_TO_END // 3} hostile submissions took {seconds:.1f} s of CPU"
