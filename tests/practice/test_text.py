"""Every kind's statement and worked steps read as plain text in a terminal."""
from __future__ import annotations

import re

import pytest

from nngrade.exercises import problems, registry
from nngrade.practice.session import step_markdown
from nngrade.practice.text import UnknownCommandError, latex_text, markdown_text
from nngrade.rendering import render

#: What a terminal must never show: LaTeX commands, scripts in braces, math delimiters.
LEFTOVER = re.compile(r"\\[A-Za-z]|\^\{|_\{|\$\$|(?<![\\\d])\$(?!\d)")


@pytest.mark.parametrize("kind", registry.kinds())
@pytest.mark.parametrize("difficulty", ["easy", "hard"])
def test_statements_and_steps_of_every_kind_have_no_latex_left(kind, difficulty):
    exercise = registry.get(kind)
    for seed in range(3):
        problem = problems.draw(exercise, seed, difficulty=difficulty)
        solution = exercise.solve(problem.params)
        texts = [render.statement(problem, "markdown"), render.worked_solution(problem, solution, "markdown")]
        texts += [step_markdown(step, number, len(solution.steps)) for number, step in enumerate(solution.steps, 1)]
        for markdown in texts:
            text = markdown_text(markdown, strict=True)
            assert not LEFTOVER.search(text), f"{kind} seed {seed}: {LEFTOVER.search(text).group(0)!r} in\n{text}"


@pytest.mark.parametrize("tex, text", [
    (r"\begin{pmatrix} 1 & -2 \\ 3 & 4 \end{pmatrix}", "[[1, -2], [3, 4]]"),
    (r"\begin{pmatrix} 1 \\ 8 \end{pmatrix}", "[1, 8]ᵀ"),
    (r"\begin{pmatrix} 3 \end{pmatrix}", "[3]"),
    (r"\frac{\partial L}{\partial W^{(1)}}", "∂L/∂W⁽¹⁾"),
    (r"\frac{-64}{15}", "-64/15"),
    (r"\frac{1}{1 + e^{-1}}", "1/(1 + e⁻¹)"),
    (r"x_{k+1} = x_k - \eta f'(x_k)", "xₖ₊₁ = xₖ - η f'(xₖ)"),
    (r"\hat y = \sigma(z)", "ŷ = σ(z)"),
    (r"\text{mistake if } y \le 0", "mistake if y ≤ 0"),
    (r"\begin{aligned} a &= 1 \\ b &= 2 \end{aligned}", "a = 1\nb = 2"),
    (r"x^{abc}", "x^(abc)"),
    (r"\mathcal{L}", "L"),
])
def test_formulas_read_as_text(tex, text):
    assert latex_text(tex, strict=True) == text


def test_an_unknown_command_is_refused_when_strict_and_named_otherwise():
    with pytest.raises(UnknownCommandError, match="frobnicate"):
        latex_text(r"\frobnicate{L}", strict=True)
    assert "frobnicate" in latex_text(r"\frobnicate{L}")


def test_markdown_prose_keeps_code_spans_and_dollars_and_sets_display_math_apart():
    text = markdown_text("### Title\n\nIn units of \\$10,000, the part `a*x**n` is $x^{2}$.\n\n$$\n\\eta = 0.1\n$$\n")
    assert text == "Title\n-----\n\nIn units of $10,000, the part `a*x**n` is x².\n\n    η = 0.1\n"
