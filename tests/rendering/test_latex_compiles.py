"""LaTeX output of every kind compiles with a real pdflatex, and fits the page: over many seeds,
pdflatex reports no box more than 1 pt wider than the text (no formula runs into the margin).

pdflatex comes from Debian's texlive-latex-base (``.ci/run`` installs it). Without it the test is
skipped locally and fails under CI.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from nngrade.exercises import registry
from nngrade.handouts import problemset
from nngrade.rendering import render

PDFLATEX = shutil.which("pdflatex")


#: Overfull boxes up to this width are invisible in print (TeX reports those over 0.5 pt here).
OVERFULL_PT = 1.0


def overfull(log: str, source: list[str]) -> list[str]:
    """Each box wider than the text by over :data:`OVERFULL_PT`, with the LaTeX it came from."""
    out = []
    for found in re.finditer(r"Overfull \\hbox \(([\d.]+)pt too wide\) (?:detected at line (\d+)|in paragraph at lines "
                             r"(\d+)--(\d+))", log):
        if float(found.group(1)) > OVERFULL_PT:
            first, last = int(found.group(2) or found.group(3)), int(found.group(2) or found.group(4))
            out.append(f"{found.group(1)} pt: " + " ".join(source[first - 2:last])[:600])
    return out


@pytest.mark.skipif(PDFLATEX is None and not os.environ.get("CI"), reason="no pdflatex on this machine")
@pytest.mark.parametrize("kind", registry.kinds())
def test_latex_compiles_and_fits_the_page(kind, layout_problems, tmp_path):
    assert PDFLATEX, "CI must install texlive-latex-base (see .ci/run)"
    exercise = registry.get(kind)
    sections = [render.statement(problem, "latex") + render.worked_solution(problem, exercise.solve(problem.params), "latex")
                for problem in layout_problems(kind)]
    source = tmp_path / f"{kind}.tex"
    source.write_text(problemset.latex_document(f"All {kind} exercises", "", sections), encoding="utf-8")
    result = subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", source.name],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    errors = [line for line in result.stdout.splitlines() if line.startswith("!")]
    assert result.returncode == 0, "\n".join(errors) or result.stdout[-2000:]
    assert (tmp_path / f"{kind}.pdf").stat().st_size > 1000
    log = (tmp_path / f"{kind}.log").read_text(encoding="latin-1")
    assert overfull(log, source.read_text(encoding="utf-8").splitlines()) == []
