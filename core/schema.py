"""Check plain data against a JSON Schema, with one-line errors a person can act on.

Every file nngrade reads (problems, problem sets, assignments, submissions) has a JSON Schema
(:mod:`nngrade.exercises.schemas` builds them from the registry). This module runs one with
``jsonschema`` and turns the first failure into one line that names the file and the key path
and suggests the near miss: ``hw1.yaml: unknown key 'point' in exercises[0] (did you mean
'points'?)``. A subschema's ``title`` names what its values are ("exercise kind") and its
``description`` says what is expected there, so messages stay in the schema, as data.

jsonschema imports the optional ``rfc3987_syntax`` (its ``iri`` format checker, present where
the nbgrader extra pulls in ``jsonschema[format-nongpl]``) at import time, and that import
builds a parser for 2-4 s (jsonschema issue #1428). nngrade's schemas use no formats, so where
nngrade is the first to import jsonschema it does so without that module.
"""
from __future__ import annotations

import sys
from decimal import Decimal
from typing import Any

from .names import did_you_mean

#: Most allowed values listed in one message.
MAX_LISTED = 12

_TYPE_WORDS = {"string": "text", "number": "a number", "integer": "a whole number", "boolean": "true or false",
               "object": "a mapping", "array": "a list", "null": "nothing"}


class SchemaError(ValueError):
    """Data that does not match its schema; the message is one line."""


class Schema:
    """A JSON Schema (a plain dict) ready to check data against.

    The schema itself is not checked against the metaschema here: that costs half a second of
    CPU in every process that reads a file (each ``nbgrader autograde`` reading the stored
    assignments), and the schemas are nngrade's own, each checked by the tests."""

    def __init__(self, schema: dict):
        Draft202012Validator = _validator_class()
        self.schema = schema
        self._validator = Draft202012Validator(schema)

    def check(self, data: Any, source: str | None = None) -> None:
        """Raise :class:`SchemaError` naming ``source`` (a file name) unless ``data`` matches."""
        errors = list(self._validator.iter_errors(data))
        if errors:
            message = describe(min(errors, key=_order))
            raise SchemaError(f"{source}: {message}" if source else message)


#: Optional libraries that jsonschema imports only to check string formats. Schemas here are
#: checked without a format checker, so they are never used; importing them (arrow, isoduration,
#: the IRI parser...) costs a notebook's kernel about half a second of CPU.
FORMAT_LIBRARIES = ("rfc3987_syntax", "rfc3987", "rfc3986_validator", "rfc3339_validator", "webcolors",
                    "jsonpointer", "uri_template", "isoduration", "fqdn", "idna")


def _validator_class():
    """jsonschema's Draft 2020-12 validator, imported without its optional format libraries."""
    if "jsonschema" in sys.modules:
        from jsonschema import Draft202012Validator

        return Draft202012Validator
    blocked = [name for name in FORMAT_LIBRARIES if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # an import of it raises ImportError, which jsonschema skips
    try:
        from jsonschema import Draft202012Validator
    finally:
        for name in blocked:
            del sys.modules[name]
    return Draft202012Validator


def describe(error) -> str:
    """One line for one ``jsonschema`` validation error."""
    where = key_path(error.absolute_path)
    schema, value = error.schema if isinstance(error.schema, dict) else {}, error.instance
    if error.validator == "additionalProperties" and isinstance(value, dict):
        allowed = list(schema.get("properties", {}))
        unknown = [name for name in value if name not in allowed]
        name = unknown[0] if unknown else "?"
        hint = did_you_mean(name, allowed) or (f"; allowed: {_listed(allowed)}" if allowed else "; none allowed")
        return f"unknown key {name!r}" + (f" in {where}" if where else "") + hint
    prefix = f"{where}: " if where else ""
    if error.validator == "required" and isinstance(value, dict):
        if schema.get("description"):
            return f"{prefix}expected {schema['description']}"
        missing = [name for name in error.validator_value if name not in value]
        return f"missing key {missing[0]!r}" + (f" in {where}" if where else "")
    if error.validator in ("enum", "const"):
        options = error.validator_value if error.validator == "enum" else [error.validator_value]
        texts = [option for option in options if isinstance(option, str)]
        noun = schema.get("title")
        head = f"unknown {noun} {_shown(value)}" if noun else f"{_shown(value)} is not allowed"
        hint = did_you_mean(value, texts) if isinstance(value, str) else ""
        return f"{prefix}{head}" + (hint or f"; one of: {_listed([_plain(option) for option in options])}")
    expected = schema.get("description")
    if error.validator == "type" and not expected:
        types = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        expected = " or ".join(_TYPE_WORDS.get(name, name) for name in types)
    if expected:
        return f"{prefix}expected {expected}, got {_shown(value)}"
    return f"{prefix}{error.message}"


def key_path(path) -> str:
    """``exercises[0].knobs`` for the path ``('exercises', 0, 'knobs')``."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _order(error):
    """First the earliest place in the data; there, a misspelt key (which explains the rest), then a
    missing one, then an unknown one, then the rest."""
    steps = tuple((0, step, "") if isinstance(step, int) else (1, 0, str(step)) for step in error.absolute_path)
    if error.validator == "additionalProperties":
        properties = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        unknown = [name for name in error.instance if name not in properties]
        rank = 0 if unknown and did_you_mean(unknown[0], properties) else 2
    else:
        rank = {"required": 1}.get(error.validator, 3)
    return steps, rank


def _shown(value) -> str:
    if value is None:
        return "nothing (a blank value)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _plain(option) -> str:
    """An allowed value as the file would spell it (YAML/JSON)."""
    if option is None:
        return "null"
    return option if isinstance(option, str) else _shown(option)


def _listed(options: list) -> str:
    shown = [str(option) for option in options[:MAX_LISTED]]
    return ", ".join(shown) + (f", ... ({len(options) - MAX_LISTED} more)" if len(options) > MAX_LISTED else "")
