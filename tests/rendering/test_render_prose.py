"""Every registered kind, over its examples and several drawn seeds, rendered in every format: the
prose has no maths left as ASCII, no stray or missing escape, no internal wording, and lists are
lists. Maths is removed first (it is LaTeX or MathML, where ``\\sigma(`` is right), and so are
code spans (a typed answer such as ``6*x - 4`` is code)."""
from __future__ import annotations

import re
from functools import lru_cache

import pytest

from nngrade.exercises import problems, registry
from nngrade.rendering import render

KINDS = registry.kinds()
SEEDS = range(5)
DIFFICULTIES = ("easy", "medium", "hard")

#: What is not prose in each format: display and inline math, and code.
NOT_PROSE = {
    "markdown": [r"\$\$.*?\$\$", r"(?<!\\)\$.*?(?<!\\)\$", r"`[^`]*`"],
    "latex": [r"\\begin\{align\*\}.*?\\end\{align\*\}", r"\\\[.*?\\\]", r"\\\(.*?\\\)", r"\\texttt\{[^}]*\}"],
    "html": [r"<math.*?</math>", r"<code>.*?</code>", r"<[^>]+>"],
    "mathjax": [r"\\\[.*?\\\]", r"\\\(.*?\\\)", r"<code>.*?</code>", r"<[^>]+>"],
}
#: A one-letter word other than the articles and "I" ("the bias b", "entry i", "weights w"): a
#: variable left as text. Not a letter of an abbreviation (e.g.) or of a word (x-axis, f's).
ONE_LETTER_VARIABLE = r"(?<![\w\\.'&#-])(?![aAI]\b)[A-Za-z](?![\w'-]|\.\w)"
#: A count of one with a plural noun ("1 columns", "1 neurons").
ONE_OF_MANY = (r"\b1 (rows|columns|neurons|units|entries|layers|steps|observations|inputs|outputs|visits|points"
               r"|classes|iterations|mistakes|parts)\b")
#: Maths written as ASCII in prose, and wording that is not for students.
FORBIDDEN = [r"sigma\(", r"\beta =", r"\*\*", r"phi'", r"\*x", r"\w\^\w", r"\bsqrt\(", r"\bexp\(", r"\balpha\b",
             r"\b[A-Za-z]\(\d\)", r"\bsign\(", r"\byhat\b", r"seed lab", r"[Aa]s in the (seed|lab|lecture|notes)", r"first formula",
             r"\w'+\(", ONE_LETTER_VARIABLE, ONE_OF_MANY, r"\b(bce|mse|sse|half_sse|cross_entropy)\b"]
#: Escapes that are wrong in each format's prose.
STRAY = {"markdown": [r"\\\\\$"], "latex": [r"(?<!\\)\$", r"^\s*(\d+\.|[-*])\s"], "html": [r"\\"], "mathjax": [r"\\"]}


def prose(text: str, fmt: str) -> str:
    if fmt == "markdown":
        text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)  # bold markers, not ASCII powers
    for pattern in NOT_PROSE[fmt]:
        text = re.sub(pattern, " ", text, flags=re.S)
    return text


@lru_cache(maxsize=None)
def rendered(kind: str) -> list[tuple]:
    """Every (problem, format, statement and worked solution) of ``kind``, rendered once for all tests."""
    exercise = registry.get(kind)
    out = []
    drawn = [problems.draw(exercise, seed, difficulty=level) for seed in SEEDS for level in DIFFICULTIES]
    for problem in [problems.example(kind, name) for name in exercise.examples] + drawn:
        solution = exercise.solve(problem.params)
        for fmt in ("markdown", "latex", "html", "mathjax"):
            out.append((problem, fmt, render.statement(problem, fmt) + render.worked_solution(problem, solution, fmt)))
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_prose_has_no_ascii_maths_stray_escapes_or_internal_wording(kind):
    for problem, fmt, text in rendered(kind):
        words = prose(text, fmt)
        for pattern in FORBIDDEN + STRAY[fmt]:
            found = re.search(pattern, words, flags=re.M)
            assert not found, (fmt, pattern, problem.params, words[max(0, found.start() - 80):found.end() + 40])


@pytest.mark.parametrize("kind", KINDS)
def test_lists_are_lists_in_latex_and_html(kind):
    for _, fmt, text in rendered(kind):
        if fmt == "latex":
            assert text.count(r"\begin{enumerate}") + text.count(r"\begin{itemize}") == \
                text.count(r"\end{enumerate}") + text.count(r"\end{itemize}")
            assert not re.search(r"^(\d+\.|-) ", text, flags=re.M)
        if fmt == "html":
            assert not re.search(r"<p>(\d+\.|-) ", text)


@pytest.mark.parametrize("kind", KINDS)
def test_html_text_is_in_paragraphs_headings_lists_or_displays(kind):
    """Nothing runs on after a bold step title (text that starts with maths is a paragraph too)."""
    blocks = r"<(p|h3|ol|ul)>.*?</\1>|<math[^>]*display=\"block\">.*?</math>"
    for problem, fmt, text in rendered(kind):
        if fmt == "html":
            rest = re.sub(blocks, "", text, flags=re.S)
            assert not rest.strip(), (problem.params, rest.strip()[:200])


def test_a_dollar_amount_is_written_as_each_format_writes_it():
    problem = problems.example("perceptron", "income-debt")
    assert "$10,000" in render.statement(problem, "html") and r"\$10,000" not in render.statement(problem, "html")
    assert r"\$10,000" in render.statement(problem, "latex")
    assert r"\$10,000" in render.statement(problem, "markdown")


def test_headings_and_step_titles_carry_maths():
    problem = problems.example("backprop", "seed-two-inputs")
    solution = registry.get("backprop").solve(problem.params)
    page = render.worked_solution(problem, solution, "html")
    assert re.search(r"<strong>Step \d+: Gradient of <math", page)
    assert re.search(r"\\textbf\{Step \d+: Gradient of \\\(W\^\{\(1\)\}\\\)\}",
                     render.worked_solution(problem, solution, "latex"))


def test_the_prime_of_f_sits_on_the_f_in_mathml():
    problem = problems.example("gd_univariate", "seed-lecture")
    page = render.statement(problem, "html")
    assert "<msup><mi>f</mi><mo>&#x02032;</mo></msup>" in page
    assert "<mi>&#x02032;</mi>" not in page


REGRESSION_LOSSES = [("linear_regression_gd", name) for name in ("mse", "sse", "half_sse")] + [
    ("logistic_regression_gd", name) for name in ("bce", "cross_entropy")]


@pytest.mark.parametrize("kind, loss", REGRESSION_LOSSES)
def test_a_regression_writes_its_loss_as_the_maths_table_does(kind, loss):
    """The statement and the worked iterations name the loss and write its formula from
    core/maths.py, so a loss's TeX has one definition."""
    from nngrade.core import maths

    exercise = registry.get(kind)
    problem = next(drawn for seed in range(40) for difficulty in DIFFICULTIES
                   for drawn in [problems.draw(exercise, seed, difficulty=difficulty)]
                   if _loss_of(drawn) == loss)
    entry = maths.loss(loss)
    statement = render.statement(problem, "markdown")
    assert f"{entry.title} $L = {entry.tex}$" in statement
    steps = [step.latex for step in exercise.solve(problem.params).steps]
    assert any(f"L &= {entry.tex} =" in latex for latex in steps)


def _loss_of(problem) -> str:
    from nngrade.solvers import linear_regression_gd, logistic_regression_gd

    solver = {"linear_regression_gd": linear_regression_gd, "logistic_regression_gd": logistic_regression_gd}
    return solver[problem.kind].setup(problem.params).loss


@pytest.mark.parametrize("words", ["the bias b is added", "weights w and", "the input x.", "diagonal (i = j)",
                                   "units l of layer 2", "classes C, D", "solve f(x) = 0"])
def test_the_one_letter_rule_finds_a_variable_left_as_text(words):
    assert re.search(ONE_LETTER_VARIABLE, words)


@pytest.mark.parametrize("words", ["a vector is a row", "A dense layer", "I would", "e.g. the first", "the x-axis",
                                   "each row's sum", "<p>the bias</p>"])
def test_the_one_letter_rule_passes_articles_abbreviations_and_words(words):
    assert not re.search(ONE_LETTER_VARIABLE, prose(words, "html"))


def test_a_minus_sign_is_set_tight_and_a_binary_minus_spaced_in_mathml():
    perceptron = problems.example("perceptron", "income-debt")
    page = render.worked_solution(perceptron, registry.get("perceptron").solve(perceptron.params), "html")
    assert '<mo lspace="0" rspace="0">&#x02212;</mo>' in page
    assert not re.search(r"(&#x00028;|&#x0003D;|&#x000B7;)</mo><mo>&#x02212;</mo>", page)
    descent = problems.example("gd_univariate", "seed-lecture")
    page = render.worked_solution(descent, registry.get("gd_univariate").solve(descent.params), "html")
    assert "</msub><mo>&#x02212;</mo>" in page  # x_k - eta f'(x_k)


def test_an_operator_name_sits_tight_against_its_argument_in_mathml():
    problem = problems.example("activation", "lab-1-8-softmax")
    page = render.statement(problem, "html") + render.worked_solution(
        problem, registry.get("activation").solve(problem.params), "html")
    assert "<mi>softmax</mi>" in page and not re.search(r"<mo>[A-Za-z]{2,}</mo>", page)
    loss = problems.example("loss", "bce-three-rows")
    page = render.worked_solution(loss, registry.get("loss").solve(loss.params), "html")
    assert re.search(r'<mi>log</mi><mspace width="0.1667em" />', page)  # y log y-hat, not "logŷ"
