"""MathML for the HTML handouts: latex2mathml's conversion, fixed up for browsers, done once per shape.

:func:`plain` is the conversion itself. :func:`mathml` gives the same text faster at class
scale: a class's fragments differ mostly in their numbers (every student's ``z = XW + b`` has
the same matrices with other entries), and latex2mathml writes every number token as
``<mn>digits</mn>`` whatever its value. So a fragment is converted with each number token (as
latex2mathml's own tokenizer cuts them) replaced by a numbered placeholder, that skeleton's
MathML is cached, and the numbers are put back in the placeholders' places, in whatever order
the MathML has them. A fragment where a number's value could change the structure (macro
arguments, spacing widths, array column specifications) or whose skeleton does not show every
placeholder exactly once is converted directly.
"""
from __future__ import annotations

import re
from functools import lru_cache

#: Commands and characters in whose presence a number may be read as a value (a width, a count
#: of macro arguments, a column specification), so the fragment is converted as it is.
_VALUE_READERS = re.compile(r"#|\\(?:skew|newcommand|renewcommand|def|hskip|hspace|kern|mkern|mskip|mspace)(?![A-Za-z])"
                            r"|\\begin\s*\{array\}\s*\{[^}]*\d")
#: Placeholders look like ``7531000000NN``; a fragment that already holds the prefix is converted directly.
_PREFIX = "7531"
_PLACEHOLDER = re.compile(rf">({_PREFIX}\d{{8}})<")


#: A MathML minus that follows an opening, a relation, an operator (not a closing fence or a
#: prime) or starts a row or cell.
SIGN_MINUS = re.compile(r"(<mo(?: [^>]*)?>(?!&#x00029;|&#x0005D;|&#x0007D;|&#x0007C;|&#x02032;)[^<]*</mo>"
                        r"|<mtd[^>]*>|<mrow>|<math[^>]*>)<mo>&#x02212;</mo>")


def plain(tex: str, display: str) -> str:
    """MathML for ``tex`` that current browsers lay out: matrix parentheses stretch around their
    rows, and multi-line environments become tables."""
    return _converted(_prepared(tex), display)


@lru_cache(maxsize=8192)
def mathml(tex: str, display: str) -> str:
    """:func:`plain`, cached by fragment and by its skeleton (the fragment with its numbers taken out)."""
    prepared = _prepared(tex)
    if _VALUE_READERS.search(prepared) or _PREFIX in prepared:
        return _converted(prepared, display)
    skeleton, numbers = _skeleton(prepared)
    template = _template(skeleton, display, len(numbers)) if numbers else None
    if template is None:
        return _converted(prepared, display)
    return _PLACEHOLDER.sub(lambda found: f">{numbers[int(found.group(1)[len(_PREFIX):])]}<", template)


def _prepared(tex: str) -> str:
    for environment, columns in (("aligned", "rlrlrl"), ("gathered", "c")):
        # MathML Core has no line breaks inside a formula: multi-line environments become tables.
        tex = tex.replace(f"\\begin{{{environment}}}", f"\\begin{{array}}{{{columns}}}")
        tex = tex.replace(f"\\end{{{environment}}}", "\\end{array}")
    # a break hint and the space between rows are TeX's only (latex2mathml would print them)
    return re.sub(r"\\\\\[[^\]]*\]", r"\\\\", tex.replace(r"\allowbreak", ""))


def _converted(tex: str, display: str) -> str:
    from latex2mathml.converter import convert

    mathml = convert(tex, display=display)
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


def _skeleton(tex: str) -> tuple[str, list[str]]:
    """``tex`` with its number tokens replaced by placeholders, and the numbers in order."""
    from latex2mathml.tokenizer import PATTERN

    pieces, numbers, last = [], [], 0
    for token in PATTERN.finditer(tex):
        if token.lastgroup == "number":
            pieces.append(tex[last:token.start()] + f"{_PREFIX}{len(numbers):08d}")
            numbers.append(token.group())
            last = token.end()
    return "".join(pieces) + tex[last:], numbers


@lru_cache(maxsize=4096)
def _template(skeleton: str, display: str, count: int) -> str | None:
    """The skeleton's MathML, or None unless each of its ``count`` placeholders is one number in it."""
    template = _converted(skeleton, display)
    found = sorted(_PLACEHOLDER.findall(template))
    return template if found == [f"{_PREFIX}{index:08d}" for index in range(count)] else None
