"""Statements and worked solutions as JSON, Markdown or LaTeX: thin writers over one pipeline.

Every format renders the same two Jinja templates of the kind (``<kind>.statement.j2`` and
``<kind>.solution.j2``). Templates place LaTeX fragments that the solvers printed; the writer
only decides how inline and display math and headings are marked up.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

import jinja2

from nngrade.core.number_style import NumberStyle, current_style, number_style
from nngrade.core.problem import Problem
from nngrade.exercises import registry

from .display_layout import aligned_rows, fit
from .mathml import mathml as _mathml

FORMATS = ("json", "markdown", "latex", "html")


@dataclass(frozen=True)
class Markup:
    """How one output format writes math, plain text, headings and bold text.

    Headings, bold text and the steps' titles and sentences are *prose*: text in which ``$...$``
    marks inline math (``Gradient of $b^{(1)}$``). :meth:`prose` typesets that math with the
    format's own inline math and escapes the rest for the format, so no maths is left as ASCII
    and every escape is the format's own (``$10,000`` is ``\\$10,000`` in Markdown and LaTeX,
    ``$10,000`` in HTML).
    """

    inline: Callable[[str], str]
    display: Callable[[str], str]
    text: Callable[[str], str]
    heading_of: Callable[[str], str]
    bold_of: Callable[[str], str]
    step_of: Callable[[str], str]
    """A worked step's title: bold, on a line of its own, kept with what follows it."""

    def prose(self, text: str) -> str:
        pieces = re.split(r"(?<!\\)\$(.+?)(?<!\\)\$", text)
        return "".join(self.inline(piece) if index % 2 else self.text(piece.replace("\\$", "$"))
                       for index, piece in enumerate(pieces))

    def heading(self, text: str) -> str:
        return self.heading_of(self.prose(text))

    def bold(self, text: str) -> str:
        return self.bold_of(self.prose(text))

    def step(self, text: str) -> str:
        return self.step_of(self.prose(text))


MARKUPS = {
    "markdown": Markup(
        inline=lambda tex: f"${tex}$",
        display=lambda tex: f"$$\n{fit(tex)}\n$$",
        text=lambda text: text.replace("$", "\\$"),
        heading_of=lambda text: f"### {text}",
        bold_of=lambda text: f"**{text}**",
        step_of=lambda text: f"**{text}**",
    ),
    "latex": Markup(
        inline=lambda tex: f"\\({tex}\\)",
        display=lambda tex: latex_display(fit(tex)),
        text=lambda text: latex_text(text),
        heading_of=lambda text: f"\\subsection*{{{text}}}",
        bold_of=lambda text: f"\\textbf{{{text}}}",
        # no page break between the title and its step (a title alone at the foot of a page)
        step_of=lambda text: f"\\textbf{{{text}}}\\par\\nopagebreak",
    ),
    "html": Markup(
        inline=lambda tex: _mathml(tex, "inline"),
        display=lambda tex: _mathml(fit(tex), "block"),
        text=lambda text: html.escape(text, quote=False),
        heading_of=lambda text: f"<h3>{text}</h3>",
        bold_of=lambda text: f"<strong>{text}</strong>",
        step_of=lambda text: f"<strong>{text}</strong>",
    ),
}


#: HTML whose maths stays TeX between \( \) and \[ \], for pages that typeset it themselves
#: with MathJax (Moodle's MathJax filter, Canvas). Not a handout format, so not in MARKUPS; the
#: TeX is HTML-escaped, which MathJax reads back as the TeX.
MATHJAX = Markup(
    inline=lambda tex: f"\\({html.escape(tex, quote=False)}\\)",
    display=lambda tex: f"\\[{html.escape(tex, quote=False)}\\]",
    text=lambda text: html.escape(text, quote=False),
    heading_of=lambda text: f"<h3>{text}</h3>",
    bold_of=lambda text: f"<strong>{text}</strong>",
    step_of=lambda text: f"<strong>{text}</strong>",
)


#: Plain-text characters that LaTeX reads as commands, and how LaTeX writes them.
LATEX_ESCAPES = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "$": r"\$",
                 "{": r"\{", "}": r"\}"}


#: Lines from which an aligned display is set as ``align*``: amsmath typesets an ``align*`` twice
#: (once to measure it), so two lines, which move to the next page with little loss, stay a box.
BREAKABLE_ROWS = 3


def latex_display(tex: str) -> str:
    """A display in LaTeX: lines aligned with each other (``aligned``, as :func:`fit` breaks a
    long display) as an ``align*``, which, unlike ``aligned`` inside ``\\[ \\]``, may break
    across pages between its lines, from :data:`BREAKABLE_ROWS` lines; anything else between
    ``\\[`` and ``\\]``. A tall chain of equations then never pushes itself and what leads to it
    onto the next page, leaving half a page blank (the handout's preamble sets the penalty of
    such a break, ``\\interdisplaylinepenalty``)."""
    rows = aligned_rows(tex)
    if rows is not None and len(rows) >= BREAKABLE_ROWS:
        return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}"
    return f"\\[\n{tex}\n\\]"


def latex_text(text: str) -> str:
    """Plain text escaped for LaTeX."""
    return re.sub(r"[\\&%#_${}]", lambda found: LATEX_ESCAPES[found.group(0)], text)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja environment over the package's templates (strict about undefined names), each
    compiled once per process (the shipped templates do not change under a running build)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("nngrade.rendering", "templates"),
        auto_reload=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def tex_params(problem: Problem) -> dict[str, str]:
    """LaTeX for every numeric param (matrices, vectors as columns, numbers), plus the kind's extras."""
    from nngrade.solvers import latex

    exercise = registry.get(problem.kind)
    out = {}
    for name, value in problem.params.items():
        if isinstance(value, list) and value and isinstance(value[0], list):
            out[name] = latex.matrix(value)
        elif isinstance(value, list) and all(_is_number(v) for v in value):
            out[name] = latex.column(value)
        elif _is_number(value):
            out[name] = latex.number(value)
    if exercise.fragments:
        out.update(exercise.fragments(problem.params))
    return out


def tex_answers(solution) -> dict[str, str]:
    """LaTeX for every answer of a solution (text for labels and expressions)."""
    from nngrade.solvers import latex

    out = {}
    for part, value in solution.answers.items():
        if isinstance(value, (bool, str)):
            out[part] = str(value)
        elif isinstance(value, list) and value and isinstance(value[0], list) and value[0] and isinstance(value[0][0], list):
            out[part] = r",\; \allowbreak ".join(latex.nested(item) for item in value)  # one per layer
        else:
            out[part] = latex.nested(value)
    return out


def _is_number(value) -> bool:
    from fractions import Fraction

    return isinstance(value, (int, Fraction)) and not isinstance(value, bool)


def statement(problem: Problem, fmt: str = "markdown", numbers: NumberStyle | None = None) -> str:
    """The problem statement in ``fmt`` (one of FORMATS, or ``mathjax``: see :data:`MATHJAX`), its
    numbers in the style ``numbers`` (else the current one)."""
    with number_style(numbers or current_style()):
        return _render(problem, "statement", fmt, solution=None)


def worked_solution(problem: Problem, solution, fmt: str = "markdown") -> str:
    """The worked solution in ``fmt`` (solve and render it in the same number style)."""
    return _render(problem, "solution", fmt, solution=solution)


def statements_and_solutions(problem: Problem, solution) -> dict[str, tuple[str, str]]:
    """The statement and the worked solution in every format of :data:`MARKUPS`, in the current
    number style; the LaTeX of the params and of the answers is written once for all of them, and
    each template is rendered once for all of them (see :class:`Recording`)."""
    tex, answers = tex_params(problem), tex_answers(solution)
    statements = _render_formats(problem, "statement", None, tex, {})
    solutions = _render_formats(problem, "solution", solution, tex, answers)
    return {fmt: (statements[fmt], solutions[fmt]) for fmt in MARKUPS}


def _render(problem: Problem, which: str, fmt: str, solution) -> str:
    """One template in ``fmt``."""
    tex, answers = tex_params(problem), tex_answers(solution) if solution else {}
    markup = MATHJAX if fmt == "mathjax" else MARKUPS[fmt]
    return _finished(_rendered(problem, which, solution, tex, answers, markup), fmt)


def _render_formats(problem: Problem, which: str, solution, tex: dict[str, str],
                    answers: dict[str, str]) -> dict[str, str]:
    """One template in every format of :data:`MARKUPS`, rendered once (in each format where a
    mark character is in the problem's own text)."""
    recording = Recording()
    marked = _rendered(problem, which, solution, tex, answers, recording)
    if recording.complete(marked):
        return {fmt: _finished(recording.written(marked, markup), fmt) for fmt, markup in MARKUPS.items()}
    return {fmt: _finished(_rendered(problem, which, solution, tex, answers, markup), fmt)
            for fmt, markup in MARKUPS.items()}


#: The mark :class:`Recording` leaves for a call: the call's number between two mark characters.
MARK_CHARACTER = "\x00"
MARK = re.compile(f"{MARK_CHARACTER}(\\d+){MARK_CHARACTER}")


class Recording:
    """A stand-in for a :class:`Markup` that writes a mark for each call and records the call, so
    that one rendering of a template serves every format.

    A format's text is the marked rendering with each mark replaced by what that format's markup
    gives for the call, a mark in a call's own text replaced first (that call got the format's
    text when the template was rendered in the format). The templates only place what the markup
    gives, they never look into it, so that is the template rendered in the format; a rendering
    with a mark character that is not one of the marks is not :meth:`complete`."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.inline, self.display, self.text = self._recorder("inline"), self._recorder("display"), self._recorder("text")
        self.heading, self.bold, self.step = self._recorder("heading"), self._recorder("bold"), self._recorder("step")
        self.prose = self._recorder("prose")

    def _recorder(self, name: str) -> Callable[[str], str]:
        def record(text: str) -> str:
            self.calls.append((name, text))
            return f"{MARK_CHARACTER}{len(self.calls) - 1}{MARK_CHARACTER}"
        return record

    def complete(self, marked: str) -> bool:
        """Whether each mark character of the rendering and of the calls' texts is in one of the marks."""
        return all(MARK_CHARACTER not in MARK.sub("", text) for text in [marked, *(text for _, text in self.calls)])

    def written(self, marked: str, markup: Markup) -> str:
        """The marked rendering as ``markup`` writes it."""
        written: list[str] = []
        for name, text in self.calls:
            if MARK_CHARACTER in text:  # a call whose text holds other calls' marks
                text = MARK.sub(lambda found: written[int(found.group(1))], text)
            written.append(getattr(markup, name)(text))
        return MARK.sub(lambda found: written[int(found.group(1))], marked)


def _finished(text: str, fmt: str) -> str:
    """A rendered template as ``fmt`` writes its paragraphs, lists and code."""
    text = text.strip() + "\n"
    if fmt in ("html", "mathjax"):
        return html_paragraphs(text)
    if fmt == "latex":
        return latex_lists(re.sub(r"`([^`]+)`", lambda found: f"\\texttt{{{latex_text(found.group(1))}}}", text))
    return text


#: List items as the templates write them: numbered (``1. ``) or dashed (``- ``), with the LaTeX
#: and HTML environments they become.
LIST_MARKERS = ((r"\d+\.\s+", "enumerate", "ol"), (r"[-*]\s+", "itemize", "ul"))


def latex_lists(text: str) -> str:
    """Blocks of numbered or dashed lines as LaTeX ``enumerate`` and ``itemize`` lists."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        for marker, environment, _ in LIST_MARKERS:
            if len(lines) > 1 and all(re.match(marker, line) for line in lines):
                items = "\n".join(r"\item " + re.sub(marker, "", line, count=1) for line in lines)
                block = f"\\begin{{{environment}}}\n{items}\n\\end{{{environment}}}"
                break
        blocks.append(block)
    return "\n\n".join(blocks) + "\n"


#: The start of a block that is HTML of its own (a heading, a list, displayed maths), not a paragraph.
HTML_BLOCK = re.compile(r'<(h\d|p|ol|ul|div|table|hr|section)\b|<math[^>]*display="block"')


def html_paragraphs(text: str) -> str:
    """Blank-line separated blocks as HTML: headings, lists and displays stay, numbered or dashed
    lines become lists, other text (also text that starts with inline maths or bold) becomes
    paragraphs, and `code` spans become code."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        block = re.sub(r"`([^`]+)`", r"<code>\1</code>", block)
        lines = block.splitlines()
        for marker, _, tag in LIST_MARKERS:
            if len(lines) > 1 and all(re.match(marker, line) for line in lines):
                items = "".join(f"<li>{re.sub(marker, '', line, count=1)}</li>" for line in lines)
                block = f"<{tag}>{items}</{tag}>"
                break
        blocks.append(block if HTML_BLOCK.match(block.lstrip()) else f"<p>{block}</p>")
    return "\n".join(blocks) + "\n"


def _rendered(problem: Problem, which: str, solution, tex: dict[str, str], answers: dict[str, str],
              markup: Markup | Recording) -> str:
    """The kind's template ``which`` rendered with ``markup``."""
    template = environment().get_template(f"{problem.kind}.{which}.j2")
    return template.render(
        problem=problem,
        params=problem.params,
        tex=tex,
        solution=solution,
        steps=solution.steps if solution else [],
        answers=answers,
        m=markup.inline,
        display=markup.display,
        heading=markup.heading,
        bold=markup.bold,
        step_title=markup.step,
        prose=markup.prose,
        dollar=markup.text("$"),
    )


def solution_json(problem: Problem, solution) -> dict[str, Any]:
    """The contract's solution JSON: ``value`` and ``exact`` per part, and the steps.

    The ``value`` of an expression part is its text, also where it simplifies to a number (the
    derivative 3 of a linear f is ``"3"``), so the part has one JSON type whatever the problem.
    """
    from nngrade.solvers.exact import exact_string, float_value

    expressions = {spec.part for spec in registry.get(problem.kind).answers if spec.kind == "expression"}
    return {
        "kind": problem.kind,
        "answers": {
            part: {"value": exact_string(answer) if part in expressions else float_value(answer),
                   "exact": exact_string(answer)}
            for part, answer in solution.answers.items()
        },
        "steps": [{"title": step.title, "latex": step.latex, **({"text": step.text} if step.text else {})}
                  for step in solution.steps],
    }
