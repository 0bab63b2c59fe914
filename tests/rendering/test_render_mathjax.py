"""The mathjax format (for an LMS's MathJax): HTML whose maths is the same TeX as the LaTeX handout
(whose long displays are broken over aligned lines)."""
from __future__ import annotations

import html
import re

import pytest

from nngrade.exercises import problems, registry
from nngrade.rendering import render
from nngrade.rendering.display_layout import aligned_rows, fit

#: Inline maths, a display, and the LaTeX's ``align*`` (an ``aligned`` display that may break
#: across pages).
MATH = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]|\\begin\{align\*\}(.*?)\\end\{align\*\}", re.S)


def _maths(text: str, unescape: bool, fitted: bool = False) -> list[str]:
    """The formulas of ``text`` in order (``fitted``: each display broken as the LaTeX breaks it);
    of aligned lines, the lines."""
    spans = []
    for inline, display, lines in MATH.findall(text):
        span = (html.unescape if unescape else str)(inline or display or rf"\begin{{aligned}}{lines}\end{{aligned}}")
        span = fit(span.strip()) if fitted and not inline else span.strip()
        spans.append(aligned_rows(span) or span)
    return spans


@pytest.mark.parametrize("kind", registry.kinds())
def test_maths_is_the_latex_handout_s_tex(kind):
    exercise = registry.get(kind)
    for seed in (1, 2, 3):
        problem = problems.draw(exercise, seed)
        solution = exercise.solve(problem.params)
        for which, args in (("statement", ()), ("worked_solution", (solution,))):
            page = getattr(render, which)(problem, *args, "mathjax")
            tex = getattr(render, which)(problem, *args, "latex")
            assert _maths(page, unescape=True, fitted=True) == _maths(tex, unescape=False) != []
            assert "<math" not in page and "$$" not in page
            outside = MATH.sub("", page)
            assert "<" not in re.sub(r"</?(h3|p|strong|code|ol|ul|li)>", "", outside)
