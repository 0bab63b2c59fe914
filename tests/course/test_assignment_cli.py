"""``nngrade course build`` and ``nngrade course variant`` through the real installed command."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from nngrade.course.assignment import stored_spec


def nngrade(*args, cwd=None):
    command = shutil.which("nngrade")
    argv = [command, *args] if command else [sys.executable, "-m", "nngrade", *args]
    return subprocess.run(argv, capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.fixture
def course(tmp_path):
    (tmp_path / "hw2.yaml").write_text(
        "assignment: hw2\ntitle: Layers\ncheck: format\n"
        "exercises:\n  - {id: first, kind: linear_layer, points: 2, knobs: {difficulty: easy}}\n"
    )
    run = nngrade("course", "build", str(tmp_path / "hw2.yaml"), "--course", str(tmp_path / "course"),
                  "--course-id", "nn101")
    assert run.returncode == 0, run.stderr
    return tmp_path / "course", run.stdout


def test_build_reports_what_it_wrote(course):
    folder, output = course
    assert "notebook" in output and "hw2.ipynb" in output and "nbgrader_config.py" in output
    assert (folder / "source" / "hw2" / "hw2.ipynb").exists()
    assert "course_id = 'nn101'" in (folder / "nbgrader_config.py").read_text()


def test_variant_prints_the_students_problem(course):
    folder, _ = course
    run = nngrade("course", "variant", "hw2", "first", "alice", "--course", str(folder))
    assert run.returncode == 0, run.stderr
    problem = json.loads(run.stdout)
    spec = stored_spec(folder, "hw2")
    assert problem["kind"] == "linear_layer"
    assert problem["seed"] == spec.variant("first", "alice").seed


def test_unknown_names_are_one_line_errors(course, tmp_path):
    folder, _ = course
    assert "no exercise" in nngrade("course", "variant", "hw2", "nope", "alice", "--course", str(folder)).stderr
    assert "no assignment" in nngrade("course", "variant", "hw9", "first", "alice", "--course", str(folder)).stderr
    (tmp_path / "bad.yaml").write_text("assignment: hw3\nexercises: [{kind: unknown_kind}]\n")
    run = nngrade("course", "build", str(tmp_path / "bad.yaml"), "--course", str(folder))
    assert run.returncode != 0 and "unknown_kind" in run.stderr and "Traceback" not in run.stderr
