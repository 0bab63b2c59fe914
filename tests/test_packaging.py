"""The wheel: built from the repository, installed into a clean virtual environment, used from outside it."""
from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import sysconfig
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
    assert "nngrade/rendering/templates/linear_layer.statement.j2" in names
    assert "nngrade/handouts/problemsets/seed-lab.yaml" in names
    assert "nngrade/course/assignments/seed-lab.yaml" in names
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
             "sys.exit(any(u.find_spec(n) for n in ('exercises', 'solvers', 'generators', 'grading', 'core', 'sandbox', 'report')))")
    assert subprocess.run([str(python), "-c", probe], cwd=tmp_path, timeout=60).returncode == 0


STOLEN_REFERENCE = '''
import numpy as np

def sigmoid(z):
    return 1 / (1 + np.exp(-np.asarray(z, float)))

def _stolen():
    try:
        from nngrade.grading.code_checks import mse
        return mse
    except ImportError:
        pass
    import importlib.util
    try:
        spec = importlib.util.spec_from_file_location("stolen", CODE_CHECKS)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.mse
    except OSError:
        return lambda y_true, y_pred: -1.0

mse = _stolen()
'''


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")
def test_an_installed_wheel_is_invisible_to_the_students_code(wheel, tmp_path):
    """Installed inside the interpreter's prefix, nngrade's files would be bound into the sandbox
    with the interpreter; the plugin hides them, so the reference can be neither imported nor read."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True).create(env_dir)
    (site,) = env_dir.glob("lib/python*/site-packages")
    zipfile.ZipFile(wheel).extractall(site)
    # the grader's other dependencies from this environment; the student's process sees only the
    # new venv and the base interpreter, so numpy is copied into the venv, where a pip install there
    # would put it (the base interpreter may have none: Debian's python3 has not)
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    numpy_home = Path(importlib.util.find_spec("numpy").origin).parent.parent
    for name in ("numpy", "numpy.libs"):
        if (numpy_home / name).is_dir():
            shutil.copytree(numpy_home / name, site / name, symlinks=True)
    folder = tmp_path / "submission"
    folder.mkdir()
    code_checks = site / "nngrade" / "grading" / "code_checks.py"
    (folder / "solution.py").write_text(f"CODE_CHECKS = {str(code_checks)!r}\n" + STOLEN_REFERENCE)
    grader = tmp_path / "tests"
    grader.mkdir()
    (grader / "test_hw.py").write_text("def test_sigmoid(nngrade_check):\n    nngrade_check('sigmoid')\n\n"
                                       "def test_mse(nngrade_check):\n    nngrade_check('mse')\n")
    run = subprocess.run([str(env_dir / "bin" / "python"), "-m", "pytest", "-p", "no:cacheprovider",
                          "-p", "no:hypothesispytest", "-q", "test_hw.py", "--nngrade-gradescope", "results.json",
                          "--nngrade-student", str(folder / "solution.py")],
                         cwd=grader, capture_output=True, text=True, timeout=300)
    results = json.loads((grader / "results.json").read_text())
    tests = {test["name"].split("::")[-1]: test for test in results["tests"]}
    assert str(site) in subprocess.run([str(env_dir / "bin" / "python"), "-c", "import nngrade; print(nngrade.__file__)"],
                                       capture_output=True, text=True, cwd=folder, timeout=60).stdout
    assert tests["test_sigmoid"]["score"] == 1, run.stdout + run.stderr
    assert tests["test_mse"]["score"] == 0 and "returned -1," in tests["test_mse"]["output"], run.stdout
