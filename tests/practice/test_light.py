"""What a kernel imports for practice stays light: no sympy until a worked step is asked for."""
from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
from nngrade import practice
assert 'sympy' not in sys.modules, 'importing practice loaded sympy'
from nngrade.exercises import registry
for kind, exercise in registry.exercises().items():
    if any(spec.kind == 'expression' or spec.mode == 'exact' for spec in exercise.answers):
        continue
    session = practice.Practice(kind, show=False)
    session.attempt(dict(session.key.expected))
    session.another()
assert 'sympy' not in sys.modules, 'drawing or grading a practice try loaded sympy'
session.next_step()
assert 'sympy' in sys.modules
"""


def test_practice_imports_draws_and_grades_numeric_kinds_without_sympy():
    run = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
