"""The schemas of the files nngrade reads follow the registry and AnswerSpec, and name typos."""
from __future__ import annotations

import dataclasses

import pytest
from jsonschema import Draft202012Validator

from nngrade.core.problem import ProblemFileError
from nngrade.course import assignment_spec
from nngrade.course.assignment_spec import AssignmentError, from_data, from_stored, load
from nngrade.exercises import problems, registry, schemas
from nngrade.exercises.schemas.assignment import FIXED_FIELDS, part_settings
from nngrade.grading.spec import AnswerSpec
from nngrade.handouts import problemset

SHIPPED_ASSIGNMENTS = sorted((problemset.Path(assignment_spec.__file__).parent / "assignments").glob("*.yaml"))


def assignment(**entry):
    return {"assignment": "hw1", "exercises": [{"id": "ex", "kind": "linear_layer", **entry}]}


@pytest.mark.parametrize("name", list(schemas.SCHEMAS))
def test_every_schema_is_a_valid_json_schema(name):
    Draft202012Validator.check_schema(schemas.schema(name))


def test_the_stored_assignment_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(schemas.assignment.schema(stored=True))


def test_kinds_params_knobs_and_parts_come_from_the_registry():
    schema = schemas.schema("problem")
    assert schema["properties"]["kind"]["enum"] == registry.kinds()
    by_kind = {rule["if"]["properties"]["kind"]["const"]: rule["then"]["properties"] for rule in schema["allOf"]}
    assert list(by_kind) == registry.kinds()
    for kind, exercise in registry.exercises().items():
        assert set(by_kind[kind]["knobs"]["properties"]) == set(exercise.knobs)
        assert set(by_kind[kind]["params"]["properties"]) == {*exercise.params.params, *exercise.params.aliases}
    rules = schemas.schema("assignment")["properties"]["exercises"]["items"]["else"]["allOf"]
    for rule in rules:
        exercise = registry.get(rule["if"]["properties"]["kind"]["const"])
        assert set(rule["then"]["properties"]["parts"]["properties"]) == {spec.part for spec in exercise.answers}


def test_every_answer_spec_setting_but_the_fixed_ones_may_be_set_per_part():
    assert set(part_settings()) == {f.name for f in dataclasses.fields(AnswerSpec)} - set(FIXED_FIELDS)
    for spec_field in dataclasses.fields(AnswerSpec):
        if spec_field.name not in FIXED_FIELDS:
            spec = from_data(assignment(parts={"z": {spec_field.name: spec_field.default}}))
            assert spec.exercises[0].parts["z"] == {spec_field.name: spec_field.default}


@pytest.mark.parametrize("entry,message", [
    ({"point": 5}, r"unknown key 'point' in exercises\[0\] \(did you mean 'points'\?\)"),
    ({"knob": {"difficulty": "easy"}}, r"unknown key 'knob' in exercises\[0\] \(did you mean 'knobs'\?\)"),
    ({"knobs": {"dificulty": "easy"}}, r"unknown key 'dificulty' in exercises\[0\].knobs \(did you mean 'difficulty'\?\)"),
    ({"knobs": {"colour": "red"}}, r"unknown key 'colour' in exercises\[0\].knobs; allowed: difficulty, ask_shape"),
    ({"knobs": {"difficulty": "extreme"}}, r"exercises\[0\].knobs.difficulty: unknown difficulty 'extreme'"),
    ({"kind": "linear_layr"}, r"exercises\[0\].kind: unknown exercise kind 'linear_layr' \(did you mean"),
    ({"points": "five"}, r"exercises\[0\].points: expected a positive number of points, got 'five'"),
    ({"points": 0}, r"exercises\[0\].points: expected a positive number of points, got 0"),
    ({"id": "2nd"}, r"exercises\[0\].id: expected an id of letters"),
    ({"parts": {"zz": {}}}, r"unknown key 'zz' in exercises\[0\].parts \(did you mean 'z'\?\)"),
    ({"parts": {"z": {"rtoll": 0.1}}}, r"unknown key 'rtoll' in exercises\[0\].parts.z \(did you mean 'rtol'\?\)"),
    ({"parts": {"z": {"rtol": "small"}}}, r"exercises\[0\].parts.z.rtol: expected a number, got 'small'"),
    ({"parts": {"z": {"mode": "sigfig"}}}, r"exercises\[0\].parts.z.mode: unknown comparison mode 'sigfig' \(did you mean 'sigfigs'\?\)"),
    ({"parts": {"z": {"rtol": -1}}}, r"exercises\[0\].parts.z: rtol and atol must be >= 0"),
    ({"sigfigs": 40}, r"exercises\[0\].sigfigs: expected a whole number of significant figures"),
])
def test_assignment_typos_are_one_line_with_the_path_and_the_near_miss(entry, message):
    with pytest.raises(AssignmentError, match=f"^hw1.yaml: {message}") as raised:
        from_data(assignment(**entry), "hw1.yaml")
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("key", [None, 0, "", 12345])
def test_a_key_must_be_text(key):
    with pytest.raises(AssignmentError, match="key: expected the variant key as text"):
        from_data({**assignment(), "key": key})


def test_the_stored_form_needs_its_key_and_its_name():
    stored = from_data({**assignment(), "key": "k"}).to_dict()
    assert from_stored(stored).key == "k"
    with pytest.raises(AssignmentError, match="missing key 'key'"):
        from_stored({name: value for name, value in stored.items() if name != "key"})
    with pytest.raises(AssignmentError, match="unknown key 'assignment'"):
        from_stored({**stored, "assignment": "hw1"})


@pytest.mark.parametrize("path", SHIPPED_ASSIGNMENTS, ids=lambda path: path.name)
def test_shipped_assignments_pass_and_survive_their_stored_form(path):
    spec = load(path)
    assert from_stored(spec.to_dict()) == spec


def test_problems_are_checked_against_the_schema_with_the_file_name():
    with pytest.raises(ProblemFileError, match=r"^p.json: unknown key 'w' in params \(did you mean 'W'\?\)$"):
        problems.read({"kind": "linear_layer", "params": {"X": [[1]], "w": [[1]], "b": [1]}}, "p.json")
    with pytest.raises(ProblemFileError, match=r"^p.json: linear_layer: parameter X"):
        problems.read({"kind": "linear_layer", "params": {"X": "x", "W": [[1]], "b": [1]}}, "p.json")
    for kind, exercise in registry.exercises().items():
        for name in exercise.examples:
            problems.read(problems.write(problems.example(kind, name)))


def _problem_variants():
    from hypothesis import strategies as st

    data = problems.write(problems.draw(registry.get("linear_layer"), 3))
    changes = st.sampled_from([
        {}, {"seed": 7}, {"seed": None}, {"seed": True}, {"seed": "7"}, {"seed": 1.5}, {"version": 0},
        {"kind": "linear_layr"}, {"knobs": {"difficulty": "medium"}}, {"knobs": {"difficulty": "huge"}},
        {"extra": 1}, {"params": {"X": [[1]], "W": [[2]], "b": [0]}}, {"params": {"X": 1, "W": "?", "b": None}},
        {"params": {"X": [[1]], "W": [[2]]}}, {"params": {"X": [[1]], "W": [[2]], "b": [0], "Q": 1}},
        {"params": []}])
    return st.lists(changes, max_size=3).map(lambda picked: {**data, **{k: v for c in picked for k, v in c.items()}})


def test_the_schema_check_once_per_skeleton_decides_as_the_full_check():
    """Seeds and param values differ from student to student and the schema looks at neither:
    the remembered verdict on a skeleton is the full check's verdict, error message included."""
    from hypothesis import given, settings

    from nngrade.core.schema import SchemaError
    from nngrade.exercises.schemas import problem as problem_schema

    @settings(max_examples=150, deadline=None)
    @given(_problem_variants())
    def agree(data):
        try:
            problem_schema.checker().check(data, "p.json")
            full = None
        except SchemaError as error:
            full = str(error)
        try:
            problem_schema.check(data, "p.json")
            once = None
        except SchemaError as error:
            once = str(error)
        assert once == full

    agree()
