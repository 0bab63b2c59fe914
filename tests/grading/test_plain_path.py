"""The course commands work from a plain shell: PATH reduced to the system's, no venv activated.

nbgrader starts ``alembic`` by name; before nngrade put its own tools first, every course
command failed unless the virtual environment was activated. Here the installed ``nngrade``
command and ``python -m nbgrader`` run with ``PATH=/usr/bin:/bin`` and must build, generate,
autograde and report a right answer's full marks.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("nbgrader")
nbformat = pytest.importorskip("nbformat")

from nbgrader.api import Gradebook  # noqa: E402

from nngrade.core.own_tools import own_bin_directory  # noqa: E402
from nngrade.course import notebook_cells  # noqa: E402
from nngrade.course.assignment import stored_spec  # noqa: E402

from ..nbgrader_course import answered, hand_in, right_answers  # noqa: E402

pytestmark = pytest.mark.nbgrader

ASSIGNMENT = """\
assignment: hw0
check: format
exercises:
  - {id: layer, kind: linear_layer, points: 2}
"""
PLAIN = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8"}


def run(course: Path, *argv: str) -> subprocess.CompletedProcess:
    done = subprocess.run(list(argv), cwd=course, env=PLAIN, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{argv[1:3]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


def test_course_commands_with_the_system_path_only(tmp_path):
    nngrade = str(Path(own_bin_directory()) / "nngrade")
    assert Path(nngrade).exists(), "the nngrade command is installed beside this interpreter"
    (tmp_path / "hw0.yaml").write_text(ASSIGNMENT)
    course = tmp_path / "course"
    course.mkdir()
    run(course, nngrade, "course", "build", str(tmp_path / "hw0.yaml"), "--course", ".")
    run(course, sys.executable, "-m", "nbgrader", "generate_assignment", "hw0")
    spec = stored_spec(course, "hw0")
    release = nbformat.read(str(course / "release" / "hw0" / "hw0.ipynb"), as_version=4)
    answer = right_answers(spec, "layer", "ada")
    hand_in(course, "hw0", "ada", answered(release, lambda exercise: f"answer_{exercise} = {json.dumps(answer)}"))
    run(course, nngrade, "course", "autograde", "hw0", "--course", ".", "--processes", "1")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        entry = spec.exercises[0]
        assert gradebook.find_grade(notebook_cells.test_id(entry), spec.notebook_name, "hw0", "ada").score == 2.0
