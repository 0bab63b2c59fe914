"""MathML by skeleton (values or numbers taken out, the skeleton's MathML cached, their MathML
put back) is byte for byte the plain conversion: for every fragment every registered kind
renders, over its examples and many drawn variants (random knobs, every number style), for
hand-picked fragments where a value's place or form is special, and for random token soup."""
from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nngrade.core.number_style import NumberStyle, number_style
from nngrade.exercises import problems, registry
from nngrade.rendering import mathml, render

KINDS = registry.kinds()
#: Variants drawn per kind, each rendered in every style of :data:`STYLES`.
VARIANTS = 24
STYLES = [NumberStyle(style="fraction", sigfigs=4), NumberStyle(style="decimal", sigfigs=3),
          NumberStyle(style="both", sigfigs=4)]

#: Numbers and values where the tokenizer or the converter treats them specially, where the
#: MathML reorders them (a root's index, scripts given superscript first), or where a value
#: does not stand in a row (a script's base or argument, a font, a sized or fenced delimiter).
SPECIAL = [
    r"x_12 + y^23 - z_{10}^{2.5}", r"\frac12 + \frac1 23 + \tfrac{3}{4}", r"\sqrt[3]{8} + \sqrt{16}",
    r"x^2_1 + y^{10}_{20}", r"\mathbf{1}^\top \mathbf{w} + \mathbb{R}^{3}", r"\text{3 rows} = 3",
    r"3.5em + 2 in + 0.25", r"1. + .5 + 3.x", r"a \hspace{2em} b = 4", r"\skew{3}\hat{A} = 1",
    r"\newcommand{\f}[1]{#1 + 2}\f{3}", r"\begin{array}{c|r|r} i & 1 \\ \hline 2 & -3.25 \end{array}",
    r"\begin{aligned} a_{1} &= \max(0, 7) = 7 \\[1ex] a_{2} &= -4 \end{aligned}", r"\operatorname{ReLU}'(2) = 1",
    r"x = 7531000000000 + 1", r"\left( 1 \right) \cdot \begin{pmatrix} -1 & 2 \\ 30 & 0.4 \end{pmatrix}",
    r"x^-5 + -5^2 = \sqrt -5", r"(-\frac{1}{2})^2 + -\frac{1}{2}' = \frac{-1}{2}", r"\mathbf{-1} + \boldsymbol{-\frac{1}{2}}",
    r"\left(-5\right) + \big(-5\big) + \Big| -\frac{2}{3} \Big|", r"x_{-1} + \hat{-3} + \sqrt[-3]{8}",
    r"{\rm -3 + x} = \displaystyle -3", r"1-1 = 2 \approx -3 = -3 mm", r"-\frac{23}{30} \approx -0.7667 = (-4)",
    r"a - (-\frac{1}{3} \approx -0.3333) + 2(-8)^{2}", r"\begin{pmatrix} -\frac{1}{2} & - 3 \\ (-1) & 4 \approx 4 \end{pmatrix}",
    r"\sum_{i=-1}^{-\frac{1}{2}} i = \frac{\partial L}{\partial b} = -2", r"\operatorname{sign}(-1) = -1 \quad \to -1",
    r"\not -1 = \mathrel -1 + \mathop -\frac{1}{2} \limits -1", r"1 \over -2 + {-3 \over 4}", r"\color{red} -1 + \textbf{-1} -1",
]


def outcome(convert, tex: str, display: str):
    try:
        return convert(tex, display)
    except Exception as error:  # latex2mathml rejects some soup; both paths must reject it alike
        return type(error)


def fragments(kind: str) -> set[tuple[str, str]]:
    """Every (TeX, display) pair the kind's HTML statements and worked solutions convert, over its
    examples and :data:`VARIANTS` drawn variants (random knobs), in every style of :data:`STYLES`."""
    exercise = registry.get(kind)
    rng = random.Random(kind)
    drawn = [problems.draw(exercise, seed, **{name: rng.choice(values) for name, values in exercise.knobs.items() if values})
             for seed in range(VARIANTS)]
    found: set[tuple[str, str]] = set()
    converting = render._mathml
    render._mathml = lambda tex, display: found.add((tex, display)) or ""
    try:
        for problem in drawn + [problems.example(kind, name) for name in exercise.examples]:
            for style in STYLES:
                with number_style(style):
                    render.statements_and_solutions(problem, exercise.solve(problem.params))
    finally:
        render._mathml = converting
    return found


def values(tex: str) -> list[str]:
    """The values the value skeleton takes out of ``tex``."""
    from latex2mathml.tokenizer import PATTERN

    prepared = mathml._prepared(tex)
    return [prepared[start:end] for start, end in mathml._values(list(PATTERN.finditer(prepared)))]


@pytest.mark.parametrize("kind", KINDS)
def test_every_fragment_of_every_kind_converts_as_the_plain_path_does(kind):
    pairs = fragments(kind)
    assert pairs
    for tex, display in sorted(pairs):
        assert mathml.mathml(tex, display) == mathml.plain(tex, display), tex


def test_the_kinds_fragments_have_values_of_every_form():
    """The fragments above hold signed numbers, fractions, fractions with their decimals and
    binary signs, so the comparison covers the value skeleton, not only the numbers'."""
    found = {value for kind in ("linear_layer", "backprop", "linear_regression_gd") for tex, _ in fragments(kind)
             for value in values(tex)}
    for form in (r"-\d", r"^\\frac\{\d+\}\{\d+\}$", r"\\frac.*\\approx", r"^[+-] \d", r"^\(-"):
        assert any(re.search(form, value) for value in found), form


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


def test_fragments_that_differ_in_their_signs_and_fractions_share_one_skeleton(monkeypatch):
    texts = [r"z = \begin{pmatrix} 3 & -2 \end{pmatrix} + 1 = 7", r"z = \begin{pmatrix} -3 & \frac{1}{2} \end{pmatrix} - 1 = -7",
             r"z = \begin{pmatrix} -\frac{2}{3} \approx -0.6667 & (-2) \end{pmatrix} + 4 = 0.25"]
    plain = [mathml.plain(tex, "block") for tex in texts]
    converted, converting = [], mathml._converted
    monkeypatch.setattr(mathml, "_converted", lambda tex, display: converted.append(tex) or converting(tex, display))
    mathml._template.cache_clear()
    assert [mathml.mathml.__wrapped__(tex, "block") for tex in texts] == plain
    assert len([tex for tex in converted if "pmatrix" in tex]) == 1  # one skeleton for the three


TOKENS = ["1", "23", "4.5", ".5", "0", "x", "y", "^", "_", "{", "}", "-", "+", "=", " ", "&", r"\\", r"\frac",
          r"\sqrt", "[", "]", r"\mathbf", r"\text{2 a}", r"\cdot", r"\hat", "(", ")", "'", r"\begin{pmatrix}",
          r"\end{pmatrix}", r"\quad", "em", "pt", r"\left(", r"\right)", r"\frac{1}{2}", r"-\frac{3}{4}", r"\approx",
          "-0.25", "- 7", "(-2)", r"\big(", r"\displaystyle", r"{\rm ", r"\mathbf{", r"\sqrt[", r"\operatorname{sign}",
          r"\sum_", r"\limits", r"\over", r"\begin{aligned}", r"\end{aligned}", r"\leftarrow", r"\,", r"\hline"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=24), st.sampled_from(["inline", "block"]))
def test_random_token_soup_converts_as_the_plain_path_does(tokens, display):
    tex = "".join(tokens)
    assert outcome(mathml.mathml.__wrapped__, tex, display) == outcome(mathml.plain, tex, display)
