"""A quick check that a student's results file has the class results format's shape.

The format's JSON Schema (:func:`nngrade.report.results.schema`) is the definition, and
jsonschema checks it at about a millisecond per problem entry: more than a second for a class of
a thousand students. This check is the same schema written out as plain Python type tests, in a
tenth of the time. It only ever says "surely matches": where it says no, the full check runs and
decides (and words the error), so it may refuse more than the schema (a whole number written
``7.0``, a NaN score) but never accepts anything the schema refuses
(``tests/report/test_shape.py`` holds the two together on generated files).
"""
from __future__ import annotations

from typing import Any

_FILE_KEYS, _FILE_REQUIRED = frozenset({"student", "assignment", "problems", "errors"}), {"student", "assignment", "problems"}
_ENTRY_KEYS = frozenset({"problem", "kind", "variant", "result"})
_PART_REQUIRED = {"part", "score", "max_score", "code"}
_ERROR_KEYS = frozenset({"problem", "error"})


def surely_matches(data: Any) -> bool:
    """True only where ``data`` matches the class results schema (False: ask the schema)."""
    if type(data) is not dict or not _FILE_REQUIRED <= data.keys() <= _FILE_KEYS:
        return False
    student, problems = data["student"], data["problems"]
    if type(student) is not str or not student or type(data["assignment"]) is not str or type(problems) is not list:
        return False
    if not all(_entry(item) for item in problems):
        return False
    errors = data.get("errors", [])
    return type(errors) is list and all(_error(item) for item in errors)


def _entry(item: Any) -> bool:
    if type(item) is not dict or item.keys() != _ENTRY_KEYS:
        return False
    problem, variant, result = item["problem"], item["variant"], item["result"]
    if type(problem) is not str or not problem or type(item["kind"]) is not str or type(variant) not in (str, int):
        return False
    if type(result) is not dict or type(result.get("parts")) is not list:
        return False
    if not _number(result.get("score", 0)) or not _number(result.get("max_score", 0)):
        return False
    warnings = result.get("warnings", [])
    if type(warnings) is not list or not all(type(line) is str for line in warnings):
        return False
    return all(_part(part) for part in result["parts"])


def _part(part: Any) -> bool:
    return (type(part) is dict and _PART_REQUIRED <= part.keys() and type(part["part"]) is str
            and type(part["code"]) is str and _share(part["score"]) and _share(part["max_score"])
            and type(part.get("correct", False)) is bool and type(part.get("feedback", "")) is str)


def _number(value: Any) -> bool:
    return type(value) in (int, float)


def _share(value: Any) -> bool:
    """A number of at least 0 (a NaN fails here and is left to the schema)."""
    return type(value) in (int, float) and value >= 0


def _error(item: Any) -> bool:
    return (type(item) is dict and item.keys() == _ERROR_KEYS and type(item["error"]) is str
            and (item["problem"] is None or type(item["problem"]) is str))
