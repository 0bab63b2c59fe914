"""Read a student's answer into plain numbers, refusing anything odd before doing work on it.

Only plain types are read: ints, floats, Fractions, Decimals, number strings, lists, tuples and
NumPy arrays or scalars. Objects of any other type, including subclasses of the plain types that
could override comparison or conversion (a float or ndarray subclass whose ``==`` is always
true), are refused by their exact type, without calling any of their methods; NumPy's own
``matrix`` and ``memmap`` are read through their data. Sizes, depths and the number of visited nodes are capped before any conversion,
so that a huge or deeply nested answer is refused in bounded time and memory.

Three readings share one walk over the answer: :func:`numbers` gives floats (tolerance modes),
:func:`exact_numbers` gives :class:`~fractions.Fraction` entries (exact, sigfigs and decimals
modes), where a float is read as the shortest decimal that spells it, as the contract reads JSON
numbers, and :func:`written_forms` says how each number was written (its significant figures and
decimal places), for the optional written-form check.

Number text may group digits in threes with spaces, as SI and ISO 80000 write them
(``"12 345.678"``, also with a no-break or thin space). A comma inside a number is refused with
its reason: it is a thousands separator in some countries and the decimal point in others, so
``"1,234"`` could be either 1234 or 1.234.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np

from nngrade.core.numbers import MAX_EXPONENT, NumberError, exact

#: Most numbers an answer may hold; exercises are worked by hand.
MAX_ENTRIES = 10_000
#: Most lists and tuples visited in one answer (empty lists hold no numbers but cost time).
MAX_NODES = 2_000
#: Deepest nesting of lists read (a list over steps of per-layer matrices is depth 4).
MAX_DEPTH = 4
#: Longest string read as an answer.
MAX_TEXT = 1_000
#: Largest magnitude of an integer answer.
MAX_INT = 10**300

#: NumPy's own real number scalar types (exact types: a user subclass is not among them).
_NUMPY_REALS = frozenset(
    t for t in set(np.sctypeDict.values()) if issubclass(t, (np.integer, np.floating))
)
#: NumPy's own array types whose data are read as they are (a user subclass is refused).
_NUMPY_ARRAYS = (np.ndarray, np.matrix, np.memmap)
_NUMPY_COMPLEX = frozenset(t for t in set(np.sctypeDict.values()) if issubclass(t, np.complexfloating))
#: The typographic minus sign, read as ``-`` (``"−0.5"``, ``"1e−3"`` copied from a printed sheet).
MINUS_SIGN = "\u2212"
#: Characters that may separate digit groups: space, no-break space, thin space, narrow no-break space.
_GROUP_SEPARATORS = " \u00a0\u2009\u202f"
_SPACED_NUMBER = re.compile(r"([+-]?)([\d ]+)(?:\.([\d ]*))?([eE][+-]?\d+)?")
_COMMA_NUMBER = re.compile(r"[+-]?[\d.]*\d,[\d.,]*")
_WRITTEN_DECIMAL = re.compile(r"[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?")


class AnswerError(ValueError):
    """An answer that cannot be read; the message says why, in words for the student."""


def number(value) -> float:
    """One finite number as a float."""
    return _as_float(_checked_scalar(value))


def numbers(value) -> np.ndarray:
    """A nested answer as a float array; raises :class:`AnswerError` on ragged or odd input."""
    plain = _plain_floats(value)
    if plain is not None:
        return plain
    shape, leaves = _collect(value)
    return np.array([_as_float(leaf) for leaf in leaves], dtype=float).reshape(shape)


#: Most numbers :func:`_plain_floats` reads (a part worked by hand has a handful).
PLAIN_ENTRIES = 64


def _plain_floats(value) -> np.ndarray | None:
    """The float array of the answers most students give, read without the general walk: one
    number, a flat list of numbers, or a list of equal rows of numbers (at most
    :data:`PLAIN_ENTRIES`), each a finite float, an int within :data:`MAX_INT` or a nonzero
    finite JSON decimal within :data:`~nngrade.core.numbers.MAX_EXPONENT` (read as float() of
    it, as :func:`_as_float` reads it). Anything else, however small the difference (a zero
    decimal, text, a tuple, a ragged row), is None, and :func:`numbers` reads it in full, errors
    and all, so the two readings never disagree."""
    kind = type(value)
    if kind is not list:
        number = _plain_float(value)
        return None if number is None else np.array(number)
    if not value or len(value) > PLAIN_ENTRIES:
        return None
    if type(value[0]) is not list:
        row = [_plain_float(item) for item in value]
        return None if None in row else np.array(row)
    width = len(value[0])
    if not width or width * len(value) > PLAIN_ENTRIES:
        return None
    rows = []
    for item in value:
        if type(item) is not list or len(item) != width:
            return None
        row = [_plain_float(entry) for entry in item]
        if None in row:
            return None
        rows.append(row)
    return np.array(rows)


def _plain_float(value) -> float | None:
    """One plain number of :func:`_plain_floats` as a float, or None."""
    kind = type(value)
    if kind is Decimal:
        if value and value.is_finite() and -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT:
            return float(value)
        return None
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is int and -MAX_INT <= value <= MAX_INT:
        return float(value)
    return None


def exact_numbers(value) -> np.ndarray:
    """A nested answer as an object array of Fractions, for exact comparison."""
    shape, leaves = _collect(value)
    out = np.empty(len(leaves), dtype=object)
    for index, leaf in enumerate(leaves):
        out[index] = _as_fraction(leaf)
    return out.reshape(shape)


@dataclass(frozen=True)
class Written:
    """How one number of an answer was written, as ranges ``(least, most)`` (``most`` None: no
    upper bound); None where the number was not written as a decimal (a fraction, a closed form).

    Trailing zeros of an integer leave its figures open (``1200`` has 2 to 4), and a float keeps
    no trailing zeros at all (``2.5`` may have been typed ``2.50``), so its counts are open above.
    Text, and JSON numbers read by nngrade (kept as Decimals), say exactly what was written.
    """

    figures: tuple[int, int | None] | None
    decimals: tuple[int, int | None] | None


def written_forms(value) -> np.ndarray:
    """How each number of a nested answer was written: an object array of :class:`Written`,
    shaped like :func:`exact_numbers` of the same answer."""
    shape, leaves = _collect(value)
    out = np.empty(len(leaves), dtype=object)
    for index, leaf in enumerate(leaves):
        out[index] = _written(leaf)
    return out.reshape(shape)


def nested_parts(value, count: int) -> list:
    """A list over layers or steps: a list of ``count`` separately-shaped answers."""
    if type(value) is np.ndarray and value.dtype.kind == "O" and value.ndim == 1:
        if value.size > MAX_ENTRIES:
            raise AnswerError("the list is far too long")
        value = value.tolist()
    if type(value) not in (list, tuple):
        raise AnswerError(f"expected a list of {count} answers (one per layer or step), got {type_name(value)}")
    if len(value) > MAX_ENTRIES:
        raise AnswerError("the list is far too long")
    return list(value)


def text(value) -> str:
    """A short string answer (an expression or a label)."""
    if type(value) is np.str_:
        value = str.__str__(value)
    if type(value) is not str:
        raise AnswerError(f"expected text, got {type_name(value)}")
    if len(value) > MAX_TEXT:
        raise AnswerError("the text is too long")
    return value.strip()


def type_name(value) -> str:
    """Words for the type of ``value``, computed without calling any of its methods."""
    kind = type(value)
    if value is None:
        return "nothing (None)"
    names = {dict: "a dict", set: "a set", frozenset: "a set", bytes: "bytes", bytearray: "bytes",
             str: "text", bool: "true/false", complex: "a complex number", list: "a list", tuple: "a tuple"}
    if kind in names:
        return names[kind]
    name = kind.__name__ if type(kind.__name__) is str else "?"
    return f"an object of type {name[:40]}"


def _collect(value) -> tuple[tuple, list]:
    """The shape of a nested answer and its scalar leaves, checked but not yet converted."""
    if type(value) is str and len(value) <= MAX_TEXT:
        value = value.strip()
    leaves: list = []
    budget = [MAX_NODES]
    shape = _walk(value, leaves, 0, budget)
    return shape, leaves


def _walk(value, leaves: list, depth: int, budget: list) -> tuple:
    if type(value) in _NUMPY_ARRAYS:
        array = np.ndarray.view(value, np.ndarray)
        if array.size > MAX_ENTRIES or len(leaves) + array.size > MAX_ENTRIES:
            raise AnswerError(f"the answer has {array.size} numbers; far more than expected")
        if array.dtype.kind in "iuf":
            return _numeric_array(array, leaves)
        value = _unpacked_array(array)
    kind = type(value)
    if kind is not np.ndarray and issubclass(kind, np.ndarray):
        raise AnswerError(f"got {type_name(value)}, a kind of NumPy array whose comparisons may be "
                          "overridden; give a plain array or list")
    if kind is list or kind is tuple:
        budget[0] -= 1
        if budget[0] < 0:
            raise AnswerError("the answer has far more lists than expected")
        if depth >= MAX_DEPTH:
            raise AnswerError("the answer is nested too deeply")
        if len(value) > MAX_ENTRIES or len(leaves) + len(value) > MAX_ENTRIES:
            raise AnswerError("the answer has far more numbers than expected")
        if not value:
            return (0,)
        shapes = [_walk(item, leaves, depth + 1, budget) for item in value]
        first = shapes[0]
        if any(shape != first for shape in shapes[1:]):
            raise AnswerError(_ragged_message(shapes))
        return (len(value),) + first
    leaves.append(_checked_scalar(value))
    if len(leaves) > MAX_ENTRIES:
        raise AnswerError("the answer has far more numbers than expected")
    return ()


def _numeric_array(array: np.ndarray, leaves: list) -> tuple:
    """Append a plain integer or float array's entries (NumPy scalars) to ``leaves``."""
    flat = array.ravel()
    if array.dtype.kind == "f" and not np.all(np.isfinite(flat)):
        raise AnswerError("the answer contains NaN or infinite values")
    leaves.extend(flat.tolist() if array.dtype.kind in "iu" else list(flat))
    return tuple(array.shape)


def _unpacked_array(array: np.ndarray):
    """Nested lists (or one item) of an object or text array, to be checked entry by entry."""
    kind = array.dtype.kind
    if kind == "b":
        raise AnswerError("got true/false values where numbers were expected")
    if kind == "c":
        raise AnswerError("got complex numbers; the answer is real")
    if kind not in "OU":
        raise AnswerError(f"got an array of {array.dtype.name[:20]} where numbers were expected")
    return array.tolist()


def _checked_scalar(value):
    """``value`` itself when it is a plain real number or number text, else :class:`AnswerError`."""
    kind = type(value)
    if kind is bool or kind is np.bool_:
        raise AnswerError("got true/false where a number was expected")
    if kind is int:
        if abs(value) > MAX_INT:
            raise AnswerError("the number is far too large")
        return value
    if kind is float or kind is Fraction or kind is Decimal or kind in _NUMPY_REALS:
        return value
    if kind is str or kind is np.str_:
        value = str.__str__(value)
        if len(value) > MAX_TEXT:
            raise AnswerError("the text is too long to be a number")
        return value
    if kind is complex or kind in _NUMPY_COMPLEX:
        raise AnswerError("got a complex number; the answer is real")
    if value is None:
        raise AnswerError("got nothing (None) where a number was expected")
    if kind is list or kind is tuple:
        raise AnswerError("got a list where a number was expected")
    raise AnswerError(f"got {type_name(value)} where a number was expected")


def _as_float(leaf) -> float:
    kind = type(leaf)
    if kind is int:
        return float(leaf)
    if kind is float or kind in _NUMPY_REALS:
        result = float(leaf)
    elif kind is Decimal and leaf and leaf.is_finite() and -MAX_EXPONENT <= leaf.adjusted() <= MAX_EXPONENT:
        # a JSON number as read (a nonzero decimal within the range :func:`exact` reads): the
        # float nearest to it, as float() of its Fraction is, both being correctly rounded
        result = float(leaf)
    else:
        result = float(_as_fraction(leaf))
    if result != result:
        raise AnswerError("got NaN (not a number)")
    if result in (float("inf"), float("-inf")):
        raise AnswerError("got an infinite value")
    return result


def _as_fraction(leaf) -> Fraction:
    if type(leaf) is str:
        leaf = _ungrouped(leaf)
    kind = type(leaf)
    if kind in _NUMPY_REALS:
        if issubclass(kind, np.integer):
            return Fraction(int(leaf))
        if not np.isfinite(leaf):
            raise AnswerError("got NaN or an infinite value")
        leaf = str(leaf)  # NumPy prints the shortest decimal for its own precision
    if kind is str or type(leaf) is str:
        if leaf.strip().lower().lstrip("+-") in ("nan", "inf", "infinity"):
            raise AnswerError(f"{leaf.strip()!r} is not a finite number")
    try:
        result = exact(leaf)
        float(result)
    except NumberError as error:
        if type(leaf) is str:
            return _constant(leaf, error)
        raise AnswerError(_number_message(leaf, error)) from None
    except OverflowError:
        raise AnswerError("the number is far too large") from None
    return result


def _ungrouped(text: str) -> str:
    """Number text with its digit-group spaces removed (``"12 345.678"`` -> ``"12345.678"``) and
    the minus sign U+2212 (as a PDF or a word processor prints it) read as ``-``; other text
    unchanged. Raises :class:`AnswerError` for a comma inside a number, or for spaces that do
    not separate groups of three digits."""
    text = text.replace(MINUS_SIGN, "-")
    if "," not in text and not any(separator in text for separator in _GROUP_SEPARATORS):
        return text
    stripped = text.strip()
    if _COMMA_NUMBER.fullmatch(stripped):
        shown = stripped if len(stripped) <= 30 else stripped[:27] + "..."
        raise AnswerError(f"{shown!r} has a comma, which is not read inside a number: it separates thousands "
                          "in some countries and decimals in others; write 12345.678 or 12 345.678, "
                          "with a point for the decimals")
    spaced = "".join(" " if char in _GROUP_SEPARATORS else char for char in stripped)
    match = _SPACED_NUMBER.fullmatch(spaced)
    if " " not in spaced or not match:
        return text
    whole, fraction = match.group(2).split(" "), (match.group(3) or "").split(" ")
    grouped = (0 < len(whole[0]) <= 3 and all(len(group) == 3 for group in whole[1:])
               and all(len(group) == 3 for group in fraction[:-1]) and (len(fraction) == 1 or 0 < len(fraction[-1]) <= 3))
    if not grouped:
        shown = stripped if len(stripped) <= 30 else stripped[:27] + "..."
        raise AnswerError(f"{shown!r}: spaces inside a number must separate groups of three digits, "
                          "as in 12 345.678 (or write the number without spaces)")
    return spaced.replace(" ", "")


def _written(leaf) -> Written:
    """The figures and decimal places shown by one scalar leaf (see :class:`Written`)."""
    kind = type(leaf)
    if kind is str:
        return _written_text(_ungrouped(leaf).strip())
    if kind is Decimal:
        return _written_text(str(leaf)) if leaf.is_finite() else Written(None, None)
    if kind is int or (kind in _NUMPY_REALS and issubclass(kind, np.integer)):
        return _written_text(str(int(leaf)))
    if kind is float or kind in _NUMPY_REALS:
        shortest = Decimal(repr(float(leaf))).normalize()
        if not shortest.is_finite():
            return Written(None, None)
        digits, exponent = len(shortest.as_tuple().digits), shortest.as_tuple().exponent
        figures = 1 if shortest == 0 else digits
        return Written((figures, None), (max(0, -exponent), None))
    return Written(None, None)


def _written_text(text: str) -> Written:
    """Significant figures and decimal places of a decimal as written (STACK's counting):
    every digit after the leading zeros counts once there is a point (``5.00`` has 3, ``100.``
    has 3, ``0.00`` has 2); without a point, trailing zeros may or may not count (``100``: 1 to 3);
    in ``1.20e3`` the mantissa's figures count."""
    match = _WRITTEN_DECIMAL.fullmatch(text)
    if not match or not (match.group(1) or match.group(2)):
        return Written(None, None)
    whole, fraction, exponent = match.group(1), match.group(2), int(match.group(3) or 0)
    places = max(0, len(fraction or "") - exponent)
    if fraction is not None:
        digits = (whole + fraction).lstrip("0")
        figures = len(digits) if digits else max(1, len(fraction))
        return Written((figures, figures), (places, places))
    digits = whole.lstrip("0")
    if not digits:
        return Written((1, 1), (places, places))
    return Written((len(digits.rstrip("0")), len(digits)), (places, places))


def _constant(text: str, error: NumberError) -> Fraction:
    """A closed form without variables (``"1/(1 + exp(-1))"``, as in the solution's ``exact``
    strings), read by the safe expression parser: exactly where it is rational (``"100.4-80.0"``
    is 102/5), in floats otherwise."""
    from nngrade.core import expression

    try:
        exact_value = expression.exact_constant(text)
        return exact_value if exact_value is not None else Fraction(expression.constant(text))
    except expression.ExpressionError:
        raise AnswerError(_number_message(text, error)) from None


def _ragged_message(shapes: list) -> str:
    lengths = sorted({shape[0] if shape else 1 for shape in shapes})
    if len(lengths) > 1:
        shown = ", ".join(map(str, lengths[:4]))
        return f"the rows have different lengths ({shown}): a ragged list is not a matrix"
    return "the rows mix numbers and lists: a ragged list is not a matrix"


def _number_message(value, error) -> str:
    if type(value) is str:
        shown = value if len(value) <= 30 else value[:27] + "..."
        return f"{shown!r} is not a number (write numbers like 0.25, -3 or 3/4)"
    if type(value) is float:
        return "got NaN or an infinite value"
    return str(error)[:120]
