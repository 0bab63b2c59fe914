"""What a student's notebook runs in its kernel never imports sympy: the setup cell's import and
Assignment, and show() of the statement, in a fresh interpreter, for every kind."""
from __future__ import annotations

import subprocess
import sys

import pytest

from nngrade.course.assignment_spec import from_data
from nngrade.course.notebook_cells import setup
from nngrade.exercises import registry

pytest.importorskip("IPython", reason="a notebook kernel's IPython comes with the nbgrader extra")

KERNEL = """
import sys
import IPython.display
IPython.display.display = lambda shown, **options: print(shown.data)  # the statement as text
{setup}
nngrade_assignment.show({exercise!r})
nngrade_assignment.format_problems({exercise!r}, {{}})
print("SYMPY", "sympy" in sys.modules)
"""


@pytest.mark.parametrize("kind", registry.kinds())
@pytest.mark.parametrize("check", ["full", "format"])
def test_the_kernel_never_imports_sympy(check, kind):
    spec = from_data({"assignment": "hw1", "key": "course-key", "check": check,
                      "exercises": [{"id": "task", "kind": kind, "points": 1}]})
    source = KERNEL.format(setup=setup(spec).source, exercise="task")
    done = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, timeout=120,
                          env={"NNGRADE_STUDENT": "ada", "PATH": ""})
    assert done.returncode == 0, done.stderr
    assert "Problems drawn for student: ada" in done.stdout
    assert "Your numbers (student `ada`)" in done.stdout  # the statement was rendered
    assert done.stdout.rstrip().endswith("SYMPY False")
