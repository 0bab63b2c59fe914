"""Typed parameters of a problem: each reads a user's JSON value into a canonical exact form.

An exercise declares its parameters as a mapping from name to one of these readers. Reading
turns numbers into :class:`~fractions.Fraction`, checks shapes, and raises :class:`ParamError`
with a one-line message that names the parameter; writing turns the canonical form back into
JSON that reads back to the same values.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable

from .numbers import NumberError, exact, to_jsonable

#: Largest number of entries a matrix parameter may have; problems are worked by hand.
MAX_ENTRIES = 10_000


class ParamError(ValueError):
    """A problem parameter that is missing or cannot be read."""


def float_refusal(kind: str, error: ParamError) -> str:
    """The one line said where a key's twin refuses a problem (its float working would overflow
    or lose the answer), by ``nngrade grade`` for one problem and for a class alike."""
    return f"{kind}: cannot grade this problem in floats: {error}"


_REQUIRED = object()


@dataclass(frozen=True)
class Param:
    """One parameter: how to read it, how to write it, and its default when optional."""

    read: Callable[[Any], Any]
    write: Callable[[Any], Any]
    default: Any = _REQUIRED
    doc: str = ""

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED


def _number(value) -> Fraction:
    try:
        return exact(value)
    except NumberError as error:
        raise ParamError(str(error)) from None


def _vector(value) -> list[Fraction]:
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        return [_number(value)]
    if not isinstance(value, (list, tuple)):
        raise ParamError(f"expected a list of numbers, got {type(value).__name__}")
    if len(value) > MAX_ENTRIES:
        raise ParamError("too many entries")
    if any(isinstance(item, (list, tuple)) for item in value):
        raise ParamError("expected a flat list of numbers, got a nested list")
    return [_number(item) for item in value]


def _matrix(value) -> list[list[Fraction]]:
    if not isinstance(value, (list, tuple)) or not value:
        raise ParamError("expected a non-empty matrix (a list of rows)")
    if len(value) > MAX_ENTRIES:
        raise ParamError("too many rows")
    rows = [_vector(row) for row in value]
    widths = {len(row) for row in rows}
    if len(widths) != 1 or 0 in widths:
        raise ParamError("rows of the matrix have different lengths")
    return rows


def _column_or_matrix(value) -> list[list[Fraction]]:
    """A matrix; a flat list is read as a single column (the seed lab's ``w``)."""
    if isinstance(value, (list, tuple)) and value and not any(isinstance(v, (list, tuple)) for v in value):
        return [[entry] for entry in _vector(value)]
    return _matrix(value)


def _text(value) -> str:
    if not isinstance(value, str):
        raise ParamError(f"expected text, got {type(value).__name__}")
    if len(value) > 2000:
        raise ParamError("text too long")
    return value


def _flag(value) -> bool:
    if not isinstance(value, bool):
        raise ParamError(f"expected true or false, got {value!r}")
    return value


def _count(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        number = _number(value)
        if number.denominator != 1:
            raise ParamError(f"expected a whole number, got {value!r}")
        value = int(number)
    if not 0 <= value <= MAX_ENTRIES:
        raise ParamError(f"expected a whole number from 0 to {MAX_ENTRIES}, got {value}")
    return value


def _indices(value) -> list[int]:
    if not isinstance(value, (list, tuple)):
        raise ParamError("expected a list of row indices")
    return [_count(item) for item in value]


def _matrix_out(rows):
    return [[to_jsonable(entry) for entry in row] for row in rows]


def _vector_out(entries):
    return [to_jsonable(entry) for entry in entries]


def _as_is(value):
    return value


def number(default=_REQUIRED, doc: str = "") -> Param:
    """An exact scalar."""
    return Param(_number, to_jsonable, default, doc)


def vector(default=_REQUIRED, doc: str = "") -> Param:
    """A flat list of exact numbers (a scalar is read as a list of one)."""
    return Param(_vector, _vector_out, default, doc)


def matrix(default=_REQUIRED, doc: str = "") -> Param:
    """A rectangular list of rows of exact numbers."""
    return Param(_matrix, _matrix_out, default, doc)


def column_or_matrix(default=_REQUIRED, doc: str = "") -> Param:
    """A matrix, where a flat list means one column."""
    return Param(_column_or_matrix, _matrix_out, default, doc)


def text(default=_REQUIRED, doc: str = "") -> Param:
    return Param(_text, _as_is, default, doc)


def choice(options: tuple[str, ...], default=_REQUIRED, doc: str = "") -> Param:
    """One of a fixed set of names."""

    def read(value):
        if value not in options:
            raise ParamError(f"expected one of {', '.join(options)}, got {value!r}")
        return value

    return Param(read, _as_is, default, doc)


def flag(default=_REQUIRED, doc: str = "") -> Param:
    return Param(_flag, _as_is, default, doc)


def count(default=_REQUIRED, doc: str = "") -> Param:
    """A non-negative whole number."""
    return Param(_count, _as_is, default, doc)


def indices(default=_REQUIRED, doc: str = "") -> Param:
    """A list of row indices (0-based)."""
    return Param(_indices, _as_is, default, doc)


def custom(read: Callable[[Any], Any], write: Callable[[Any], Any], default=_REQUIRED, doc: str = "") -> Param:
    """A parameter with its own reader and writer (layers of a network, for instance)."""
    return Param(read, write, default, doc)


@dataclass(frozen=True)
class ParamSpec:
    """The parameters of one exercise kind, and a check that ties them together."""

    params: dict[str, Param]
    check: Callable[[dict], None] | None = field(default=None)
    aliases: dict[str, str] = field(default_factory=dict)
    """Other names a parameter may be given by (``{"W": "w"}``); it is read, and written, by its own name."""

    def read(self, raw: dict) -> dict:
        """Canonical exact params from a JSON mapping; raises :class:`ParamError`."""
        if not isinstance(raw, dict):
            raise ParamError("params must be a mapping of names to values")
        unknown = sorted(set(raw) - set(self.params) - set(self.aliases))
        if unknown:
            raise ParamError(f"unknown parameter(s): {', '.join(map(str, unknown))}")
        given = {name: name for name in raw if name in self.params}
        for alias, name in self.aliases.items():
            if alias in raw:
                if name in given:
                    raise ParamError(f"give {name} or {alias}, not both (they are the same parameter)")
                given[name] = alias
        out = {}
        for name, param in self.params.items():
            key = given.get(name, name)
            if key in raw and raw[key] is not None:
                try:
                    out[name] = param.read(raw[key])
                except ParamError as error:
                    raise ParamError(f"parameter {key}: {error}") from None
            elif param.required:
                raise ParamError(f"missing parameter {name}")
            else:
                out[name] = param.default
        if self.check:
            self.check(out)
        return out

    def write(self, params: dict) -> dict:
        """JSON-ready params (optional ones equal to their default are left out)."""
        out = {}
        for name, param in self.params.items():
            value = params.get(name, param.default)
            if not param.required and value == param.default:
                continue
            out[name] = param.write(value)
        return out
