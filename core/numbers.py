"""Exact rational numbers from what users write: JSON numbers, YAML floats, and strings.

The contract says a JSON ``0.1`` means one tenth, not the binary float nearest to it, and that
``"1/3"`` or ``"-2/5"`` are exact too. Every value that enters nngrade as a number passes
through :func:`exact`, which refuses anything that is not a finite rational number of a sane size.
"""
from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

#: Longest number text accepted, and most digits of a decimal (a JSON number read as a Decimal);
#: longer ones are refused before any conversion work.
MAX_NUMBER_TEXT = 80
#: Largest decimal exponent accepted (``1e300``); larger ones would build enormous integers.
MAX_EXPONENT = 300

_DECIMAL = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER_TEXT = re.compile(rf"^\s*({_DECIMAL})\s*(?:/\s*({_DECIMAL})\s*)?$")
_EXPONENT = re.compile(r"[eE]([+-]?\d+)")


class NumberError(ValueError):
    """A value that cannot be read as an exact finite rational number."""


def exact(value) -> Fraction:
    """Return ``value`` as an exact :class:`~fractions.Fraction`.

    Accepts ints, Fractions, Decimals, floats (read as the shortest decimal that spells them, as
    YAML and Python literals are written) and strings such as ``"3"``, ``"-2/5"``, ``"0.35"`` or
    ``"1e-3"``. Raises :class:`NumberError` with a readable message for anything else.
    """
    if isinstance(value, bool):
        raise NumberError(f"expected a number, got the boolean {value}")
    if type(value) is int:
        return Fraction(value)
    if type(value) is Fraction:
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NumberError(f"expected a finite number, got {value}")
        digits = len(value.as_tuple().digits)
        if digits > MAX_NUMBER_TEXT:  # a JSON number as long as the file: its Fraction costs minutes
            raise NumberError(f"number too long ({digits} digits)")
        if abs(value.adjusted()) > MAX_EXPONENT:  # the exponent its text shows, as for text
            raise NumberError(f"{value} is out of range")
        return Fraction(value)
    if type(value) is float:
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberError(f"expected a finite number, got {value}")
        return _from_decimal_text(repr(value))
    if isinstance(value, str):
        return _from_text(value)
    raise NumberError(f"expected a number, got {type(value).__name__}")


def _from_text(text: str) -> Fraction:
    if len(text) > MAX_NUMBER_TEXT:
        raise NumberError(f"number text too long ({len(text)} characters)")
    match = _NUMBER_TEXT.match(text)
    if not match:
        raise NumberError(f"{text!r} is not a number or a fraction such as 3/4")
    numerator = _from_decimal_text(match.group(1))
    if match.group(2) is None:
        return numerator
    denominator = _from_decimal_text(match.group(2))
    if denominator == 0:
        raise NumberError(f"{text!r} divides by zero")
    return numerator / denominator


def _from_decimal_text(text: str) -> Fraction:
    exponent = _EXPONENT.search(text)
    if exponent and abs(int(exponent.group(1))) > MAX_EXPONENT:
        raise NumberError(f"{text} is out of range")
    return Fraction(Decimal(text))


def is_decimal(value: Fraction, max_digits: int = 12) -> bool:
    """True when ``value`` has a terminating decimal expansion of at most ``max_digits`` places."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return False
    places = 0
    scaled = value
    while scaled.denominator != 1:
        scaled *= 10
        places += 1
        if places > max_digits:
            return False
    return True


def to_jsonable(value: Fraction | int):
    """The JSON form of an exact number: an int, a decimal that reads back exactly, or ``"p/q"``.

    A decimal is written as a float only when its shortest ``repr`` spells exactly that decimal,
    so reading the file back with :func:`exact` gives the same Fraction.
    """
    value = Fraction(value)
    if value.denominator == 1:
        return int(value)
    if is_decimal(value):
        as_float = float(value)
        if Fraction(Decimal(repr(as_float))) == value:
            return as_float
    return f"{value.numerator}/{value.denominator}"
