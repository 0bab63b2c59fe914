"""Building a class: the fast path (fixed problems rendered once and written once, MathML
cached by fragment and by skeleton, display layouts cached, students on a process pool or a
Dask cluster) writes exactly what the plain serial, uncached path of the same code writes, for
every kind."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from nngrade.core.number_style import number_style
from nngrade.exercises import registry
from nngrade.handouts import problemset
from nngrade.rendering import display_layout, mathml, render

STUDENTS = ["ada", "bob", "cy"]


def every_kind_set() -> problemset.ProblemSet:
    """A fixed example of each kind that has one, a drawn variant of every kind between them,
    and two variants of one kind (so numbers after it shift by its count)."""
    entries = []
    for kind, exercise in registry.exercises().items():
        if exercise.examples:
            entries.append({"example": f"{kind}/{next(iter(exercise.examples))}"})
        entries.append({"kind": kind})
    entries.insert(1, {"kind": "loss", "count": 2})
    return problemset.load({"title": "Every kind", "intro": "All of them.", "exercises": entries})


def tree(root: Path) -> dict[str, tuple[str, bytes | str]]:
    """Every file and link under ``root``: a link by its target, a file by its bytes."""
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            key = str(path.relative_to(root))
            found[key] = ("link", os.readlink(path)) if path.is_symlink() else ("file", path.read_bytes())
    return found


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The plain path: one process, every problem rendered for every student, no cache of MathML
    or of display layouts."""
    out = tmp_path_factory.mktemp("reference")
    cached = render._mathml, render.fit, display_layout.estimate, display_layout._atoms
    render._mathml, render.fit = mathml.plain, render.fit.__wrapped__
    display_layout.estimate = display_layout.estimate.__wrapped__
    display_layout._atoms = display_layout._atoms.__wrapped__
    try:
        problemset.build(every_kind_set(), out, students=STUDENTS, secret="s", assignment="hw",
                         processes=1, reuse_shared=False)
    finally:
        render._mathml, render.fit, display_layout.estimate, display_layout._atoms = cached
    return tree(out)


def test_a_pool_of_processes_writes_byte_for_byte_what_the_plain_path_writes(reference, tmp_path):
    folders = problemset.build(every_kind_set(), tmp_path, students=STUDENTS, secret="s", assignment="hw",
                               processes=2)
    assert folders == [tmp_path / "students" / name for name in STUDENTS]
    assert tree(tmp_path) == reference


def test_fixed_problems_are_written_once_and_hard_linked(tmp_path):
    loaded = every_kind_set()
    problemset.build(loaded, tmp_path, students=STUDENTS, secret="s", assignment="hw", processes=1)
    fixed = problemset.fixed_problems(loaded)
    assert fixed and len(fixed) < sum(entry.count for entry in loaded.entries)
    for number, problem in fixed.items():
        stem = f"{number:02d}-{problem.kind}.json"
        for sub in ("problems", "solutions"):
            shared = tmp_path / problemset.SHARED_FOLDER / sub / stem
            assert shared.is_file() and not shared.is_symlink()
            assert shared.stat().st_nlink == 1 + len(STUDENTS)
            for name in STUDENTS:
                link = tmp_path / "students" / name / sub / stem
                assert not link.is_symlink() and link.samefile(shared)
    drawn = [path for path in (tmp_path / "students" / "ada" / "problems").iterdir() if path.stat().st_nlink == 1]
    assert len(drawn) == sum(entry.count for entry in loaded.entries if entry.fixed is None)


def test_where_the_file_system_refuses_a_hard_link_the_same_bytes_are_written(tmp_path, monkeypatch):
    loaded = problemset.load("seed-lab")
    problemset.build(loaded, tmp_path / "linked", students=["ada"], secret="s", processes=1)

    def refuse(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", refuse)
    problemset.build(loaded, tmp_path / "copied", students=["ada"], secret="s", processes=1)
    assert tree(tmp_path / "copied") == tree(tmp_path / "linked")
    assert all(path.stat().st_nlink == 1 for path in (tmp_path / "copied").rglob("*.json"))


def test_the_variant_code_is_the_hash_of_the_problems_json_as_one_list(tmp_path):
    """The code is put together from each problem file's text: it is the code of
    ``dumps_json`` of the problems' written forms as one list, for every kind."""
    import base64
    import hashlib

    from nngrade.core.problem import dumps_json

    loaded = every_kind_set()
    with number_style(loaded.numbers):
        items = [problemset.render_item(number, problem) for number, problem
                 in enumerate(problemset.instantiate(loaded, 0, "ada", "s", "hw"), start=1)]
    for chosen in (items, items[:1], items[3:7], []):
        text = dumps_json([item.written for item in chosen])
        assert problemset.variant_code(chosen) == base64.b32encode(hashlib.sha256(text.encode()).digest()).decode()[:6]


def test_a_rebuild_into_the_same_folder_replaces_the_links(tmp_path):
    loaded = problemset.load("seed-lab")
    problemset.build(loaded, tmp_path, students=["ada"], secret="s", processes=1)
    first = tree(tmp_path)
    problemset.build(loaded, tmp_path, students=["ada"], secret="s", processes=1)
    assert tree(tmp_path) == first
    (tmp_path / "students" / "ada" / "problems" / "01-linear_layer.json").unlink()
    os.symlink(os.path.join("..", "..", "..", "shared", "problems", "01-linear_layer.json"),
               tmp_path / "students" / "ada" / "problems" / "01-linear_layer.json")  # as builds once linked
    problemset.build(loaded, tmp_path, students=["ada"], secret="s", processes=1)
    assert tree(tmp_path) == first


def test_a_rebuild_never_writes_through_a_link_into_the_shared_files(tmp_path):
    """A student's file that was a link to a shared one, and is now the student's own drawn
    variant (the set changed), is replaced: the shared file and the other students keep theirs."""
    fixed = problemset.load({"title": "t", "exercises": [{"example": "loss/seed-table-sse"}]})
    problemset.build(fixed, tmp_path, students=["ada", "bob"], secret="s", processes=1)
    before = tree(tmp_path)
    drawn = problemset.load({"title": "t", "exercises": [{"kind": "loss"}]})
    problemset.build(drawn, tmp_path, students=["ada"], secret="s", processes=1)
    after = tree(tmp_path)
    for key in ("shared/problems/01-loss.json", "students/bob/problems/01-loss.json"):
        assert after[key] == before[key]
    assert after["students/ada/problems/01-loss.json"] != before["students/ada/problems/01-loss.json"]


def test_a_local_dask_cluster_writes_what_the_plain_path_writes(reference, tmp_path):
    pytest.importorskip("distributed")
    problemset.build(every_kind_set(), tmp_path, students=STUDENTS, secret="s", assignment="hw",
                     processes=2, scheduler="local")
    assert tree(tmp_path) == reference


@pytest.mark.parametrize("roster", [["ada", "../../outside"], ["/tmp/outside"], ["ada", "\\input{/etc/passwd}"],
                                    ["<script>alert(1)</script>"], ["x" * 101], ["ada", "Ada"], ["ada", "ada"]])
def test_a_roster_id_that_cannot_name_a_folder_of_its_own_is_refused_before_anything_is_written(tmp_path, roster):
    """Each id becomes a folder (and a results file): one that leaves ``out``, that is not a
    plain name, or that is another id on a file system that ignores case, is refused whole."""
    out = tmp_path / "deep" / "out"
    loaded = problemset.load({"title": "t", "exercises": [{"kind": "loss"}]})
    with pytest.raises(ValueError, match="student id"):
        problemset.build(loaded, out, students=roster, secret="s", processes=1)
    assert list(tmp_path.rglob("*")) == []
