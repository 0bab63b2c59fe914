"""Assignment files, the source notebook they build, and what the student's kernel runs."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import nbformat
import numpy as np
import pytest

from nngrade.course import assignment_spec
from nngrade.course.assignment import build, notebook, stored_spec
from nngrade.course.assignment_spec import AssignmentError, from_data, student_from_environment
from nngrade.course.notebook_cells import HANDLE
from nngrade.notebook import Assignment, plain_data

BASE = {
    "assignment": "hw1",
    "key": "course-key",
    "exercises": [
        {"id": "layer", "kind": "linear_layer", "points": 3, "knobs": {"difficulty": "medium"}},
        {"id": "shapes", "kind": "linear_layer", "points": 2, "knobs": {"ask_shape": True},
         "parts": {"z": {"rtol": 0.01, "weight": 2}}},
    ],
}


def spec_with(**changes):
    return from_data({**BASE, **changes})


@pytest.mark.parametrize("change, words", [
    ({"exercises": [{"kind": "no_such_kind"}]}, "no_such_kind"),
    ({"exercises": [{"kind": "linear_layer", "knobs": {"difficulty": "extreme"}}]}, "knob"),
    ({"exercises": [{"kind": "linear_layer", "id": "a"}, {"kind": "linear_layer", "id": "a"}]}, "unique"),
    ({"exercises": [{"kind": "linear_layer", "parts": {"z": {"colour": 1}}}]}, "colour"),
    ({"exercises": [{"kind": "linear_layer", "parts": {"zz": {}}}]}, "zz"),
    ({"exercises": [{"kind": "linear_layer", "points": 0}]}, "points"),
    ({"check": "sometimes"}, "check"),
    ({"assignment": "hw 1"}, "assignment"),
    ({"exercises": []}, "exercises"),
    ({"numbers": {"style": "roman"}}, "numbers"),
    ({"numbers": {"sigfigs": 40}}, "sigfigs"),
    ({"solution_in_feedback": "after the deadline"}, "solution_in_feedback"),
])
def test_bad_assignment_files_are_refused_with_a_reason(change, words):
    with pytest.raises(AssignmentError, match=words):
        spec_with(**change)


def test_part_settings_reach_the_answer_key():
    spec = spec_with()
    key = spec.answer_key("shapes", spec.variant("shapes", "alice"))
    assert key.spec("z").rtol == 0.01 and key.spec("z").weight == 2


def test_variants_are_per_student_and_reproducible():
    spec = spec_with()
    drawn = {student: spec.variant("layer", student).params for student in ("alice", "bob", "carol", "dave")}
    assert drawn["alice"] == spec.variant("layer", "alice").params
    assert len({json.dumps(p, default=str) for p in drawn.values()}) > 1
    other_key = spec_with(key="another-course")
    assert other_key.variant("layer", "alice").params != drawn["alice"] or \
        other_key.variant("layer", "bob").params != drawn["bob"]


@pytest.mark.parametrize("changes", [{}, {"numbers": {"style": "both", "sigfigs": 3}, "solution_in_feedback": True}])
def test_spec_survives_its_json_form(changes):
    spec = spec_with(**changes)
    assert assignment_spec.from_json(spec.to_json()) == spec


@pytest.mark.parametrize("environ, student", [
    ({"NNGRADE_STUDENT": "s1", "JUPYTERHUB_USER": "hub"}, "s1"),
    ({"JUPYTERHUB_USER": "hub", "NB_USER": "jovyan"}, "hub"),
    ({"NB_USER": "jovyan"}, None),
    ({"NB_USER": "kim"}, "kim"),
    ({}, None),
])
def test_student_id_comes_from_the_environment(environ, student):
    assert student_from_environment(environ) == student


def test_notebook_cells_carry_nbgrader_metadata():
    nb = notebook(spec_with())
    cells = {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells}
    assert cells["layer-test"].metadata["nbgrader"]["points"] == 3
    assert cells["layer-test"].metadata["nbgrader"]["grade"] and cells["layer-test"].metadata["nbgrader"]["locked"]
    assert cells["layer-answer"].metadata["nbgrader"]["solution"] and not cells["layer-answer"].metadata["nbgrader"]["locked"]
    assert all(cells[i].metadata["nbgrader"]["locked"] for i in ("intro", "setup", "layer-statement"))
    assert "### BEGIN SOLUTION" in cells["layer-answer"].source
    hidden = cells["layer-test"].source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
    assert "record" in hidden and "record" not in cells["layer-test"].source.split("### END HIDDEN TESTS")[1]
    nbformat.validate(nb)


def test_build_writes_the_course_and_keeps_the_key(tmp_path):
    (tmp_path / "hw1.yaml").write_text("assignment: hw1\nexercises:\n  - kind: linear_layer\n")
    written = build(tmp_path / "hw1.yaml", tmp_path / "course", course_id="nn101")
    assert written["notebook"] == tmp_path / "course" / "source" / "hw1" / "hw1.ipynb"
    assert "nngrade.course.autograde" in written["config"].read_text()
    key = stored_spec(tmp_path / "course", "hw1").key
    build(tmp_path / "hw1.yaml", tmp_path / "course")
    assert stored_spec(tmp_path / "course", "hw1").key == key
    assert key in (tmp_path / "course" / "source" / "hw1" / "hw1.ipynb").read_text()


def test_build_refuses_a_config_that_would_not_grade(tmp_path):
    (tmp_path / "hw1.yaml").write_text("assignment: hw1\nexercises: [linear_layer]\n")
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "nbgrader_config.py").write_text("c = get_config()\n")
    with pytest.raises(RuntimeError, match="configure"):
        build(tmp_path / "hw1.yaml", tmp_path / "course")
    assert not (tmp_path / "course" / "source").exists()


def test_full_self_check_names_the_mistake_and_hides_the_answer(capsys):
    spec = spec_with()
    student = Assignment(spec, student="bob")
    key = spec.answer_key("layer", student.problem("layer"))
    no_bias = next(w for w in key.misconceptions if w.code == "no_bias")
    student.check("layer", {"z": no_bias.values["z"]})
    text = capsys.readouterr().out
    assert no_bias.message in text
    assert json.dumps(key.expected["z"]) not in text and str(key.expected["z"]) not in text


def test_format_check_says_only_type_and_shape(capsys):
    spec = spec_with(check="format")
    student = Assignment(spec, student="bob")
    right = spec.answer_key("layer", student.problem("layer")).expected
    student.check("layer", {"z": (np.asarray(right["z"]) + 1).tolist()})
    assert "type and shape are right" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="expected a") as error:
        student.check_format("layer", {"z": [1, 2, 3, 4, 5, 6, 7]})
    assert str(right["z"]) not in str(error.value)
    assert "missing" in "\n".join(student.format_problems("shapes", {"z": right["z"]}))


def test_recorded_answers_are_plain_data_whatever_the_student_passes():
    class Liar(float):
        def __eq__(self, other):
            return True

    class Anything:
        def __eq__(self, other):
            return True

    data = plain_data({"z": np.array([[1.5], [2]]), "n": np.int64(3), "lie": Liar(2.0), "any": Anything(),
                       "deep": [[[1]]], "nan": float("nan"), 5: "dropped"})
    assert data == {"z": [[1.5], [2.0]], "n": 3, "lie": "<Liar object>", "any": "<Anything object>",
                    "deep": [[[1]]], "nan": "nan"}
    json.dumps(data, allow_nan=False)


def test_kernel_side_never_imports_sympy():
    """What the student's kernel runs while autograding stays free of sympy (fast test cells)."""
    pytest.importorskip("IPython")  # record() displays through the kernel's IPython (the nbgrader extra)
    spec = spec_with(check="full")
    code = f"""
import sys
from nngrade.notebook import Assignment, NotGradedError
{HANDLE} = Assignment({spec.to_json()!r})
{HANDLE}.show("layer")
answer = {HANDLE}.solution("layer")
{HANDLE}.check_format("layer", answer)
{HANDLE}.check("layer", answer)
try:
    {HANDLE}.record("layer", answer)
except NotGradedError:
    print("recorded, and the cell fails unless nngrade grades it")
print("sympy loaded:", "sympy" in sys.modules)
"""
    env = {**os.environ, "NBGRADER_EXECUTION": "autograde", "NNGRADE_STUDENT": "alice"}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "sympy loaded: False" in run.stdout
    assert "the cell fails unless nngrade grades it" in run.stdout
    assert run.stderr == ""


def test_recording_outside_autograde_does_not_fail(monkeypatch, capsys):
    pytest.importorskip("IPython")  # record() displays through the kernel's IPython (the nbgrader extra)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    student = Assignment(spec_with(), student="alice")
    student.record("layer", student.solution("layer"))
    assert "answers recorded" in capsys.readouterr().out
