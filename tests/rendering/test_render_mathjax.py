"""The mathjax format (for an LMS's MathJax): HTML whose maths is the same TeX as the LaTeX handout."""
from __future__ import annotations

import html
import re

import pytest

from nngrade.exercises import problems, registry
from nngrade.rendering import render

MATH = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", re.S)


def _maths(text: str, unescape: bool) -> list[str]:
    spans = [(inline if inline is not None else display).strip() for inline, display in MATH.findall(text)]
    return [html.unescape(span) for span in spans] if unescape else spans


@pytest.mark.parametrize("kind", registry.kinds())
def test_maths_is_the_latex_handout_s_tex(kind):
    exercise = registry.get(kind)
    for seed in (1, 2, 3):
        problem = problems.draw(exercise, seed)
        solution = exercise.solve(problem.params)
        for which, args in (("statement", ()), ("worked_solution", (solution,))):
            page = getattr(render, which)(problem, *args, "mathjax")
            tex = getattr(render, which)(problem, *args, "latex")
            assert _maths(page, unescape=True) == _maths(tex, unescape=False) != []
            assert "<math" not in page and "$$" not in page
            outside = MATH.sub("", page)
            assert "<" not in re.sub(r"</?(h3|p|strong|code|ol|ul|li)>", "", outside)
