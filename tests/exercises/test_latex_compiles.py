"""LaTeX output of every kind compiles with a real pdflatex.

pdflatex comes from Debian's texlive-latex-base (``.ci/run`` installs it). Without it the test is
skipped locally and fails under CI.
"""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from nngrade.exercises import problems, problemset, registry, render

PDFLATEX = shutil.which("pdflatex")


def sections_for(kind: str) -> list[str]:
    exercise = registry.get(kind)
    drawn = [problems.draw(exercise, seed, difficulty=level)
             for seed, level in enumerate(exercise.knobs.get("difficulty", ("easy",)))]
    fixed = [problems.example(kind, name) for name in exercise.examples]
    out = []
    for problem in drawn + fixed:
        solution = exercise.solve(problem.params)
        out.append(render.statement(problem, "latex") + render.worked_solution(problem, solution, "latex"))
    return out


@pytest.mark.skipif(PDFLATEX is None and not os.environ.get("CI"), reason="no pdflatex on this machine")
@pytest.mark.parametrize("kind", registry.kinds())
def test_latex_compiles(kind, tmp_path):
    assert PDFLATEX, "CI must install texlive-latex-base (see .ci/run)"
    source = tmp_path / f"{kind}.tex"
    source.write_text(problemset.latex_document(f"All {kind} exercises", "", sections_for(kind)), encoding="utf-8")
    result = subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", source.name],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    errors = [line for line in result.stdout.splitlines() if line.startswith("!")]
    assert result.returncode == 0, "\n".join(errors) or result.stdout[-2000:]
    assert (tmp_path / f"{kind}.pdf").stat().st_size > 1000
