"""The schema of an assignment file, and of the stored form a course keeps beside it.

An assignment file names the assignment and lists its exercises: each an ``id``, a ``kind``,
``points``, the kind's ``knobs``, ``sigfigs`` and per-part comparison settings under ``parts``.
The settings a part accepts are the fields of :class:`~nngrade.grading.spec.AnswerSpec` except
those that say what the part *is* (:data:`FIXED_FIELDS`), so a new comparison setting is
accepted here as soon as the spec has it.

The stored form (``nngrade/<assignment>.json``, written by ``nngrade course build``) has
``name`` where the file has ``assignment``, always has its ``key``, and no assignment-wide
``sigfigs``.
"""
from __future__ import annotations

import dataclasses
from functools import lru_cache

from nngrade.core import number_style
from nngrade.core.schema import Schema
from nngrade.grading.spec import MODES, AnswerSpec

from ..exercise import Exercise
from ..keys import CHECK_LEVELS
from . import problem

#: AnswerSpec fields that define the part rather than how it is compared: never set per assignment.
FIXED_FIELDS = ("part", "label", "kind", "unordered", "follows", "variables")
#: JSON types of the AnswerSpec field annotations.
_FIELD_TYPES = {"float": {"type": "number"}, "int": {"type": "integer"}, "bool": {"type": "boolean"},
                "str": {"type": "string"}}
_SIGFIGS = {"type": ["integer", "null"], "minimum": 0, "maximum": 15,
            "description": "a whole number of significant figures from 0 to 15 (0 or null: no rounding slack)"}


def part_settings() -> dict[str, dict]:
    """The per-part settings an assignment may give, with their JSON types."""
    settings = {}
    for spec_field in dataclasses.fields(AnswerSpec):
        if spec_field.name in FIXED_FIELDS:
            continue
        settings[spec_field.name] = dict(_FIELD_TYPES.get(str(spec_field.type), {}))
    if "mode" in settings:
        settings["mode"] = {"title": "comparison mode", "enum": list(MODES)}
    return settings


def parts(exercise: Exercise) -> dict:
    """The answer parts of ``exercise``, each with the settings a part accepts."""
    settings = {"type": ["object", "null"], "additionalProperties": False, "properties": part_settings()}
    return {"type": "object", "title": f"answer parts of {exercise.kind}", "additionalProperties": False,
            "properties": {spec.part: settings for spec in exercise.answers}}


def entry(stored: bool) -> dict:
    fields = {
        "id": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$",
               "description": "an id of letters, digits and '_' that does not start with a digit"},
        "kind": problem.kind(),
        "points": {"type": "number", "exclusiveMinimum": 0, "description": "a positive number of points"},
        "knobs": {"type": ["object", "null"]},
        "sigfigs": _SIGFIGS,
        "parts": {"type": ["object", "null"]},
    }
    mapping = {"type": "object", "required": ["id", "kind"] if stored else ["kind"],
               "additionalProperties": False, "properties": fields,
               "allOf": problem.per_kind(lambda exercise: {"knobs": problem.knobs(exercise),
                                                           "parts": parts(exercise)})}
    if stored:
        return mapping
    return {"if": {"type": "string"}, "then": problem.kind(), "else": mapping}


@lru_cache(maxsize=2)
def schema(stored: bool = False) -> dict:
    name = "name" if stored else "assignment"
    properties = {
        name: {"type": "string", "pattern": "^[A-Za-z0-9_-]+$",
               "description": "an assignment name of letters, digits, '-' and '_'"},
        "key": {"type": "string", "minLength": 1,
                "description": "the variant key as text (leave the line out: the first build makes one "
                               "and every rebuild keeps it)"},
        "title": {"type": "string"},
        "instructions": {"type": "string"},
        "notebook": {"type": "string", "pattern": "^[A-Za-z0-9_.-]*$",
                     "description": "a notebook name of letters, digits, '.', '-' and '_'"},
        "check": {"title": "check level", "enum": list(CHECK_LEVELS)},
        "practice": {"type": "boolean", "description": "true or false: whether the notebook allows practice mode"},
        "numbers": number_style.SCHEMA,
        "solution_in_feedback": {"type": "boolean",
                                 "description": "whether nbgrader feedback shows the worked solution of the "
                                                "student's own variant (set it once the deadline has passed)"},
        "exercises": {"type": "array", "minItems": 1, "items": entry(stored),
                      "description": "a non-empty list of exercises"},
    }
    if not stored:
        properties["sigfigs"] = _SIGFIGS
    return {
        "$schema": problem.DRAFT,
        "title": "nngrade stored assignment" if stored else "nngrade assignment",
        "type": "object",
        "required": [name, "key", "exercises"] if stored else [name, "exercises"],
        "additionalProperties": False,
        "properties": properties,
    }


@lru_cache(maxsize=2)
def checker(stored: bool = False) -> Schema:
    return Schema(schema(stored))
