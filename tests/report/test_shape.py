"""The quick shape check against the class results schema, on every one-place change of a file
and on generated files: it never accepts a file the schema refuses, and it accepts the files
class grading writes."""
from __future__ import annotations

import json
import math
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nngrade.core.schema import Schema, SchemaError
from nngrade.report.results import check, schema
from nngrade.report.shape import surely_matches

ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6)
#: Values near the schema's edges: below the minimum, whole numbers written as floats, NaN, empty text.
EDGES = [-1, -0.5, -0.0, 0, 0.0, 7.0, math.nan, math.inf, -math.inf, "", True, False, None, 10 ** 30]
ODD = ANY_JSON | st.sampled_from(EDGES)


#: One value in this many is replaced, one key in this many left out or added: about two in five
#: generated files are valid, the rest wrong in a place or a few.
ODDS = 80


def near(valid: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly a valid value, sometimes any JSON value in its place."""
    return st.integers(0, ODDS - 1).flatmap(lambda roll: valid if roll else ODD)


def mapping(required: dict, optional: dict) -> st.SearchStrategy:
    """A mapping of the fields, some left out, sometimes with a key of another mapping added."""
    extra = st.sampled_from(["student", "problem", "parts", "score", "studnet", "warnings", "error"])

    def build(draw):
        data = {key: draw(value) for key, value in required.items() if draw(st.integers(0, ODDS - 1))}
        data.update({key: draw(value) for key, value in optional.items() if draw(st.booleans())})
        if not draw(st.integers(0, ODDS - 1)):
            data[draw(extra)] = draw(ANY_JSON)
        return data

    return st.composite(lambda draw: build(draw))()


SHARE = st.integers(0, 3) | st.floats(0, 3)
NAME = st.text(min_size=1, max_size=3)
PART = mapping({"part": near(st.text(max_size=3)), "score": near(SHARE), "max_score": near(SHARE),
                "code": near(st.sampled_from(["correct", "misconception:x", "blank"]))},
               {"correct": near(st.booleans()), "feedback": near(st.text(max_size=3))})
RESULT = mapping({"parts": near(st.lists(near(PART), max_size=3))},
                 {"score": near(SHARE | st.floats(-3, 0)), "max_score": near(SHARE), "warnings": near(st.lists(near(st.text(max_size=2)), max_size=2))})
ENTRY = mapping({"problem": near(NAME), "kind": near(st.text(max_size=3)),
                 "variant": near(st.integers(-2, 10 ** 6) | st.text(max_size=3)), "result": near(RESULT)}, {})
ERROR = mapping({"problem": near(st.none() | st.text(max_size=3)), "error": near(st.text(max_size=3))}, {})
FILE = near(mapping({"student": near(NAME), "assignment": near(st.text(max_size=3)),
                     "problems": near(st.lists(near(ENTRY), max_size=3))},
                    {"errors": near(st.lists(near(ERROR), max_size=2))}))


@lru_cache(maxsize=1)
def full_schema() -> Schema:
    return Schema(schema())


def schema_accepts(data) -> bool:
    try:
        full_schema().check(data)
    except SchemaError:
        return False
    return True


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FILE)
def test_the_quick_check_never_accepts_what_the_schema_refuses(data):
    data = json.loads(json.dumps(data))  # as read from a file
    if surely_matches(data):
        assert schema_accepts(data), data


@settings(max_examples=200, deadline=None)
@given(FILE)
def test_a_file_is_refused_exactly_where_the_schema_refuses_it(data):
    data = json.loads(json.dumps(data))
    try:
        check(data, "ada.json")
    except SchemaError:
        assert not schema_accepts(data)
    else:
        assert schema_accepts(data)


TEMPLATE = {"student": "ada", "assignment": "hw1", "errors": [{"problem": None, "error": "no notebook"}],
            "problems": [{"problem": "01-linear_layer", "kind": "linear_layer", "variant": 7, "result": {
                "score": 1.0, "max_score": 1.0, "warnings": ["slow"],
                "parts": [{"part": "z", "score": 1, "max_score": 1.0, "correct": True, "feedback": "z: correct",
                           "code": "correct"}]}}]}


def places(data, path=()):
    """Every place in ``data``, as a path of keys and indexes."""
    yield path
    children = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in children:
        yield from places(value, (*path, key))


def changed(data, path, change):
    """A copy of ``data`` with ``change`` applied to the value at ``path``."""
    if not path:
        return change(data)
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = changed(data[path[0]], path[1:], change)
    return copy


def one_change_each():
    """The template with one value swapped for an edge value, or one key left out or added."""
    for path in places(TEMPLATE):
        for value in [*EDGES, {}, [], "x"]:
            yield changed(TEMPLATE, path, lambda _old, value=value: value)
        yield changed(TEMPLATE, path, lambda old: {**old, "studnet": 1} if isinstance(old, dict) else old)
        if path:
            yield changed(TEMPLATE, path[:-1], lambda old, key=path[-1]: {k: v for k, v in old.items() if k != key}
                          if isinstance(old, dict) else old[:key] + old[key + 1:])


def test_one_change_anywhere_is_refused_by_the_quick_check_wherever_the_schema_refuses_it():
    assert surely_matches(TEMPLATE) and schema_accepts(TEMPLATE)
    tried = refused = 0
    for data in one_change_each():
        tried += 1
        if not schema_accepts(data):
            refused += 1
            assert not surely_matches(data), data
    assert tried > 400 and refused > 100


def test_the_files_class_grading_writes_pass_the_quick_check(tmp_path):
    from nngrade.simulated_class import simulate

    simulate(tmp_path, 6, variants=2)
    files = sorted((tmp_path / "results").glob("*.json"))
    assert len(files) == 6
    for path in files:
        assert surely_matches(json.loads(path.read_text(encoding="utf-8"))), path.name
