"""Rendering a problem in every format at once (the LaTeX of params and answers written once)
gives what rendering each format alone gives, for every registered kind and number style."""
from __future__ import annotations

import pytest

from nngrade.core.number_style import NumberStyle, number_style
from nngrade.exercises import problems, registry
from nngrade.rendering import render


@pytest.mark.parametrize("style", ["fraction", "both"])
@pytest.mark.parametrize("kind", registry.kinds())
def test_all_formats_at_once_are_each_format_alone(kind, style):
    exercise = registry.get(kind)
    drawn = [problems.draw(exercise, seed, difficulty=level) for seed in range(2) for level in ("easy", "hard")]
    with number_style(NumberStyle(style=style, sigfigs=4)):
        for problem in drawn + [problems.example(kind, name) for name in exercise.examples]:
            solution = exercise.solve(problem.params)
            alone = {fmt: (render.statement(problem, fmt), render.worked_solution(problem, solution, fmt))
                     for fmt in render.MARKUPS}
            assert render.statements_and_solutions(problem, solution) == alone
