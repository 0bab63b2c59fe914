"""Moodle XML: one category per exercise, each variant one cloze question with a gap per entry.

The quiz then takes one "random question" from each category, so each student draws one
variant. Each gap is ``{weight:NUMERICAL:=answer:tolerance~%0%wrong:tolerance#diagnosis~...}``
(``SHORTANSWER`` for labels, ``MULTICHOICE`` for true/false), with the interval nngrade accepts
(:mod:`.gaps`) written as Moodle's answer and absolute tolerance. Moodle widens every nominal
tolerance by ``MOODLE_EPSILON`` times the larger of 1 and the answer (its fix for float
comparison, MDL-3225); the tolerance written is narrowed by that much, so that the interval
Moodle accepts lies inside the one nngrade accepts, short of it by about that much. A last wrong answer
of fixed length (``WIDENER``) sets every box to the same width, so a box does not hint at the
answer's length. Text inside a gap (labels, feedback) has every character the cloze grammar
reads (``{}#~/"\\``, and ``&<>``) written as a numeric HTML entity, which Moodle decodes after parsing the gap, and
a label's ``*`` (the short answer's wildcard) is escaped.
The variant's worked solution is the general feedback shown after the attempt; maths is TeX
between ``\\(`` ``\\)`` for Moodle's MathJax filter.
"""
from __future__ import annotations

import html
import math
from xml.sax.saxutils import escape

from .gaps import Box, Field, integer_weights
from .variants import Group, Variant

#: 10 ** -precision (PHP's default precision, 14) in Moodle's tolerance check: its interval is
#: answer -/+ (tolerance + MOODLE_EPSILON * max(1, |answer|)).
MOODLE_EPSILON = 1e-14
#: A wrong answer of fixed length, listed last in every numerical gap, that sets the box width.
WIDENER = "-99999999.999999"
#: Characters the cloze grammar reads inside a gap, written as entities there.
CLOZE_SPECIAL = '{}#~/"\\'
#: Penalty per retry in interactive quizzes (Moodle's default).
PENALTY = "0.3333333"


def moodle_interval(answer: float, tolerance: float) -> tuple[float, float]:
    """The closed interval Moodle accepts for a nominal (absolute) tolerance."""
    widened = tolerance + MOODLE_EPSILON * max(1.0, abs(answer))
    return answer - widened, answer + widened


def answer_and_tolerance(low: float, high: float) -> tuple[float, float]:
    """The answer and tolerance whose Moodle interval lies within ``[low, high]``, as wide as it can."""
    answer = (low + high) / 2
    tolerance = min(answer - low, high - answer)
    tolerance -= 2 * MOODLE_EPSILON * max(1.0, abs(answer))
    while tolerance > 0:
        lowest, highest = moodle_interval(answer, tolerance)
        if low <= lowest and highest <= high:
            break
        tolerance = math.nextafter(tolerance, 0.0) if tolerance < 1e-300 else tolerance * (1 - 1e-15)
    return answer, max(tolerance, 0.0)


def number(value: float) -> str:
    """A number as the cloze grammar reads it (shortest round-trip decimal)."""
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{value!r} cannot be a Moodle answer")
    return repr(value) if value != int(value) or abs(value) >= 1e16 else str(int(value))


def gap_feedback(text: str) -> str:
    """Feedback ``text`` for inside a gap: Moodle decodes entities once, turns ``\\}`` and ``\\#``
    into ``}`` and ``#``, and shows the result as HTML; so the text is escaped for HTML, with the
    backslash as an HTML entity too (no ``\\}`` is left for Moodle to undo), then encoded once more."""
    return _encoded(html.escape(text, quote=False).replace("\\", "&#92;"))


def gap_answer(text: str) -> str:
    """An answer ``text`` (a label) for inside a gap: Moodle decodes entities once, turns ``\\}``
    and ``\\#`` into ``}`` and ``#``, and compares the result with the response as plain text, so
    a label holding either pair cannot be written (ValueError)."""
    if "\\}" in text or "\\#" in text:
        raise ValueError(f"the label {text!r} holds \\}} or \\#, which Moodle's cloze reading would change")
    return _encoded(text)


def _encoded(text: str) -> str:
    """Every character the cloze grammar reads, and ``&<>``, as a numeric entity (a named one such
    as ``&amp;`` right before the gap's end would not end the answer in Moodle's grammar)."""
    return "".join(f"&#{ord(char)};" if char in CLOZE_SPECIAL + "&<>" else char for char in text)


def gap(box: Box, weight: int) -> str:
    """The cloze gap of one box."""
    if box.kind == "numeric":
        answer, tolerance = answer_and_tolerance(box.low, box.high)
        options = [f"={number(answer)}:{number(tolerance)}"]
        for wrong in box.wrongs:
            centre, width = answer_and_tolerance(wrong.low, wrong.high)
            options.append(f"%0%{number(centre)}:{number(width)}#{gap_feedback(wrong.feedback)}")
        options.append(f"%0%{WIDENER}:0")
        return f"{{{weight}:NUMERICAL:{'~'.join(options)}}}"
    if box.kind == "integer":
        options = [f"={number(box.value)}:0"]
        options += [f"%0%{number(wrong.value)}:0#{gap_feedback(wrong.feedback)}" for wrong in box.wrongs]
        options.append(f"%0%{WIDENER}:0")
        return f"{{{weight}:NUMERICAL:{'~'.join(options)}}}"
    if box.kind == "label":
        options = [f"={gap_answer(_literal(box.value))}"]
        options += [f"%0%{gap_answer(_literal(wrong.value))}#{gap_feedback(wrong.feedback)}" for wrong in box.wrongs]
        return f"{{{weight}:SHORTANSWER:{'~'.join(options)}}}"
    wrong_feedback = "; or ".join(wrong.feedback for wrong in box.wrongs)
    other = "false" if box.value else "true"
    return f"{{{weight}:MULTICHOICE:={str(box.value).lower()}~{other}" + (
        f"#{gap_feedback(wrong_feedback)}" if wrong_feedback else "") + "}"


def _literal(label: str) -> str:
    """A label as a short answer that matches only itself (``*`` is Moodle's wildcard there)."""
    return label.replace("*", "\\*")


def question_html(variant: Variant) -> str:
    """The statement followed by each answer part's gaps, laid out as the answer is."""
    boxes = [box for field in variant.boxes.fields for box in field.boxes]
    weights = iter(integer_weights(boxes))
    parts = [variant.statement]
    for field in variant.boxes.fields:
        parts.append(_field_html(field, weights))
    return "\n".join(parts)


def _field_html(field: Field, weights) -> str:
    out = [f"<p><strong>{html.escape(field.title)}</strong></p>"]
    for number_, grid in enumerate(field.grids, start=1):
        if len(field.grids) > 1:
            out.append(f"<p>{number_}.</p>")
        rows = "".join("<tr>" + "".join(f'<td title="{html.escape(box.label)}">{gap(box, next(weights))}</td>'
                                        for box in row) + "</tr>" for row in grid)
        out.append(f'<table class="nngrade-answer" style="border-left:1px solid;border-right:1px solid">{rows}</table>')
    return "\n".join(out)


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def document(title: str, groups: list[Group]) -> str:
    """The Moodle XML quiz file."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    for group in groups:
        out.append('  <question type="category">')
        out.append(f"    <category><text>{escape(f'$course$/top/{_category(title)}/{_category(group.title)}')}</text></category>")
        out.append('    <info format="html"><text></text></info>')
        out.append("  </question>")
        for variant in group.variants:
            boxes = [box for field in variant.boxes.fields for box in field.boxes]
            out.append('  <question type="cloze">')
            out.append(f"    <name><text>{escape(group.title + ' | ' + variant.name)}</text></name>")
            out.append(f'    <questiontext format="html"><text>{cdata(question_html(variant))}</text></questiontext>')
            out.append(f'    <generalfeedback format="html"><text>{cdata(variant.solution)}</text></generalfeedback>')
            out.append(f"    <defaultgrade>{sum(integer_weights(boxes))}</defaultgrade>")
            out.append(f"    <penalty>{PENALTY}</penalty>")
            out.append("    <hidden>0</hidden>")
            out.append("  </question>")
    out.append("</quiz>")
    return "\n".join(out) + "\n"


def _category(name: str) -> str:
    """A category path segment: Moodle splits paths on ``/`` (written ``//`` inside a name)."""
    return name.replace("/", "//")
