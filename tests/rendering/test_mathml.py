"""MathML by skeleton (numbers taken out, the skeleton's MathML cached, numbers put back) is
byte for byte the plain conversion: for every fragment every registered kind renders, over its
examples and drawn variants, for hand-picked fragments where a number's place or value is
special, and for random token soup."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nngrade.exercises import problems, registry
from nngrade.rendering import mathml, render

KINDS = registry.kinds()

#: Numbers where the tokenizer or the converter treats them specially, or where the MathML
#: reorders them (a root's index, scripts given superscript first).
SPECIAL = [
    r"x_12 + y^23 - z_{10}^{2.5}", r"\frac12 + \frac1 23 + \tfrac{3}{4}", r"\sqrt[3]{8} + \sqrt{16}",
    r"x^2_1 + y^{10}_{20}", r"\mathbf{1}^\top \mathbf{w} + \mathbb{R}^{3}", r"\text{3 rows} = 3",
    r"3.5em + 2 in + 0.25", r"1. + .5 + 3.x", r"a \hspace{2em} b = 4", r"\skew{3}\hat{A} = 1",
    r"\newcommand{\f}[1]{#1 + 2}\f{3}", r"\begin{array}{c|r|r} i & 1 \\ \hline 2 & -3.25 \end{array}",
    r"\begin{aligned} a_{1} &= \max(0, 7) = 7 \\[1ex] a_{2} &= -4 \end{aligned}", r"\operatorname{ReLU}'(2) = 1",
    r"x = 7531000000000 + 1", r"\left( 1 \right) \cdot \begin{pmatrix} -1 & 2 \\ 30 & 0.4 \end{pmatrix}",
]


def outcome(convert, tex: str, display: str):
    try:
        return convert(tex, display)
    except Exception as error:  # latex2mathml rejects some soup; both paths must reject it alike
        return type(error)


def fragments(kind: str) -> set[tuple[str, str]]:
    """Every (TeX, display) pair the kind's HTML statements and worked solutions convert."""
    exercise = registry.get(kind)
    drawn = [problems.draw(exercise, seed, difficulty=level)
             for seed in range(3) for level in ("easy", "medium", "hard")]
    found: set[tuple[str, str]] = set()
    converting = render._mathml
    render._mathml = lambda tex, display: found.add((tex, display)) or mathml.plain(tex, display)
    try:
        for problem in drawn + [problems.example(kind, name) for name in exercise.examples]:
            solution = exercise.solve(problem.params)
            render.statement(problem, "html")
            render.worked_solution(problem, solution, "html")
    finally:
        render._mathml = converting
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_every_fragment_of_every_kind_converts_as_the_plain_path_does(kind):
    pairs = fragments(kind)
    assert pairs
    for tex, display in sorted(pairs):
        assert mathml.mathml(tex, display) == mathml.plain(tex, display), tex


@pytest.mark.parametrize("tex", SPECIAL)
@pytest.mark.parametrize("display", ["inline", "block"])
def test_special_numbers_convert_as_the_plain_path_does(tex, display):
    assert outcome(mathml.mathml.__wrapped__, tex, display) == outcome(mathml.plain, tex, display)


def test_fragments_that_differ_in_their_numbers_share_one_skeleton():
    mathml._template.cache_clear()
    first = mathml.mathml.__wrapped__(r"z = \begin{pmatrix} 3 & -2 \\ 4 & 0.5 \end{pmatrix}", "block")
    second = mathml.mathml.__wrapped__(r"z = \begin{pmatrix} 71 & -9 \\ 1 & 12.25 \end{pmatrix}", "block")
    assert mathml._template.cache_info().hits == 1
    assert "<mn>0.5</mn>" in first and "<mn>12.25</mn>" in second and "7531" not in first + second


TOKENS = ["1", "23", "4.5", ".5", "0", "x", "y", "^", "_", "{", "}", "-", "+", "=", " ", "&", r"\\", r"\frac",
          r"\sqrt", "[", "]", r"\mathbf", r"\text{2 a}", r"\cdot", r"\hat", "(", ")", "'", r"\begin{pmatrix}",
          r"\end{pmatrix}", r"\quad", "em", "pt", r"\left(", r"\right)"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=24), st.sampled_from(["inline", "block"]))
def test_random_token_soup_converts_as_the_plain_path_does(tokens, display):
    tex = "".join(tokens)
    assert outcome(mathml.mathml.__wrapped__, tex, display) == outcome(mathml.plain, tex, display)
