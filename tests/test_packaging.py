"""The wheel: built from the repository, installed into a clean virtual environment, used from outside it."""
from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
                   check=True, timeout=600)
    (found,) = out.glob("nngrade-*.whl")
    return found


def test_wheel_holds_the_package_under_nngrade_only(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "nngrade/exercises/templates/linear_layer.statement.j2" in names
    assert "nngrade/exercises/problemsets/seed-lab.yaml" in names
    assert "nngrade/exercises/assignments/seed-lab.yaml" in names
    assert "nngrade/grading/grade.py" in names and "nngrade/core/numbers.py" in names
    top = {name.split("/")[0] for name in names}
    assert top <= {"nngrade"} | {n for n in top if n.endswith(".dist-info")}, top


def test_wheel_installs_and_runs_in_a_clean_venv(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, timeout=900)
    problem = tmp_path / "p.json"
    problem.write_text(json.dumps({"kind": "linear_layer", "params": {"X": [[1, 2], [3, -1]], "W": [2, -1], "b": [1]}}))
    solved = subprocess.run([str(env_dir / "bin" / "nngrade"), "solve", str(problem)], capture_output=True,
                            text=True, cwd=tmp_path, timeout=120)
    assert solved.returncode == 0, solved.stderr
    assert json.loads(solved.stdout)["answers"]["z"]["exact"] == [["1"], ["8"]]
    probe = ("import importlib.util as u, sys, nngrade; "
             "sys.exit(any(u.find_spec(n) for n in ('exercises', 'solvers', 'generators', 'grading', 'core', 'sandbox')))")
    assert subprocess.run([str(python), "-c", probe], cwd=tmp_path, timeout=60).returncode == 0
