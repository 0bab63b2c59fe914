"""The distribution's layout: the internal folders install under nngrade, never at top level."""
from __future__ import annotations

import subprocess
import sys

import pytest

INTERNAL = ("exercises", "rendering", "handouts", "classwork", "course", "solvers", "generators", "grading", "core",
            "sandbox", "practice", "report", "lms")


@pytest.mark.parametrize("name", INTERNAL)
def test_generic_names_are_not_top_level(name):
    code = f"import importlib.util, sys; sys.exit(0 if importlib.util.find_spec({name!r}) is None else 1)"
    assert subprocess.run([sys.executable, "-c", code], cwd="/").returncode == 0


@pytest.mark.parametrize("name", INTERNAL)
def test_folders_install_under_nngrade(name):
    __import__(f"nngrade.{name}")


def test_numeric_path_never_imports_sympy():
    code = (
        "import sys, nngrade\n"
        "from nngrade.exercises import problems, registry\n"
        "from nngrade.exercises.keys import answer_key\n"
        "from nngrade.grading.grade import grade\n"
        "for kind, ex in registry.exercises().items():\n"
        "    if any(s.kind == 'expression' or s.mode == 'exact' for s in ex.answers):\n"
        "        continue\n"
        "    p = problems.draw(ex, 3)\n"
        "    grade(answer_key(ex, p), {})\n"
        "assert 'sympy' not in sys.modules, 'sympy was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
