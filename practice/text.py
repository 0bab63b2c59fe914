"""Statements and worked steps as plain text for a terminal: Markdown with LaTeX, made readable.

The terminal gets the same Markdown the notebook shows (one rendering pipeline,
:mod:`nngrade.rendering.render`); this module only turns its markup into text. Math becomes
Unicode (``σ``, ``η``, ``x²``, ``δ⁽¹⁾``, ``·``), a matrix is written as the nested list a
student types back (``[[2, 2], [-2, 0]]``), display math is set on indented lines of its own,
and prose is wrapped.

:func:`latex_text` knows the commands the solvers and templates print. One it does not know is
written as its bare name, or refused with ``strict=True`` (the tests render every kind that way,
so a new command cannot slip into a student's terminal as ``\\mathcal``).
"""
from __future__ import annotations

import re
import textwrap
import unicodedata

#: Width prose is wrapped to.
WIDTH = 88
#: Indent of display math.
INDENT = "    "
#: Marks ``\\hline`` in a table until the table is laid out.
RULE = "\x00rule\x00"
#: Pads table columns: as wide as a digit, and no ordinary space to squeeze or wrap at.
FIGURE_SPACE = "\u2007"
#: Holds a code span's spaces while prose is wrapped (textwrap breaks only at ASCII spaces).
NO_BREAK = "\u00a0"

SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "eta": "η",
    "theta": "θ", "lambda": "λ", "mu": "μ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ",
    "varphi": "φ", "psi": "ψ", "omega": "ω", "Delta": "Δ", "Sigma": "Σ", "Phi": "Φ", "nabla": "∇",
    "partial": "∂", "sum": "Σ", "prod": "Π", "infty": "∞", "cdot": "·", "times": "×", "odot": "⊙",
    "circ": "∘", "pm": "±", "mp": "∓", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠",
    "approx": "≈", "equiv": "≡", "in": "∈", "notin": "∉", "to": "→", "rightarrow": "→", "leftarrow": "←",
    "Rightarrow": "⇒", "Leftarrow": "⇐", "iff": "⇔", "mapsto": "↦", "dots": "…", "ldots": "…", "cdots": "⋯",
    "vdots": "⋮", "top": "ᵀ", "prime": "′", "mid": "|", "lVert": "‖", "rVert": "‖", "Vert": "‖",
    "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "forall": "∀",
    "exists": "∃", "emptyset": "∅", "setminus": "∖", "cup": "∪", "cap": "∩", "log": "log", "ln": "ln",
    "exp": "exp", "max": "max", "min": "min", "tanh": "tanh", "sinh": "sinh", "cosh": "cosh",
    "sin": "sin", "cos": "cos", "tan": "tan", "arg": "arg", "argmax": "argmax", "argmin": "argmin",
    "quad": "  ", "qquad": "    ", ",": " ", ";": " ", ":": " ", " ": " ", "!": "", "{": "{", "}": "}",
    "$": "$", "%": "%", "&": "&", "#": "#", "_": "_", "|": "‖", "displaystyle": "", "textstyle": "", "allowbreak": "", "nobreak": "",
}
#: Commands whose one argument is shown as it is (text or a font change).
AS_IS = {"text", "mathrm", "operatorname", "mathbf", "boldsymbol", "mathit", "textbf", "textit", "texttt",
         "mathsf", "mbox", "emph", "mathbb", "bm", "mathcal"}
#: Accents, as combining characters after their argument.
ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0304", "tilde": "\u0303",
           "vec": "\u20d7", "dot": "\u0307"}
#: Delimiter-size commands: dropped, the delimiter after them stays.
SIZES = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr"}
FRACTIONS = {"frac", "tfrac", "dfrac", "cfrac"}
MATRICES = {"pmatrix", "bmatrix", "matrix", "vmatrix", "Bmatrix", "smallmatrix"}
LINES = {"aligned", "gathered", "array", "cases", "align", "align*", "split", "gather", "gather*"}

_SUPERSCRIPTS = dict(zip("0123456789+-=()nijkTt", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱʲᵏᵀᵗ"))
_SUBSCRIPTS = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
_TOKEN = re.compile(r"\\([A-Za-z]+\*?|.)|(\\\\)|([{}^_&])|(\s+)|(.)", re.S)


class UnknownCommandError(ValueError):
    """A LaTeX command :func:`latex_text` does not know (raised with ``strict=True`` only)."""


def _tokens(tex: str) -> list[tuple[str, str]]:
    """(type, text) pairs: ``cmd``, ``row`` (``\\\\``), ``sym`` (``{}^_&``), ``space``, ``char``."""
    out = []
    for found in _TOKEN.finditer(tex):
        command, _, symbol, space, char = found.groups()
        if found.group(0) == "\\\\":
            out.append(("row", "\\\\"))
        elif command is not None:
            out.append(("cmd", command))
        elif symbol is not None:
            out.append(("sym", symbol))
        elif space is not None:
            out.append(("space", " "))
        else:
            out.append(("char", char))
    return out


class _Reader:
    """Recursive descent over the tokens of one formula."""

    def __init__(self, tex: str, strict: bool):
        self.tokens = _tokens(tex)
        self.at = 0
        self.strict = strict

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        self.at += 1
        return token

    def skip_space(self) -> None:
        while self.peek()[0] == "space":
            self.at += 1

    def sequence(self, stop: str | None = None) -> list:
        """Items up to ``}`` (``stop == "}"``) or ``\\end`` (``stop == "end"``) or the end.

        An item is a string, or the markers ``&`` and ``\\\\`` that environments split on."""
        items: list = []
        while True:
            kind, value = self.peek()
            if kind is None:
                return items
            if stop == "}" and (kind, value) == ("sym", "}"):
                self.take()
                return items
            if stop == "end" and (kind, value) == ("cmd", "end"):
                self.take()
                self.group_text()
                return items
            if kind == "row":
                self.take()
                items.append("\\\\")
            elif (kind, value) == ("sym", "&"):
                self.take()
                items.append("&")
            elif (kind, value) in (("sym", "^"), ("sym", "_")):
                self.take()
                base = items.pop() if items and items[-1] not in ("&", "\\\\") else ""
                items.append(base + _script(self.group_text(), value == "^"))
            else:
                items.append(self.item())

    def group_text(self) -> str:
        """A ``{...}`` group (or one token) as text."""
        self.skip_space()
        if self.peek() == ("sym", "{"):
            self.take()
            return _join(self.sequence("}"))
        return self.item()

    def raw_group(self) -> str:
        """A ``{...}`` group's source text (for ``\\text``), spaces kept."""
        self.skip_space()
        if self.peek() != ("sym", "{"):
            return self.item()
        self.take()
        depth, parts = 1, []
        while True:
            kind, value = self.take()
            if kind is None:
                break
            if (kind, value) == ("sym", "{"):
                depth += 1
            elif (kind, value) == ("sym", "}"):
                depth -= 1
                if depth == 0:
                    break
            if kind == "cmd":
                parts.append(SYMBOLS.get(value, value))
            else:
                parts.append(value)
        return "".join(parts)

    def item(self) -> str:
        kind, value = self.take()
        if kind in ("char", "space"):
            return value
        if kind == "sym":  # a stray brace or group
            return _join(self.sequence("}")) if value == "{" else ""
        return self.command(value)

    def command(self, name: str) -> str:
        if name in FRACTIONS:
            top, bottom = self.group_text(), self.group_text()
            return f"{_atom(top)}/{_atom(bottom)} "
        if name == "sqrt":
            return f"√{_atom(self.group_text())}"
        if name in AS_IS:
            return self.raw_group()
        if name in ACCENTS:
            return self.group_text() + ACCENTS[name]
        if name == "underbrace":
            body = self.group_text()
            self.skip_space()
            if self.peek() == ("sym", "_"):
                self.take()
                return f"{body}[{self.group_text()}]"
            return body
        if name in SIZES:
            self.skip_space()
            kind, value = self.take()
            if kind == "cmd":
                return SYMBOLS.get(value, value)
            return "" if value == "." else (value or "")
        if name == "begin":
            return self.environment(self.group_text())
        if name == "hline":
            return RULE
        if name in SYMBOLS:
            return SYMBOLS[name]
        if self.strict:
            raise UnknownCommandError(f"unknown LaTeX command \\{name}")
        return name

    def environment(self, name: str) -> str:
        if name == "array":
            self.group_text()  # the column spec
        rows = _rows(self.sequence("end"))
        if name == "array":
            return _table(rows)
        if name in MATRICES:
            return _matrix([[_squeeze(cell) for cell in row] for row in rows])
        if name in LINES or not self.strict:
            return "\n".join(_squeeze(" ".join(row)) for row in rows)
        raise UnknownCommandError(f"unknown LaTeX environment {name}")


def _matrix(rows: list[list[str]]) -> str:
    """A matrix as a nested list; a column as a transposed row (``[1, 2]ᵀ``), one entry as ``[3]``."""
    if all(len(row) == 1 for row in rows):
        entries = ", ".join(row[0] for row in rows)
        return f"[{entries}]" + ("ᵀ" if len(rows) > 1 else "")
    return "[" + ", ".join("[" + ", ".join(row) + "]" for row in rows) + "]"


def _table(rows: list[list[str]]) -> str:
    """An ``array`` as a text table: columns right-aligned, ``\\hline`` as a rule.

    Padding is figure spaces (as wide as a digit), which the squeezing of spaces leaves alone."""
    body: list[list[str] | None] = []
    for row in rows:
        if row and row[0].lstrip().startswith(RULE):
            body.append(None)
            row = [row[0].replace(RULE, "", 1)] + row[1:]
        body.append([_squeeze(cell) for cell in row])
    columns = max(len(row) for row in body if row is not None)
    widths = [max(len(row[index]) for row in body if row is not None and index < len(row)) for index in range(columns)]
    gap = FIGURE_SPACE * 2
    lines = []
    for row in body:
        if row is None:
            lines.append("-" * (sum(widths) + 2 * (columns - 1)))
        else:
            lines.append(gap.join(cell.rjust(width, FIGURE_SPACE) for cell, width in zip(row, widths)))
    return "\n".join(lines)


def _rows(items: list) -> list[list[str]]:
    rows, row, cell = [], [], []
    for item in items:
        if item == "&":
            row.append(_join(cell))
            cell = []
        elif item == "\\\\":
            row.append(_join(cell))
            rows.append(row)
            row, cell = [], []
        else:
            cell.append(item)
    if cell or row:
        row.append(_join(cell))
        rows.append(row)
    return [r for r in rows if any(c.strip() for c in r)]


def _join(items: list) -> str:
    return "".join(item for item in items if item not in ("&", "\\\\"))


def _squeeze(text: str) -> str:
    """Single spaces, none after ``∂`` or before closing punctuation."""
    text = re.sub(r"[ \t]+", " ", text).replace("∂ ", "∂")
    return re.sub(r" ([,;.:)\]])", r"\1", text).strip()


def _atom(text: str) -> str:
    """``text`` as one factor: parenthesised unless it is a single number or name."""
    text = _squeeze(text)
    if not re.search(r"[\s+=/·×]", text) and "-" not in text[1:]:
        return text
    return f"({text})"


def _script(text: str, superscript: bool) -> str:
    """A superscript or subscript: Unicode where every character has one, else ``^(...)``."""
    text = _squeeze(text)
    table = _SUPERSCRIPTS if superscript else _SUBSCRIPTS
    if text == "ᵀ" and superscript:
        return text
    if text and all(char in table for char in text):
        return "".join(table[char] for char in text)
    mark = "^" if superscript else "_"
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"


def latex_text(tex: str, strict: bool = False) -> str:
    """One LaTeX formula as text (several lines for ``aligned`` and ``gathered``)."""
    reader = _Reader(tex, strict)
    lines = unicodedata.normalize("NFC", _join(reader.sequence())).split("\n")
    return "\n".join(_squeeze(line) for line in lines if line.strip())


_MATH = re.compile(r"\$\$(.+?)\$\$|(?<!\\)\$(.+?)(?<!\\)\$", re.S)


def markdown_text(markdown: str, strict: bool = False, width: int = WIDTH) -> str:
    """Markdown with ``$...$`` and ``$$...$$`` math (as the templates write it) as plain text."""
    blocks = []
    for block in re.split(r"\n\s*\n", markdown.strip()):
        display = re.fullmatch(r"\s*\$\$(.+)\$\$\s*", block, re.S)
        if display:
            lines = latex_text(display.group(1), strict).splitlines()
            blocks.append("\n".join(textwrap.fill(line, width, initial_indent=INDENT, subsequent_indent=INDENT * 2,
                                                   break_on_hyphens=False, break_long_words=False)
                                     for line in lines))
            continue
        pieces = re.split(r"(`[^`]*`)", block)  # code spans stay as they are
        text = "".join(piece.replace(" ", NO_BREAK) if piece.startswith("`") else _prose(piece, strict)
                       for piece in pieces)
        heading = re.fullmatch(r"#+\s*(.+)", text.strip())
        if heading:
            title = heading.group(1).strip()
            blocks.append(f"{title}\n{'-' * len(title)}")
            continue
        blocks.append("\n".join(_wrap(line, width) for line in text.splitlines()).replace(NO_BREAK, " "))
    return "\n\n".join(blocks) + "\n"


def _prose(text: str, strict: bool) -> str:
    text = _MATH.sub(lambda found: _inline(found, strict), text).replace("\\$", "$")
    return re.sub(r"\*\*(.+?)\*\*", r"\1", text, flags=re.S)


def _inline(found: re.Match, strict: bool) -> str:
    tex = found.group(1) or found.group(2)
    return latex_text(tex, strict).replace("\n", "; ")


def _wrap(line: str, width: int) -> str:
    """One line wrapped to ``width``; list items keep their hanging indent."""
    marker = re.match(r"(\s*(?:\d+\.|[-*])\s+)", line)
    indent = " " * len(marker.group(1)) if marker else ""
    return textwrap.fill(line, width, subsequent_indent=indent, break_on_hyphens=False, break_long_words=False)


__all__ = ["latex_text", "markdown_text", "UnknownCommandError"]
