"""Every module imports where the nbgrader extra is missing, except the nbgrader preprocessors.

nbgrader is optional: a student's kernel, the command line and the test suite's quick run
(``pytest -m "not nbgrader"``) must work without it. Each module is imported in a fresh
interpreter in which nbgrader cannot be imported.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("core", "generators", "solvers", "sandbox", "grading", "exercises", "rendering", "handouts", "classwork",
           "course", "practice", "report", "lms", "nngrade")
#: Modules whose one job is to be loaded by nbgrader: they subclass its preprocessors or plugins.
NBGRADER_ONLY = {"nngrade.course.autograde", "nngrade.course.confined_execute",
                 "nngrade.course.sanitize_cells", "nngrade.course.feedback", "nngrade.course.export"}
#: What those modules may find missing: nbgrader, or (where the extra was never installed, as in
#: CI's test-only venv) one of the packages it brings.
NBGRADER_EXTRA = {"nbgrader", "zmq", "jupyter_client", "jupyter_core", "nbclient", "traitlets", "IPython",
                  "ipykernel"}
#: ``python -m nngrade``: importing it runs the command line.
NOT_IMPORTABLE = {"nngrade.__main__"}


def module_names() -> list[str]:
    names = []
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = list(path.relative_to(ROOT / folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            prefix = ["nngrade"] if folder == "nngrade" else ["nngrade", folder]
            names.append(".".join(prefix + parts))
    return [name for name in names if name not in NOT_IMPORTABLE]


CHECK = """
import importlib, sys
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as error:
        print(name, error.name)
"""


def test_the_blocker_blocks(without_nbgrader):
    run = subprocess.run([sys.executable, "-c", "import nbgrader"], env=without_nbgrader, capture_output=True,
                         text=True)
    assert run.returncode != 0 and "No module named 'nbgrader'" in run.stderr


def test_every_module_but_the_preprocessors_imports_without_nbgrader(without_nbgrader):
    names = module_names()
    assert "nngrade.course.assignment" in names and "nngrade.cli_course" in names
    run = subprocess.run([sys.executable, "-c", CHECK, *names], env=without_nbgrader, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    failed = dict(line.split() for line in run.stdout.splitlines())
    assert set(failed) == NBGRADER_ONLY
    assert set(failed.values()) <= NBGRADER_EXTRA, failed
