"""The schema of a problem: ``kind``, the kind's ``params``, and ``version``/``seed``/``knobs``."""
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
