"""Problem sets: loading, clear errors, keyed per-student variants, and the built folders."""
from __future__ import annotations

import json

import pytest

from nngrade.core.problem import ProblemFileError
from nngrade.exercises import problems
from nngrade.handouts import problemset


def test_shipped_sets_load_and_instantiate():
    assert "seed-lab" in problemset.shipped_sets()
    for name in problemset.shipped_sets():
        loaded = problemset.load(name)
        assert problemset.instantiate(loaded)


@pytest.mark.parametrize("data,message", [
    ({}, "missing key 'exercises'"),
    ({"exercises": ["x"]}, r"exercises\[0\]: expected a mapping with 'example', 'problem' or 'kind', got 'x'"),
    ({"exercises": [{"kind": "nope"}]}, r"exercises\[0\].kind: unknown exercise kind 'nope'"),
    ({"exercises": [{"kind": "linear_layer", "count": 0}]}, r"exercises\[0\].count: expected a whole number"),
    ({"exercises": [{"example": "linear_layer/seed-lb"}]}, "unknown example 'linear_layer/seed-lb' "
                                                           r"\(did you mean 'linear_layer/seed-lab'\?\)"),
    ({"exercises": [{"colour": "red"}]}, r"exercises\[0\]: expected a mapping with 'example', 'problem' or 'kind'$"),
    ({"exercises": [{"kynd": "loss"}]}, r"unknown key 'kynd' in exercises\[0\] \(did you mean 'kind'\?\)"),
    ({"exercises": [{"kind": "loss", "knob": {"loss": "sse"}}]}, r"did you mean 'knobs'\?"),
    ({"exercises": [{"kind": "linear_layer", "knobs": {"difficulty": "extreme"}}]},
     r"exercises\[0\].knobs.difficulty: unknown difficulty 'extreme'; one of: easy, medium, hard"),
    ({"exercises": [{"example": "linear_layer/seed-lab", "count": 2}]}, "unknown key 'count'"),
    ({"exercises": [{"problem": {"kind": "linear_layer", "params": {"X": [[1]]}}}]},
     r"missing key 'W' in exercises\[0\].problem.params"),
    ({"exercises": [{"problem": {"kind": "linear_layer", "params": {"X": [[1]], "W": [[1]], "b": "x"}}}]},
     r"exercises\[0\].problem: linear_layer: parameter b"),
])
def test_errors_name_the_place_and_the_near_miss(data, message):
    with pytest.raises(ProblemFileError, match=message) as raised:
        problemset.load(data)
    assert "\n" not in str(raised.value)


def test_file_errors_start_with_the_file_name(tmp_path):
    path = tmp_path / "set.yaml"
    path.write_text("title: Lab\nexercises:\n  - {kind: linear_layer, point: 2}\n")
    with pytest.raises(ProblemFileError, match=rf"^{path}: unknown key 'point' in exercises\[0\] "
                                               r"\(did you mean 'points'\?\)$"):
        problemset.load(path)


def test_student_variants_are_keyed_and_reproducible():
    loaded = problemset.load({"exercises": [{"kind": "linear_layer", "count": 2}]})
    ada = problemset.instantiate(loaded, student="ada", secret="k", assignment="hw")
    again = problemset.instantiate(loaded, student="ada", secret="k", assignment="hw")
    bob = problemset.instantiate(loaded, student="bob", secret="k", assignment="hw")
    other_secret = problemset.instantiate(loaded, student="ada", secret="k2", assignment="hw")
    assert [p.params for p in ada] == [p.params for p in again]
    assert [p.params for p in ada] != [p.params for p in bob]
    assert [p.params for p in ada] != [p.params for p in other_secret]
    assert ada[0].params != ada[1].params


def test_build_writes_problems_that_read_back(tmp_path):
    loaded = problemset.load("seed-lab")
    problemset.build(loaded, tmp_path)
    files = sorted((tmp_path / "problems").glob("*.json"))
    assert len(files) == len(problemset.instantiate(loaded))
    for path in files:
        problems.read(json.loads(path.read_text()))
    for name in ("handout", "answers"):
        for suffix in (".md", ".tex", ".html"):
            assert (tmp_path / f"{name}{suffix}").stat().st_size > 0
    assert "Worked solution" in (tmp_path / "answers.md").read_text()
    assert "Worked solution" not in (tmp_path / "handout.md").read_text()


def test_roster_needs_a_secret(tmp_path):
    with pytest.raises(ValueError, match="secret"):
        problemset.build(problemset.load("seed-lab"), tmp_path, students=["ada"])


@pytest.mark.parametrize("style, shown, hidden", [("decimal", "-4.267", r"\frac{64}{15}"),
                                                  ("fraction", r"-\frac{64}{15}", "-4.267"),
                                                  ("both", r"-\frac{64}{15} \approx -4.267", None)])
def test_the_sets_number_style_writes_the_worked_solutions(tmp_path, style, shown, hidden):
    data = {"title": "Lab", "numbers": {"style": style, "sigfigs": 4},
            "exercises": [{"example": "linear_regression_gd/seed-lab-minibatch"}]}
    problemset.build(problemset.load(data), tmp_path)
    for suffix in (".md", ".tex"):
        text = (tmp_path / "answers").with_suffix(suffix).read_text()
        assert shown in text
        assert hidden is None or hidden not in text
    solution = json.loads(next((tmp_path / "solutions").glob("*.json")).read_text())
    assert "-64/15" in json.dumps(solution["answers"])  # the contract's exact answers keep their form


def test_an_unknown_number_style_is_named():
    with pytest.raises(ProblemFileError, match="roman"):
        problemset.load({"numbers": {"style": "roman"}, "exercises": [{"example": "linear_layer/seed-lab"}]})
