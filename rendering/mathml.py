"""MathML for the HTML handouts: latex2mathml's conversion, fixed up for browsers, done once per shape.

:func:`plain` is the conversion itself. :func:`mathml` gives the same text faster at class
scale: a class's fragments differ mostly in their numbers (every student's ``z = XW + b`` has
the same matrices with other entries), so a fragment is converted with its numbers replaced by
numbered placeholders, that skeleton's MathML is cached, and the numbers' own MathML is put in
the placeholders' places, in whatever order the MathML has them. Two kinds of skeleton are
tried, the first that works is used:

- **values**: each *value* (a number, a ``\\frac`` of two numbers, either with a sign or a
  binary ``+``/``-`` in front, with ``\\approx`` and a decimal after it, or a negative one in
  parentheses: ``-\\frac{23}{30} \\approx -0.7667``, ``- 8``, ``(-4)``) is one placeholder, so
  that students whose numbers differ in sign or in being whole share the skeleton. latex2mathml
  writes a value that stands in a row (a ``mrow`` or a table cell, no font on it) as the
  elements it writes for the value alone, side by side; that holds only where the placeholder's
  ``<mn>`` is such a row's child, so a value other than a bare number elsewhere (a script's
  base, a root, a bold group) falls back. A value starts a placeholder only after a token that
  takes no argument (see :data:`_BEFORE_VALUES`), so no command reads its first token alone.
- **numbers**: each number token (as latex2mathml's own tokenizer cuts them) is a placeholder,
  wherever it is: latex2mathml writes a number token as ``<mn>digits</mn>`` whatever its value.

Both fill latex2mathml's own MathML, and the browser fix-ups run on the filled text, so the
result is the plain conversion's. A fragment where a number's value could change the structure
(macro arguments, spacing widths, array column specifications) or whose skeleton does not show
every placeholder exactly once is converted directly.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

#: Commands and characters in whose presence a number may be read as a value (a width, a count
#: of macro arguments, a column specification), so the fragment is converted as it is.
_VALUE_READERS = re.compile(r"#|\\(?:skew|newcommand|renewcommand|def|hskip|hspace|kern|mkern|mskip|mspace)(?![A-Za-z])"
                            r"|\\begin\s*\{array\}\s*\{[^}]*\d")
#: Placeholders look like ``7531000000NN``; a fragment that already holds the prefix is converted directly.
_PREFIX = "7531"
#: A placeholder in a template: a whole ``<mn>`` of its own (group 1), or the text of any other element (group 2).
_PLACEHOLDER = re.compile(rf"<mn>({_PREFIX}\d{{8}})</mn>|(?<=>)({_PREFIX}\d{{8}})(?=<)")
#: A number token, as latex2mathml's tokenizer cuts them.
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
#: The tags of a template, to find each placeholder's parent.
_TAG = re.compile(r"<(/?)([a-z]+)[^>]*?(/?)>")
#: Elements whose children latex2mathml lays out side by side: a value may stand in them as several elements.
_ROWS = frozenset({"mrow", "mtd"})
#: Tokens after which a value may start a placeholder: none of them takes the next token as its argument.
_BEFORE_VALUES = frozenset({"=", "+", "-", "(", ",", "&", "{", "}", "[", ")", "<", ">", "|", r"\\", r"\cdot",
                            r"\times", r"\approx", r"\quad", r"\qquad", r"\,", r"\;", r"\leftarrow", r"\le",
                            r"\ge", r"\Rightarrow", r"\to", r"\odot"})
#: Kinds of latex2mathml token after which a value may start a placeholder (a letter, a number,
#: an environment's begin or end).
_KINDS_BEFORE_VALUES = frozenset({"letter", "number", "begin_end"})


#: A MathML minus that follows an opening, a relation, an operator (not a closing fence or a
#: prime) or starts a row or cell.
SIGN_MINUS = re.compile(r"(<mo(?: [^>]*)?>(?!&#x00029;|&#x0005D;|&#x0007D;|&#x0007C;|&#x02032;)[^<]*</mo>"
                        r"|<mtd[^>]*>|<mrow>|<math[^>]*>)<mo>&#x02212;</mo>")


def plain(tex: str, display: str) -> str:
    """MathML for ``tex`` that current browsers lay out: matrix parentheses stretch around their
    rows, and multi-line environments become tables."""
    return _fixed(_converted(_prepared(tex), display))


@lru_cache(maxsize=8192)
def mathml(tex: str, display: str) -> str:
    """:func:`plain`, cached by fragment and by its skeletons (the fragment with its values or
    its numbers taken out)."""
    prepared = _prepared(tex)
    converted = None
    if not (_VALUE_READERS.search(prepared) or _PREFIX in prepared):
        converted = _filled(prepared, display, _values) or _filled(prepared, display, _numbers)
    return _fixed(converted or _converted(prepared, display))


def _prepared(tex: str) -> str:
    for environment, columns in (("aligned", "rlrlrl"), ("gathered", "c")):
        # MathML Core has no line breaks inside a formula: multi-line environments become tables.
        tex = tex.replace(f"\\begin{{{environment}}}", f"\\begin{{array}}{{{columns}}}")
        tex = tex.replace(f"\\end{{{environment}}}", "\\end{array}")
    # a break hint and the space between rows are TeX's only (latex2mathml would print them)
    return re.sub(r"\\\\\[[^\]]*\]", r"\\\\", tex.replace(r"\allowbreak", ""))


def _converted(tex: str, display: str) -> str:
    """latex2mathml's MathML for ``tex``, as it writes it."""
    from latex2mathml.converter import convert

    return convert(tex, display=display)


def _fixed(mathml: str) -> str:
    """latex2mathml's MathML as browsers should lay it out."""
    # A minus after an opening, a relation, an operator or at the start is a sign, set tight as
    # TeX sets it: (-1), = -4 (browsers would space it as a binary minus, "( − 1)").
    mathml = SIGN_MINUS.sub(r'\1<mo lspace="0" rspace="0">&#x02212;</mo>', mathml)
    # An operator name (softmax, sign, log) is an upright identifier, spaced as TeX spaces it:
    # tight against a parenthesis, softmax(z), a thin space before anything else, log y.
    mathml = re.sub(r"<mo>([A-Za-z]{2,})</mo>", r"<mi>\1</mi>", mathml)
    mathml = re.sub(r'(<mi>[A-Za-z]{2,}</mi>)(?!<mo(?: stretchy="\w+")?>&#x00028;|</mrow>|</math>)',
                    r'\1<mspace width="0.1667em" />', mathml)
    mathml = re.sub(r'(</mi>|</mn>|</msub>|</msup>|</mover>|&#x00029;</mo>)(<mi>[A-Za-z]{2,}</mi>)',
                    r'\1<mspace width="0.1667em" />\2', mathml)
    # A prime is an operator in the superscript (MathML Core), so it sits on the f of f'.
    mathml = mathml.replace("<mi>&#x02032;</mi>", "<mo>&#x02032;</mo>")
    for paren in ("&#x00028;", "&#x00029;"):
        mathml = mathml.replace(f"<mo>{paren}</mo>", f'<mo stretchy="true">{paren}</mo>')
    # Browsers align table cells by CSS, not by MathML's columnalign.
    return re.sub(r'<mtd columnalign="(left|right|center)">', r'<mtd columnalign="\1" style="text-align:\1">', mathml)


# --- skeletons ------------------------------------------------------------------------------------


def _filled(tex: str, display: str, pieces: Callable[[list], list[tuple[int, int]]]) -> str | None:
    """latex2mathml's MathML for ``tex`` from the cached MathML of its skeleton, the spans
    ``pieces`` picks from its tokens taken out; None where that skeleton cannot give it."""
    from latex2mathml.tokenizer import PATTERN

    spans = pieces(list(PATTERN.finditer(tex)))
    if not spans:
        return None
    skeleton, last = [], 0
    for index, (start, end) in enumerate(spans):
        # two placeholders side by side would read as one number
        skeleton.append(tex[last:start] + (" " if index and start == last else "") + f"{_PREFIX}{index:08d}")
        last = end
    template = _template("".join(skeleton) + tex[last:], display, len(spans))
    if template is None:
        return None
    texts, slots = template
    out = [texts[0]]
    for (index, in_row), text in zip(slots, texts[1:]):
        value = tex[spans[index][0]:spans[index][1]]
        if _NUMBER.fullmatch(value):
            out.append(f"<mn>{value}</mn>" if in_row is not None else value)
        elif in_row:
            elements = _value(value, display)
            if elements is None:
                return None
            out.append(elements)
        else:
            return None  # a value of several elements where one number must stand
        out.append(text)
    return "".join(out)


@lru_cache(maxsize=4096)
def _template(skeleton: str, display: str, count: int) -> tuple[tuple[str, ...], tuple[tuple[int, bool | None], ...]] | None:
    """The skeleton's MathML cut at its placeholders, and each placeholder's number and place
    (True: a whole ``<mn>`` in a row, False: a whole ``<mn>`` elsewhere, None: the text of
    another element); None unless each of its ``count`` placeholders is in it once."""
    try:
        template = _converted(skeleton, display)
    except Exception:  # the skeleton's own failure; the fragment is then converted as it is
        return None
    parents = _parents(template)
    texts, slots, last = [], [], 0
    for found in _PLACEHOLDER.finditer(template):
        texts.append(template[last:found.start()])
        last = found.end()
        if found.group(1):
            slots.append((int(found.group(1)[len(_PREFIX):]), parents.get(found.start()) in _ROWS))
        else:
            slots.append((int(found.group(2)[len(_PREFIX):]), None))
    texts.append(template[last:])
    if sorted(index for index, _ in slots) != list(range(count)):
        return None
    return tuple(texts), tuple(slots)


def _parents(mathml: str) -> dict[int, str]:
    """The tag name of each element's parent, by where the element starts in ``mathml`` (empty
    if the tags do not nest)."""
    stack, parents = [], {}
    for tag in _TAG.finditer(mathml):
        closing, name, empty = tag.groups()
        if closing:
            if not stack or stack.pop() != name:
                return {}
        else:
            parents[tag.start()] = stack[-1] if stack else ""
            if not empty:
                stack.append(name)
    return {} if stack else parents


@lru_cache(maxsize=16384)
def _value(value: str, display: str) -> str | None:
    """The elements latex2mathml writes for ``value`` alone (its row's content), or None."""
    converted = _filled(value, display, _numbers) or _converted(value, display)
    opening = f'<math xmlns="http://www.w3.org/1998/Math/MathML" display="{display}"><mrow>'
    if not (converted.startswith(opening) and converted.endswith("</mrow></math>")):
        return None
    return converted[len(opening):-len("</mrow></math>")]


def _numbers(tokens: list) -> list[tuple[int, int]]:
    """The spans of the number tokens."""
    return [token.span() for token in tokens if token.lastgroup == "number"]


#: One letter per token for :data:`_VALUE`: ``n`` a number, ``f`` ``\frac``, ``a`` ``\approx``, the
#: characters ``+-(){}`` themselves, ``b`` another token a value may follow, ``x`` any other token.
_CODES = {**{token: "b" for token in _BEFORE_VALUES}, **{token: token for token in "+-(){}"},
          r"\frac": "f", r"\approx": "a"}
#: A value (see the module's docstring) after a token that takes no argument, or else a number:
#: ``[+-]? (signed | "(" "-" signed ")")``, signed being ``-? (number | \frac{number}{number})
#: (\approx -? number)?``.
_SIGNED = r"-?(?:n|f\{n\}\{n\})(?:a-?n)?"
_VALUE = re.compile(rf"(?<![xf])[+-]?(?:{_SIGNED}|\(-{_SIGNED}\))|n")


def _values(tokens: list) -> list[tuple[int, int]]:
    """The spans of the values (see the module's docstring), and of the other numbers."""
    codes = "".join("n" if token.lastgroup == "number" else _CODES.get(token.group()) or
                    ("b" if token.lastgroup in _KINDS_BEFORE_VALUES else "x") for token in tokens)
    return [(tokens[found.start()].start(), tokens[found.end() - 1].end()) for found in _VALUE.finditer(codes)]
