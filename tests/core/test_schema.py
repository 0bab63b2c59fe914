"""One-line schema errors: the key path, the near miss, and the schema's own words."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from nngrade.core.names import closest, did_you_mean
from nngrade.core.schema import Schema, SchemaError, key_path

SHAPES = Schema({
    "type": "object",
    "required": ["name"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "minLength": 1, "description": "a name as text"},
        "colour": {"title": "colour", "enum": ["red", "green", "blue"]},
        "items": {"type": "array", "items": {"type": "object", "additionalProperties": False,
                                             "properties": {"points": {"type": "number"}}}},
    },
})


@pytest.mark.parametrize("data,message", [
    ({"name": "a", "items": [{}, {"point": 5}]}, "shapes.yaml: unknown key 'point' in items[1] (did you mean 'points'?)"),
    ({"name": "a", "colur": "red"}, "shapes.yaml: unknown key 'colur' (did you mean 'colour'?)"),
    ({"name": "a", "zzz": 1}, "shapes.yaml: unknown key 'zzz'; allowed: name, colour, items"),
    ({}, "shapes.yaml: missing key 'name'"),
    ({"nme": "a"}, "shapes.yaml: unknown key 'nme' (did you mean 'name'?)"),
    ({"name": None}, "shapes.yaml: name: expected a name as text, got nothing (a blank value)"),
    ({"name": "a", "colour": "rde"}, "shapes.yaml: colour: unknown colour 'rde' (did you mean 'red'?)"),
    ({"name": "a", "colour": "pink"}, "shapes.yaml: colour: unknown colour 'pink'; one of: red, green, blue"),
    ({"name": "a", "items": [{"points": "five"}]}, "shapes.yaml: items[0].points: expected a number, got 'five'"),
    ([], "shapes.yaml: expected a mapping, got a list"),
])
def test_the_first_error_is_one_line_with_the_path_and_the_near_miss(data, message):
    with pytest.raises(SchemaError) as raised:
        SHAPES.check(data, "shapes.yaml")
    assert str(raised.value) == message


def test_matching_data_passes():
    SHAPES.check({"name": "a", "colour": "red", "items": [{"points": 2}]})


def test_key_paths_read_like_the_file():
    assert key_path(("exercises", 0, "knobs", "loss")) == "exercises[0].knobs.loss"
    assert key_path(()) == ""


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=4, max_size=20), st.data())
def test_a_name_with_one_letter_dropped_suggests_the_name(name, data):
    index = data.draw(st.integers(0, len(name) - 1))
    typo = name[:index] + name[index + 1:]
    assert closest(typo, [name]) == name
    assert did_you_mean(typo, [name]) == f" (did you mean {name!r}?)"


def test_a_dropped_letter_is_found_where_difflib_matches_greedily():
    assert closest("___", ["_a__"]) == "_a__"  # difflib's ratio is 4/7 here
    assert closest("a", ["b"]) is None


@given(st.text(max_size=30), st.lists(st.text(max_size=30), max_size=8))
def test_a_suggestion_is_always_one_of_the_options(name, options):
    match = closest(name, options)
    assert match is None or match in options
    assert did_you_mean(name, []) == ""
