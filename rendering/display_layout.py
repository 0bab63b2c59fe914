"""Display formulas that fit the page and the screen: a long one is broken over aligned lines.

A worked step often chains several equations (``X^T X = ... ,\\qquad X^T y = ...``) or one long
chain of equalities. Printed on one line, such a display ran past the right margin of the PDF
and scrolled sideways in the HTML. Here its width is estimated from its LaTeX (in em, the way TeX
sets math: digits half an em, a relation with its spaces about 1.3 em, a matrix the sum of its
columns), and a display wider than :data:`WIDTH_EM` is broken, first between its equations (at
``\\qquad``, then at ``\\quad``), then inside an equation before a relation (``=``, ``\\Rightarrow``).
The lines are set in ``aligned``, each aligned on its first relation, so every output format
(LaTeX, Markdown's MathJax, HTML's MathML) shows the same lines. A display that fits stays as
it was written.

The width is an estimate, not TeX's measure, so the budget keeps a margin: the page's text is
about 43 em wide (11 pt type, 2.5 cm margins), the HTML column 46 em. The tests hold the result
against the real thing: pdflatex's overfull-box warnings and Chromium's layout.
"""
from __future__ import annotations

import re
from functools import lru_cache

#: Widest display, in em, that is left on one line.
WIDTH_EM = 38.0

_SPACES = {r"\quad": 1.0, r"\qquad": 2.0, r"\;": 0.28, r"\:": 0.22, r"\,": 0.17, r"\!": -0.17, r"\ ": 0.33}
_RELATIONS = {"=", "<", ">", r"\le", r"\ge", r"\leq", r"\geq", r"\ne", r"\neq", r"\approx", r"\Rightarrow",
              r"\Leftarrow", r"\leftarrow", r"\rightarrow", r"\to", r"\mapsto", r"\in", r"\equiv", r"\iff"}
_BINARY = {"+", "-", r"\cdot", r"\times", r"\pm", r"\mp"}
_TEXT_COMMANDS = {r"\text", r"\textbf", r"\textit", r"\mathrm", r"\operatorname", r"\texttt"}
_ACCENTS = {r"\hat", r"\bar", r"\tilde", r"\vec", r"\dot", r"\mathbf", r"\boldsymbol", r"\mathcal", r"\mathit",
            r"\mathbb", r"\widehat", r"\overline"}
_FRACTIONS = {r"\frac", r"\dfrac", r"\tfrac"}
_LARGE = {r"\sum": 1.45, r"\prod": 1.3, r"\int": 0.6}
_NAMED = {r"\log", r"\exp", r"\ln", r"\sin", r"\cos", r"\tan", r"\max", r"\min", r"\det", r"\tanh", r"\operatorname"}
_MATRICES = {"pmatrix", "bmatrix", "matrix", "vmatrix", "array", "aligned", "gathered", "cases"}
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\s+|.", re.S)
_ONE_ARGUMENT = _TEXT_COMMANDS | _ACCENTS
#: Tokens that may open an atom longer than themselves: a group, an environment, a pair, a script,
#: a command with arguments.
_OPENERS = frozenset({"{", r"\begin", r"\left", "^", "_"} | _FRACTIONS | _ONE_ARGUMENT)
_GROUP_DEPTH, _ENVIRONMENT_DEPTH = {"{": 1, "}": -1}, {r"\begin": 1, r"\end": -1}
_PAIR_DEPTH = {r"\left": 1, r"\right": -1}
_BEFORE_UNARY = _RELATIONS | {"(", "[", "{", ","}
_COMMAND = re.compile(r"\\[A-Za-z]+")


@lru_cache(maxsize=4096)
def fit(tex: str, width: float = WIDTH_EM) -> str:
    """``tex`` as it is when it fits in ``width`` em; otherwise broken over aligned lines.
    Cached: every output format fits the same display."""
    if estimate(tex) <= width:
        return tex
    atoms = [_narrow_matrix(atom, width - 4.0) for atom in _atoms(tex)]
    if len(atoms) == 1 and atoms[0].startswith(r"\begin{aligned}"):
        rows = [_row(row) for row in _cells(_environment_body(atoms[0]), r"\\")]
    else:
        rows = [_split_relation(line) for line in _lines(atoms, width, 0)]
    rows = [broken for row in rows for broken in _fit_row(row, width)]
    return r"\begin{aligned} " + r" \\ ".join(f"{left} & {right}".strip() for left, right in rows) + r" \end{aligned}"


@lru_cache(maxsize=65536)
def estimate(tex: str, scale: float = 1.0) -> float:
    """Width of ``tex`` set as display math, in em (an estimate with a small margin of error).
    Cached: breaking a display measures the same pieces again and again."""
    total, atoms = 0.0, _atoms(tex)
    for index, atom in enumerate(atoms):
        total += _atom_width(atom, atoms[index - 1] if index else "", scale)
    return total


def aligned_rows(tex: str) -> list[str] | None:
    """The lines of ``tex`` when it is one ``aligned`` environment (as :func:`fit` writes a broken
    display), else None."""
    if "aligned" not in tex:  # no aligned environment without its name
        return None
    atoms = [atom for atom in _atoms(tex) if not atom.isspace()]
    if len(atoms) == 1 and re.match(r"\\begin\s*\{aligned\}", atoms[0]):
        return [row.strip() for row in _cells(_environment_body(atoms[0]), r"\\")]
    return None


# --- breaking -------------------------------------------------------------------------------------

#: Where a display breaks between equations, most preferred first: a wide space, then a quad.
_SEPARATORS = ((r"\qquad",), (r"\quad",))


def _lines(atoms: list[str], width: float, level: int) -> list[list[str]]:
    """The atoms packed into lines no wider than ``width``, broken at separators of ``level`` and,
    for a line still too wide, at the next level's."""
    if level == len(_SEPARATORS):
        return [atoms]
    pieces = _split_at(atoms, _SEPARATORS[level])
    lines: list[list[str]] = []
    for piece in pieces:
        candidate = (lines[-1] + [_SEPARATORS[level][0], " "] + piece) if lines else piece
        if lines and _width(candidate) <= width:
            lines[-1] = candidate
        elif _width(piece) <= width:
            lines.append(piece)
        else:
            lines.extend(_lines(piece, width, level + 1))
    return lines


def _split_at(atoms: list[str], separators: tuple[str, ...]) -> list[list[str]]:
    """Pieces between top-level separators; a comma or colon before a separator stays with its piece."""
    pieces, current = [], []
    for atom in atoms:
        if atom in separators:
            if current:
                pieces.append(current)
            current = []
        elif current or not atom.isspace():
            current.append(atom)
    if current:
        pieces.append(current)
    return pieces


def _split_relation(atoms: list[str]) -> tuple[str, str]:
    """A line as (left of its first relation, the relation and the rest)."""
    for index, atom in enumerate(atoms):
        if atom in _RELATIONS and index > 0:
            return _join(atoms[:index]), _join(atoms[index:])
    return "", _join(atoms)


def _row(row: str) -> tuple[str, str]:
    cells = _cells(row, "&")
    return (cells[0].strip(), " ".join(cell.strip() for cell in cells[1:])) if len(cells) > 1 else ("", row.strip())


def _fit_row(row: tuple[str, str], width: float) -> list[tuple[str, str]]:
    """One aligned row, and continuation rows that start at a relation if it is too wide."""
    left, right = row
    if estimate(left) + estimate(right) <= width:
        return [row]
    segments = _split_before_relations(_atoms(right))
    budget = width - estimate(left)
    out: list[list[str]] = []
    for segment in segments:
        if out and _width(out[-1] + segment) <= (budget if len(out) == 1 else width - 1.0):
            out[-1] = out[-1] + segment
        else:
            out.append(segment)
    return [(left if number == 0 else "", _join(part) if number == 0 else r"\quad " + _join(part))
            for number, part in enumerate(out)]


def _narrow_matrix(atom: str, width: float) -> str:
    """A matrix wider than ``width`` with its long entries (sums) broken over lines, as few as fit;
    any other atom as it is."""
    found = re.match(r"\\begin\{([pbv]?matrix)\}", atom)
    if not found or estimate(atom) <= width:
        return atom
    rows = [_cells(row, "&") for row in _cells(_environment_body(atom), r"\\")]
    terms = {(i, j): _split_before_operators(_atoms(cell)) for i, row in enumerate(rows) for j, cell in enumerate(row)}
    narrowed = atom
    for lines in range(2, max(len(parts) for parts in terms.values()) + 1):
        cells = [[_stack(terms[i, j], lines) for j in range(len(row))] for i, row in enumerate(rows)]
        # rows of stacked entries need air between them, or a line could belong to either row
        narrowed = (rf"\begin{{{found.group(1)}}} " + r" \\[1ex] ".join(" & ".join(row) for row in cells)
                    + rf" \end{{{found.group(1)}}}")
        if estimate(narrowed) <= width:
            break
    return narrowed


def _split_before_operators(atoms: list[str]) -> list[list[str]]:
    """A sum cut before each ``+`` or ``-`` outside parentheses that is not a sign."""
    parts: list[list[str]] = [[]]
    depth, before = 0, ""
    for atom in atoms:
        depth += {"(": 1, ")": -1}.get(atom, 0)
        if atom in ("+", "-") and depth == 0 and before not in _BINARY | _RELATIONS | {""}:
            parts.append([])
        parts[-1].append(atom)
        before = atom if not atom.isspace() else before
    return parts


def _stack(parts: list[list[str]], lines: int) -> str:
    """The terms of an entry on at most ``lines`` centred lines (one line when it has one term)."""
    if len(parts) == 1:
        return _join(parts[0])
    size = -(-len(parts) // lines)
    rows = [_join([atom for part in parts[start:start + size] for atom in part]) for start in range(0, len(parts), size)]
    return r"\begin{gathered} " + r" \\ ".join(rows) + r" \end{gathered}"


def _split_before_relations(atoms: list[str]) -> list[list[str]]:
    segments: list[list[str]] = [[]]
    for atom in atoms:
        if atom in _RELATIONS and _join(segments[-1]):
            segments.append([])
        segments[-1].append(atom)
    return segments


def _width(atoms: list[str]) -> float:
    return estimate(_join(atoms))


def _join(atoms: list[str]) -> str:
    return "".join(atoms).strip()


# --- parsing into top-level atoms -----------------------------------------------------------------


@lru_cache(maxsize=65536)
def _atoms(tex: str) -> tuple[str, ...]:
    """``tex`` cut into top-level atoms: a group, an environment, a ``\\left ... \\right`` pair, a
    command with its brace arguments, a script with its argument, or one token; spaces between
    atoms are kept as atoms of their own. Cached: a display's pieces are cut again at every scale
    and every try at breaking it."""
    tokens = _TOKEN.findall(tex)
    atoms, index, count = [], 0, len(tokens)
    while index < count:
        token = tokens[index]
        if token not in _OPENERS:  # an atom of one token
            atoms.append(token)
            index += 1
            continue
        end = _atom_end(tokens, index)
        atoms.append("".join(tokens[index:end]))
        index = end
    return tuple(atoms)


def _atom_end(tokens: list[str], index: int) -> int:
    token = tokens[index]
    if token == "{":
        return _group_end(tokens, index)
    if token == r"\begin":
        return _environment_end(tokens, index)
    if token == r"\left":
        return _left_end(tokens, index)
    if token in ("^", "_") and index + 1 < len(tokens):
        return _atom_end(tokens, _skip_spaces(tokens, index + 1))
    if token.startswith("\\") and token[1:].isalpha():
        end = index + 1
        arguments = 2 if token in _FRACTIONS else 1 if token in _ONE_ARGUMENT else 0
        for _ in range(arguments):
            start = _skip_spaces(tokens, end)
            end = _atom_end(tokens, start) if start < len(tokens) else start
        return end
    return index + 1


def _skip_spaces(tokens: list[str], index: int) -> int:
    while index < len(tokens) and tokens[index].isspace():
        index += 1
    return index


def _group_end(tokens: list[str], index: int) -> int:
    closing = _closing(tokens, index, _GROUP_DEPTH)
    return len(tokens) if closing is None else closing + 1


def _environment_end(tokens: list[str], index: int) -> int:
    """After the ``{name}`` of the ``\\end`` that closes the ``\\begin`` at ``index``."""
    closing = _closing(tokens, index, _ENVIRONMENT_DEPTH)
    return len(tokens) if closing is None else _group_end(tokens, _skip_spaces(tokens, closing + 1))


def _left_end(tokens: list[str], index: int) -> int:
    """After the delimiter of the ``\\right`` that closes the ``\\left`` at ``index``."""
    closing = _closing(tokens, index, _PAIR_DEPTH)
    return len(tokens) if closing is None else min(len(tokens), _skip_spaces(tokens, closing + 1) + 1)


def _closing(tokens: list[str], index: int, depths: dict[str, int]) -> int | None:
    """Where the nesting that the token at ``index`` opens is closed (``depths``: what each
    opening and closing token adds to the depth), or None if it never is."""
    depth = 0
    for position in range(index, len(tokens)):
        depth += depths.get(tokens[position], 0)
        if depth == 0:
            return position
    return None


def _cells(body: str, separator: str) -> list[str]:
    """``body`` split at top-level ``separator`` (``&`` between cells, ``\\\\`` between rows)."""
    cells, current = [], []
    for atom in _atoms(body):
        if atom == separator:
            cells.append("".join(current))
            current = []
        else:
            current.append(atom)
    cells.append("".join(current))
    return [cell for cell in cells if cell.strip()] if separator == r"\\" else cells


def _environment_body(atom: str) -> str:
    """What is between ``\\begin{name}`` (with an array's column specification) and ``\\end{name}``."""
    opening = re.match(r"\\begin\s*\{(\w+\*?)\}(\s*\{[^{}]*\})?" if atom.startswith(r"\begin{array}")
                       else r"\\begin\s*\{(\w+\*?)\}", atom)
    return atom[opening.end():atom.rfind(r"\end")]


# --- widths ---------------------------------------------------------------------------------------


def _atom_width(atom: str, before: str, scale: float) -> float:
    if atom.isspace():
        return 0.0
    if atom in _SPACES:
        return _SPACES[atom] * scale
    if atom.startswith("{"):
        return estimate(atom[1:-1], scale)
    if atom.startswith(r"\begin"):
        return _environment_width(atom, scale)
    if atom.startswith(r"\left"):
        return estimate(re.sub(r"^\\left\s*\\?.|\\right\s*\\?.$", "", atom), scale) + 0.9 * scale
    if atom[0] in "^_":
        return 0.72 * estimate(atom[1:].strip(), scale)
    command = _COMMAND.match(atom)
    if command:
        return _command_width(command.group(0), atom[command.end():], scale)
    if atom in _RELATIONS:
        return 1.34 * scale
    if atom in _BINARY:
        unary = not before.strip() or before.strip() in _BEFORE_UNARY
        return (0.78 if unary else 1.22) * scale
    if atom in ",;":
        return 0.45 * scale
    if atom in "()[]|.'":
        return 0.39 * scale
    return (0.75 if atom.isupper() else 0.52) * scale


def _command_width(command: str, arguments: str, scale: float) -> float:
    if command in _FRACTIONS:
        parts = [part for part in _atoms(arguments) if not part.isspace()]
        inner = scale if scale < 1 else 0.85  # a display fraction keeps its size; inner ones shrink
        return max((estimate(part, inner) for part in parts), default=0.0) + 0.25 * scale
    if command in _TEXT_COMMANDS:
        return 0.5 * len(re.sub(r"[{}\\]", "", arguments)) * scale
    if command in _ACCENTS:
        return estimate(arguments, scale)
    if command in _RELATIONS:
        return (1.6 if "arrow" in command.lower() else 1.34) * scale
    if command in _BINARY:
        return 1.22 * scale
    if command in _LARGE:
        return _LARGE[command] * scale
    if command in _NAMED:
        return (0.5 * (len(command) - 1) + 0.2) * scale
    if command in (r"\big", r"\Big", r"\bigg", r"\Bigg", r"\right", r"\middle"):
        return 0.0
    return 0.62 * scale


def _environment_width(atom: str, scale: float) -> float:
    name = re.match(r"\\begin\s*\{(\w+\*?)\}", atom).group(1)
    rows = [_cells(row, "&") for row in _cells(_environment_body(atom), r"\\")]
    if not rows:
        return 0.0
    inner = scale
    columns = max(len(row) for row in rows)
    widths = [max(estimate(row[column], inner) if column < len(row) else 0.0 for row in rows)
              for column in range(columns)]
    if name in ("aligned", "gathered"):
        return sum(widths)
    gaps = 0.9 * scale * (columns - 1)
    fences = (1.0 + 0.25 * len(rows)) * scale if name in ("pmatrix", "bmatrix", "vmatrix") else 0.0
    return sum(widths) + gaps + fences
