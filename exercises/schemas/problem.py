"""The schema of a problem: ``kind``, the kind's ``params``, and ``version``/``seed``/``knobs``.

The schema names the params but leaves their values to the kind's ParamSpec, and asks of a
seed only that it be a whole number or nothing. So whether a problem matches is decided by its
skeleton (its data with every param's value blanked and a whole-number seed made 0), and a
class of problems drawn from one set, differing only in seeds and param values, is checked
once per skeleton (:func:`check`), not once per student.
"""
from __future__ import annotations

from functools import lru_cache

from nngrade.core.schema import Schema

from .. import registry
from ..exercise import Exercise

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def kind() -> dict:
    """Any registered exercise kind."""
    return {"title": "exercise kind", "enum": registry.kinds()}


def knobs(exercise: Exercise) -> dict:
    """The knobs of ``exercise``, each with its allowed values (any value where none are listed)."""
    return {"type": "object", "title": f"knobs of {exercise.kind}", "additionalProperties": False,
            "properties": {name: ({"title": name, "enum": list(values)} if values else {})
                           for name, values in exercise.knobs.items()}}


def params(exercise: Exercise) -> dict:
    """The parameter names of ``exercise`` and their aliases (``W`` for ``w``); the values, and a
    required parameter given by an alias, are read and checked by its ParamSpec."""
    spec, aliases = exercise.params.params, exercise.params.aliases
    aliased = set(aliases.values())
    return {"type": "object", "title": f"params of {exercise.kind}", "additionalProperties": False,
            "properties": {name: {} for name in [*spec, *aliases]},
            "required": [name for name, param in spec.items() if param.required and name not in aliased]}


def per_kind(fields) -> list[dict]:
    """``if kind is K then <fields(K's exercise)>`` for every kind, for an ``allOf``."""
    return [{"if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
             "then": {"properties": fields(exercise)}}
            for name, exercise in registry.exercises().items()]


@lru_cache(maxsize=1)
def schema() -> dict:
    return {
        "$schema": DRAFT,
        "title": "nngrade problem",
        "type": "object",
        "required": ["kind", "params"],
        "additionalProperties": False,
        "properties": {
            "kind": kind(),
            "params": {"type": "object"},
            "version": {"type": "integer", "minimum": 1},
            "seed": {"type": ["integer", "null"]},
            "knobs": {"type": "object"},
        },
        "allOf": per_kind(lambda exercise: {"params": params(exercise), "knobs": knobs(exercise)}),
    }


@lru_cache(maxsize=1)
def checker() -> Schema:
    return Schema(schema())


#: Most skeletons remembered as matching (a class's problem set has a few dozen).
SKELETONS = 4_096
_matching: set[str] = set()


def check(data, source: str | None = None) -> None:
    """:meth:`Schema.check` of ``data`` against the problem schema, once per skeleton that
    matches (a skeleton that does not is checked each time, for the message naming ``source``)."""
    skeleton = _skeleton(data)
    if skeleton is not None and skeleton in _matching:
        return
    checker().check(data, source)
    if skeleton is not None:
        if len(_matching) >= SKELETONS:
            _matching.clear()
        _matching.add(skeleton)


def _skeleton(data) -> str | None:
    """The text of ``data`` with what the schema does not look at blanked, or None when ``data``
    is not a mapping with a mapping of params (such data are always checked in full)."""
    if type(data) is not dict or type(data.get("params")) is not dict:
        return None
    blank = dict(data)
    blank["params"] = dict.fromkeys(data["params"])
    if type(data.get("seed")) is int:
        blank["seed"] = 0
    try:
        return repr(blank)
    except RecursionError:
        return None
