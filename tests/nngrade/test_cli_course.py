"""``nngrade course`` with a course an instructor got wrong: one line at once, never a traceback,
and never a silently replaced variant key. Through the real installed command."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import pytest

ASSIGNMENT = "assignment: hw1\n{key}exercises:\n  - {{id: layer, kind: linear_layer, points: 2}}\n"


def nngrade(*args, env=None):
    command = shutil.which("nngrade")
    argv = [command, *args] if command else [sys.executable, "-m", "nngrade", *args]
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)


def one_line_error(run, *words):
    assert run.returncode != 0, run.stdout
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr, run.stderr
    for word in words:
        assert word in run.stderr, run.stderr


def assignment_file(folder, name="hw1.yaml", key=None):
    path = folder / name
    path.write_text(ASSIGNMENT.format(key="" if key is None else f"key: {key}\n"))
    return path


def stored_key(course):
    return json.loads((course / "nngrade-specs" / "hw1.json").read_text())["key"]


@pytest.fixture
def course(tmp_path):
    run = nngrade("course", "build", str(assignment_file(tmp_path)), "--course", str(tmp_path / "course"))
    assert run.returncode == 0, run.stderr
    return tmp_path / "course"


def test_autograde_of_a_missing_course_is_one_line_at_once(tmp_path):
    start = time.perf_counter()
    one_line_error(nngrade("course", "autograde", "hw1", "--course", str(tmp_path / "nowhere")), "no such course folder")
    assert time.perf_counter() - start < 20  # an interpreter's start, not an nbgrader run


def test_autograde_of_an_assignment_never_built_is_one_line(course):
    one_line_error(nngrade("course", "autograde", "hw9", "--course", str(course)), "'hw9' was never built")


def test_autograde_of_an_assignment_never_generated_is_one_line(course):
    pytest.importorskip("nbgrader")
    one_line_error(nngrade("course", "autograde", "hw1", "--course", str(course)),
                   "not in the gradebook", "nbgrader generate_assignment hw1")


def test_autograde_with_no_submissions_is_one_line(course):
    pytest.importorskip("nbgrader")
    from nbgrader.api import Gradebook

    from nngrade.core.own_tools import put_own_tools_first

    put_own_tools_first()  # nbgrader's Gradebook runs alembic by name
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        gradebook.update_or_create_assignment("hw1")
    one_line_error(nngrade("course", "autograde", "hw1", "--course", str(course)),
                   "nobody has submitted 'hw1'", "nbgrader collect hw1")


def test_without_nbgrader_build_works_with_a_note_and_autograde_is_one_line(tmp_path, without_nbgrader):
    built = nngrade("course", "build", str(assignment_file(tmp_path)), "--course", str(tmp_path / "c"),
                    env=without_nbgrader)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "c" / "source" / "hw1" / "hw1.ipynb").exists()
    assert built.stderr.strip() == ("note: nbgrader is not installed here; generate_assignment and autograde "
                                    "need it: pip install 'nngrade[nbgrader]'")
    one_line_error(nngrade("course", "autograde", "hw1", "--course", str(tmp_path / "c"), env=without_nbgrader),
                   "autograding needs nbgrader", "pip install 'nngrade[nbgrader]'")


@pytest.mark.parametrize("key", ["", "null", "0", "''"])
def test_a_blank_null_or_zero_key_is_an_error_and_the_stored_key_stays(tmp_path, course, key):
    before = stored_key(course)
    run = nngrade("course", "build", str(assignment_file(tmp_path, "blank.yaml", key or " ")), "--course", str(course))
    one_line_error(run, "blank.yaml: key: expected the variant key as text")
    assert stored_key(course) == before


def test_a_rebuild_keeps_the_key_and_refuses_another_unless_new_key(tmp_path, course):
    before = stored_key(course)
    assert nngrade("course", "build", str(assignment_file(tmp_path)), "--course", str(course)).returncode == 0
    assert stored_key(course) == before
    other = assignment_file(tmp_path, "other.yaml", "another-key")
    one_line_error(nngrade("course", "build", str(other), "--course", str(course)),
                   "its key differs from the one stored", "--new-key")
    assert stored_key(course) == before
    assert nngrade("course", "build", str(other), "--course", str(course), "--new-key").returncode == 0
    assert stored_key(course) == "another-key"
    assert nngrade("course", "build", str(assignment_file(tmp_path)), "--course", str(course),
                   "--new-key").returncode == 0
    assert stored_key(course) not in (before, "another-key")


@pytest.mark.parametrize("damage", [
    lambda text: text[: len(text) // 2],
    lambda text: "garbage",
    lambda text: "",
    lambda text: json.dumps({**json.loads(text), "key": None}),
    lambda text: json.dumps({k: v for k, v in json.loads(text).items() if k != "key"}),
    lambda text: json.dumps({**json.loads(text), "exercises": [{"id": "layer", "kind": "linear_layer",
                                                                "parts": {"z": {"atol": "lots"}}}]}),
    lambda text: json.dumps({**json.loads(text), "name": "hw2"}),
], ids=["truncated", "garbage", "empty", "null-key", "no-key", "bad-setting", "other-name"])
def test_a_corrupt_stored_assignment_is_one_line_wherever_it_is_read(tmp_path, course, damage):
    stored = course / "nngrade-specs" / "hw1.json"
    stored.write_text(damage(stored.read_text()))
    for args in (("variant", "hw1", "layer", "ada"), ("autograde", "hw1"), ("build", str(assignment_file(tmp_path)))):
        one_line_error(nngrade("course", *args, "--course", str(course)), f"{stored}: the stored assignment is corrupt",
                       "--new-key")
    rebuilt = nngrade("course", "build", str(assignment_file(tmp_path)), "--course", str(course), "--new-key")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert nngrade("course", "variant", "hw1", "layer", "ada", "--course", str(course)).returncode == 0


def test_an_assignment_file_typo_names_the_key_and_the_near_miss(tmp_path, course):
    path = tmp_path / "typo.yaml"
    path.write_text("assignment: hw1\nexercises:\n  - {id: layer, kind: loss, point: 5, knob: {loss: sse}}\n")
    one_line_error(nngrade("course", "build", str(path), "--course", str(course)),
                   f"{path}: unknown key 'point' in exercises[0] (did you mean 'points'?)")


def test_an_old_course_keeps_its_key_and_its_specs_move_out_of_the_folder_named_nngrade(tmp_path, course):
    key, variant = stored_key(course), nngrade("course", "variant", "hw1", "layer", "ada", "--course", str(course)).stdout
    (course / "nngrade").mkdir()
    (course / "nngrade-specs" / "hw1.json").rename(course / "nngrade" / "hw1.json")  # as older versions left it
    (course / "nngrade-specs").rmdir()
    assert nngrade("course", "variant", "hw1", "layer", "ada", "--course", str(course)).stdout == variant
    rebuilt = nngrade("course", "build", str(assignment_file(tmp_path)), "--course", str(course))
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert stored_key(course) == key and not (course / "nngrade").exists()


def test_commands_run_in_the_course_folder_import_nngrade_itself(course):
    done = subprocess.run([sys.executable, "-c", "import nngrade.api, nngrade; print(nngrade.__file__)"], cwd=course,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip().endswith("__init__.py"), done.stderr
