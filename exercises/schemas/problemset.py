"""The schema of a problem set: a title, an intro and entries of three forms.

An entry is a fixed ``example`` of the catalogue (``kind/name``), a ``problem`` written out by
hand, or drawn variants of a ``kind`` (with its ``knobs`` and a ``count``); any of them may
carry ``points``.
"""
from __future__ import annotations

from functools import lru_cache

from nngrade.core import number_style
from nngrade.core.schema import Schema

from .. import registry
from . import problem

#: Most variants one entry may ask for.
MAX_COUNT = 500

#: What an entry is, for messages.
ENTRY = "a mapping with 'example', 'problem' or 'kind'"
_POINTS = {"type": "number", "exclusiveMinimum": 0}


def _examples() -> list[str]:
    return [f"{kind}/{name}" for kind, exercise in registry.exercises().items() for name in exercise.examples]


def _form(key: str, properties: dict) -> dict:
    return {"if": {"type": "object", "required": [key]},
            "then": {"required": [key], "additionalProperties": False, "properties": {**properties, "points": _POINTS}}}


def entry() -> dict:
    drawn = {"kind": problem.kind(), "knobs": {"type": "object"},
             "count": {"type": "integer", "minimum": 1, "maximum": MAX_COUNT,
                       "description": f"a whole number of variants from 1 to {MAX_COUNT}"}}
    example, written = _form("example", {"example": {"title": "example", "enum": _examples()}}), \
        _form("problem", {"problem": {"$ref": "#/$defs/problem"}})
    drawn_form = _form("kind", drawn)["then"]
    drawn_form["allOf"] = problem.per_kind(lambda exercise: {"knobs": problem.knobs(exercise)})
    drawn_form["description"] = ENTRY
    return {"type": "object", "description": ENTRY,
            "allOf": [example, {"if": {"not": {"required": ["example"]}}, "then": written},
                      {"if": {"not": {"anyOf": [{"required": ["example"]}, {"required": ["problem"]}]}},
                       "then": drawn_form}]}


@lru_cache(maxsize=1)
def schema() -> dict:
    problem_schema = {key: value for key, value in problem.schema().items() if key != "$schema"}
    return {
        "$schema": problem.DRAFT,
        "title": "nngrade problem set",
        "type": "object",
        "required": ["exercises"],
        "additionalProperties": False,
        "properties": {"title": {"type": "string"}, "intro": {"type": "string"}, "numbers": number_style.SCHEMA,
                       "exercises": {"type": "array", "minItems": 1, "items": entry(),
                                     "description": "a non-empty list of exercises"}},
        "$defs": {"problem": problem_schema},
    }


@lru_cache(maxsize=1)
def checker() -> Schema:
    return Schema(schema())
