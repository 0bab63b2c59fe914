"""Breaking wide displays: what fits stays, what does not is cut into lines that fit, nothing is lost.

The real widths are checked in pdflatex and Chromium (``test_latex_compiles.py``,
``test_html_browser.py``); here the breaking itself, on made-up displays of every shape the
solvers print: chains of equalities, equations side by side, matrices of long sums.
"""
from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from nngrade.rendering.display_layout import WIDTH_EM, estimate, fit

entries = st.integers(-99, 99).map(str)


@st.composite
def matrices(draw, max_size=3):
    rows, columns = draw(st.integers(1, max_size)), draw(st.integers(1, max_size))
    body = r" \\ ".join(" & ".join(draw(entries) for _ in range(columns)) for _ in range(rows))
    return r"\begin{pmatrix} " + body + r" \end{pmatrix}"


@st.composite
def equations(draw):
    name = draw(st.sampled_from(["z", "X^T X", r"\hat\beta", "w", r"\frac{\partial L}{\partial W}"]))
    sides = draw(st.lists(st.lists(matrices(), min_size=1, max_size=2).map(" ".join), min_size=1, max_size=4))
    return f"{name} = " + " = ".join(sides)


displays = st.lists(equations(), min_size=1, max_size=4).map(r",\qquad ".join)


def content(tex: str) -> str:
    """The maths without the layout: no aligned wrapper, alignment marks, line breaks or spacing."""
    tex = re.sub(r"\\(begin|end)\{(aligned|gathered)\}|\\\\(\[[^\]]*\])?|&|\\q?quad|\s", "", tex)
    return tex


def lines(tex: str) -> list[str]:
    inner = re.fullmatch(r"\\begin\{aligned\} (.*) \\end\{aligned\}", tex, re.S).group(1)
    depth, out, current = 0, [], ""
    for token in re.findall(r"\\begin|\\end|\\\\|.", inner, re.S):
        depth += {r"\begin": 1, r"\end": -1}.get(token, 0)
        if token == r"\\" and depth == 0:
            out.append(current)
            current = ""
        else:
            current += token
    return out + [current]


@given(displays)
def test_a_display_that_fits_stays_as_written_and_one_that_does_not_is_cut_into_lines_that_fit(tex):
    broken = fit(tex)
    if estimate(tex) <= WIDTH_EM:
        assert broken == tex
        return
    assert broken.startswith(r"\begin{aligned}")
    assert content(broken) == content(tex)  # every symbol kept, in order
    for line in lines(broken):
        assert estimate(line.replace("&", "")) <= WIDTH_EM + 2.0, line  # + the indent of a continued line


def test_the_normal_equations_break_at_their_equations_and_align_on_the_relations():
    tex = (r"X^T X \hat\beta = X^T y \;\Rightarrow\; \hat\beta = (X^T X)^{-1} X^T y,\qquad (X^T X)^{-1} = "
           r"\frac{1}{3 \cdot 27 - (-3) \cdot (-3)} \begin{pmatrix} 27 & 3 \\ 3 & 3 \end{pmatrix} = \frac{1}{72} "
           r"\begin{pmatrix} 27 & 3 \\ 3 & 3 \end{pmatrix},\qquad \hat\beta = \begin{pmatrix} 0.375 & \frac{1}{24} \\ "
           r"\frac{1}{24} & \frac{1}{24} \end{pmatrix} \begin{pmatrix} 3 \\ 21 \end{pmatrix} = \begin{pmatrix} 2 \\ 1 "
           r"\end{pmatrix}")
    rows = lines(fit(tex))
    assert [row.split("&")[0].strip() for row in rows] == [r"X^T X \hat\beta", r"(X^T X)^{-1}", r"\hat\beta"]
    assert all(row.split("&")[1].strip().startswith("=") for row in rows)


def test_a_matrix_of_long_sums_stacks_its_entries():
    sums = [[" + ".join(f"{a} \\cdot ({b})" for a, b in zip(range(1, 5), range(-4, 0))) for _ in range(3)] for _ in range(2)]
    matrix = r"\begin{pmatrix} " + r" \\ ".join(" & ".join(row) for row in sums) + r" \end{pmatrix}"
    broken = fit(f"X W = {matrix} = " + r"\begin{pmatrix} 1 & 2 & 3 \\ 4 & 5 & 6 \end{pmatrix}")
    assert broken.count(r"\begin{gathered}") == 6
    assert content(broken) == content(f"X W = {matrix} = " + r"\begin{pmatrix} 1 & 2 & 3 \\ 4 & 5 & 6 \end{pmatrix}")
    for line in lines(broken):
        assert estimate(line.replace("&", "")) <= WIDTH_EM + 2.0


@given(st.lists(st.sampled_from(["x", "+", "=", r"\frac{1}{2}", r"\quad", r"\cdot", "y_{i}", "(", ")"]),
                min_size=1, max_size=30), st.lists(st.sampled_from(["z", "-", "2", r"\hat y"]), min_size=1))
def test_widths_add_up(left, right):
    first, second = " ".join(left), " ".join(right)
    assert abs(estimate(f"{first} {second}") - estimate(first) - estimate(second)) <= 0.5
