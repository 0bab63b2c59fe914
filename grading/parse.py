"""Read a student's answer into plain numbers, refusing anything odd before doing work on it.

Only plain types are read: ints, floats, Fractions, Decimals, number strings, lists, tuples and
NumPy arrays or scalars. Objects of any other type, including subclasses that could override
comparison or conversion, are refused without calling any of their methods. Sizes and depths
are capped before conversion so that a huge or deeply nested answer is refused quickly.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np

from nngrade.core.numbers import NumberError, exact

#: Most numbers an answer may hold; exercises are worked by hand.
MAX_ENTRIES = 10_000
#: Deepest nesting of lists read (a list of matrices is depth 3).
MAX_DEPTH = 4
#: Longest string read as an answer.
MAX_TEXT = 1_000

_NUMPY_SCALARS = (np.float64, np.float32, np.float16, np.int64, np.int32, np.int16, np.int8,
                  np.uint64, np.uint32, np.uint16, np.uint8, np.longdouble)


class AnswerError(ValueError):
    """An answer that cannot be read; the message says why, in words for the student."""


def number(value) -> float:
    """One finite number as a float."""
    kind = type(value)
    if kind is bool or kind is np.bool_:
        raise AnswerError("got true/false where a number was expected")
    if kind is int:
        if abs(value) > 10**300:
            raise AnswerError("the number is far too large")
        return float(value)
    if kind is float or kind in _NUMPY_SCALARS:
        result = float(value)
    elif kind is Fraction or kind is Decimal or kind is str:
        if kind is str and len(value) > MAX_TEXT:
            raise AnswerError("the text is too long to be a number")
        if kind is str and value.strip().lower().lstrip("+-") in ("nan", "inf", "infinity"):
            raise AnswerError(f"{value.strip()!r} is not a finite number")
        try:
            result = float(exact(value))
        except (NumberError, OverflowError) as error:
            raise AnswerError(_number_message(value, error)) from None
    elif kind in (complex, np.complex64, np.complex128):
        raise AnswerError("got a complex number; the answer is real")
    else:
        raise AnswerError(f"got {_type_name(value)} where a number was expected")
    if result != result:
        raise AnswerError("got NaN (not a number)")
    if result in (float("inf"), float("-inf")):
        raise AnswerError("got an infinite value")
    return result


def numbers(value) -> np.ndarray:
    """A nested answer as a float array; raises :class:`AnswerError` on ragged or odd input."""
    if type(value) is str:
        value = value.strip()
    flat: list[float] = []
    shape = _shape_and_fill(value, flat, 0)
    return np.array(flat, dtype=float).reshape(shape)


def nested_parts(value, count: int) -> list:
    """A list over layers or steps: a list of ``count`` separately-shaped answers."""
    if type(value) not in (list, tuple):
        raise AnswerError(f"expected a list of {count} answers (one per layer or step), got {_type_name(value)}")
    if len(value) > MAX_ENTRIES:
        raise AnswerError("the list is far too long")
    return list(value)


def _shape_and_fill(value, flat: list, depth: int) -> tuple:
    kind = type(value)
    if issubclass(kind, np.ndarray):
        array = np.ndarray.view(value, np.ndarray)
        if array.size > MAX_ENTRIES:
            raise AnswerError(f"the answer has {array.size} numbers; far more than expected")
        if array.dtype.kind in "iuf":
            data = array.astype(float).ravel()
            if not np.all(np.isfinite(data)):
                raise AnswerError("the answer contains NaN or infinite values")
            flat.extend(data.tolist())
            return array.shape
        if array.dtype.kind == "b":
            raise AnswerError("got true/false values where numbers were expected")
        if array.dtype.kind == "c":
            raise AnswerError("got complex numbers; the answer is real")
        if array.dtype.kind != "O":
            raise AnswerError(f"got an array of {array.dtype} where numbers were expected")
        value = array.tolist()
        kind = type(value)
    if kind in (list, tuple):
        if depth >= MAX_DEPTH:
            raise AnswerError("the answer is nested too deeply")
        if len(value) > MAX_ENTRIES or len(flat) + len(value) > MAX_ENTRIES:
            raise AnswerError("the answer has far more numbers than expected")
        if not value:
            return (0,)
        shapes = [_shape_and_fill(item, flat, depth + 1) for item in value]
        first = shapes[0]
        if any(shape != first for shape in shapes[1:]):
            raise AnswerError("the rows have different lengths (a ragged list)")
        return (len(value),) + first
    flat.append(number(value))
    if len(flat) > MAX_ENTRIES:
        raise AnswerError("the answer has far more numbers than expected")
    return ()


def text(value) -> str:
    """A short string answer (an expression or a label)."""
    if type(value) is not str:
        raise AnswerError(f"expected text, got {_type_name(value)}")
    if len(value) > MAX_TEXT:
        raise AnswerError("the text is too long")
    return value.strip()


def _number_message(value, error) -> str:
    if type(value) is str:
        shown = value if len(value) <= 30 else value[:27] + "..."
        return f"{shown!r} is not a number (write numbers like 0.25, -3 or 3/4)"
    return str(error)


def _type_name(value) -> str:
    kind = type(value)
    if value is None:
        return "nothing (None)"
    names = {dict: "a dict", set: "a set", bytes: "bytes", bytearray: "bytes", str: "text", bool: "true/false"}
    if kind in names:
        return names[kind]
    return f"an object of type {kind.__name__}"
