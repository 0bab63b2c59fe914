"""Problem sets: loading, clear errors, keyed per-student variants, and the built folders."""
from __future__ import annotations

import json

import pytest

from nngrade.core.problem import ProblemFileError
from nngrade.exercises import problems, problemset


def test_shipped_sets_load_and_instantiate():
    assert "seed-lab" in problemset.shipped_sets()
    for name in problemset.shipped_sets():
        loaded = problemset.load(name)
        assert problemset.instantiate(loaded)


@pytest.mark.parametrize("data,message", [
    ({}, "needs a list 'exercises'"),
    ({"exercises": ["x"]}, "exercise 1: expected a mapping"),
    ({"exercises": [{"kind": "nope"}]}, "unknown exercise kind"),
    ({"exercises": [{"kind": "linear_layer", "count": 0}]}, "count must be"),
    ({"exercises": [{"example": "linear_layer/nope"}]}, "no example"),
    ({"exercises": [{"colour": "red"}]}, "give 'example', 'problem' or 'kind'"),
    ({"exercises": [{"problem": {"kind": "linear_layer", "params": {"X": [[1]]}}}]}, "missing parameter W"),
])
def test_errors(data, message):
    with pytest.raises(ProblemFileError, match=message):
        problemset.instantiate(problemset.load(data))


def test_bad_knob_is_reported_with_the_entry():
    loaded = problemset.load({"exercises": [{"kind": "linear_layer", "knobs": {"difficulty": "extreme"}}]})
    with pytest.raises(ProblemFileError, match="exercise 1"):
        problemset.instantiate(loaded)


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
