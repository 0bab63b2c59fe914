"""Canvas: a QTI 1.2 zip (manifest + assessment) with one question group per exercise.

Each exercise is a ``<section>`` whose selection picks 1 of its items, with
``points_per_item`` (Canvas's extension): each item is one variant, so each student draws one.

- A variant with one number to answer is a ``numerical_question``: its score condition is
  exact-or-range, ``varequal`` the answer or ``vargte`` / ``varlte`` the interval nngrade
  accepts (:mod:`.gaps`), and each named misconception's interval shows its diagnosis.
- A variant with several boxes is a ``fill_in_multiple_blanks_question`` (Canvas's one item
  type with several answers): Canvas matches a blank's answer as text, not as a number, so each
  blank lists the written forms of numbers nngrade accepts (:func:`written_forms`: the value to
  2-6 significant figures and every 3-figure number inside the interval) and each
  misconception's forms with its diagnosis. An answer written otherwise (more figures than
  listed) is marked wrong where nngrade accepts it: the exporter warns for every such variant.
- Canvas rounds numeric answers below 1e-4 in magnitude to 0 on import
  (:func:`canvas_imported`). A numerical item whose accepted set that rounding would change is
  refused (:func:`refusal`), so the exporter draws the next seed instead.

The worked solution is the item's general feedback; maths is TeX between ``\\(`` ``\\)``, which
Canvas typesets with MathJax.
"""
from __future__ import annotations

import io
import zipfile
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape, quoteattr

from .gaps import Box, integer_weights
from .moodle import number
from .variants import Group, Variant

#: Canvas sets numeric answers smaller than this in magnitude to 0 on import.
CANVAS_SMALLEST = 1e-4
#: Canvas scores each item out of 100.
FULL_SCORE = 100
#: Significant figures of the written forms a blank accepts: the value rounded to each of these...
ROUNDED_FIGURES = range(2, 7)
#: ... and every number of this many figures inside the interval nngrade accepts.
GRID_FIGURES = 3
#: At most this many written forms per blank.
MAX_FORMS = 60
QTI_NAMESPACE = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"


def canvas_imported(value: float) -> float:
    """A numeric answer as Canvas stores it on import."""
    return 0.0 if abs(value) < CANVAS_SMALLEST else value


def refusal(variant: Variant) -> str:
    """Why Canvas cannot grade ``variant`` as nngrade does after its import rounding (else "")."""
    boxes = [box for field in variant.boxes.fields for box in field.boxes]
    if not _numerical(boxes):
        return ""
    box = boxes[0]
    low, high = canvas_imported(box.low), canvas_imported(box.high)
    if (low, high) != (box.low, box.high) or not low <= canvas_imported(box.value) <= high:
        return (f"Canvas rounds numbers below {CANVAS_SMALLEST:g} to 0, which would change the answers "
                f"{box.label} accepts (from {box.low!r} to {box.high!r}); scale the question, or draw another")
    return ""


def text_warning(group: Group) -> str:
    """The warning for a group whose variants are fill-in-multiple-blanks items (else "")."""
    texts = [variant for variant in group.variants if _blanks(variant)]
    if not texts:
        return ""
    return (f"{group.title}: {len(texts)} of {len(group.variants)} variants have several answers, which Canvas "
            f"matches as text: each blank accepts the value to 2-6 significant figures and every "
            f"{GRID_FIGURES}-figure number nngrade accepts; other forms nngrade accepts (more figures) are marked wrong")


def _blanks(variant: Variant) -> bool:
    boxes = [box for field in variant.boxes.fields for box in field.boxes]
    return not _numerical(boxes) and any(box.kind == "numeric" for box in boxes)


def _numerical(boxes: list[Box]) -> bool:
    return len(boxes) == 1 and boxes[0].kind in ("numeric", "integer")


def written_forms(value: float, low: float, high: float) -> list[str]:
    """Decimal texts of numbers in ``[low, high]``: ``value`` to 2-6 figures, and the
    ``GRID_FIGURES``-figure numbers in between, each without and with trailing zeros."""
    exact = Decimal(repr(float(value)))
    forms = []

    def keep(candidate: Decimal):
        if low <= float(candidate) <= high:
            for text in (_plain(candidate), _plain(candidate.normalize())):
                if text not in forms:
                    forms.append(text)

    keep(exact)
    for figures in ROUNDED_FIGURES:
        for rounding in (ROUND_HALF_UP, ROUND_HALF_EVEN):
            keep(_round_figures(exact, figures, rounding))
    scale = max(abs(low), abs(high))
    if scale:
        step = Decimal(1).scaleb(Decimal(repr(scale)).adjusted() - GRID_FIGURES + 1)
        first = (Decimal(repr(low)) / step).to_integral_value(rounding="ROUND_CEILING")
        last = (Decimal(repr(high)) / step).to_integral_value(rounding="ROUND_FLOOR")
        count = int(last - first) + 1
        for index in range(min(max(count, 0), MAX_FORMS)):
            keep((first + index) * step)
    return forms[:MAX_FORMS]


def _round_figures(value: Decimal, figures: int, rounding) -> Decimal:
    if not value:
        return value
    return value.quantize(Decimal(1).scaleb(value.adjusted() - figures + 1), rounding=rounding)


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return "0" if text in ("-0", "0") or set(text) <= set("-0.") else text


def _box_forms(box: Box, value, low, high) -> list[str]:
    if box.kind == "numeric":
        return written_forms(value, low, high)
    if box.kind == "integer":
        return [str(int(value))]
    if box.kind == "boolean":
        return ["true" if value else "false"]
    return [str(value)]


def _field(label: str, entry: str) -> str:
    return (f"<qtimetadatafield><fieldlabel>{label}</fieldlabel>"
            f"<fieldentry>{escape(entry)}</fieldentry></qtimetadatafield>")


def _mattext(text: str) -> str:
    return f'<material><mattext texttype="text/html">{escape(text)}</mattext></material>'


def _feedback(ident: str, text: str) -> str:
    return f'<itemfeedback ident="{ident}"><flow_mat>{_mattext(text)}</flow_mat></itemfeedback>'


def item(variant: Variant, ident: str, points: float) -> str:
    """The QTI item of one variant."""
    boxes = [box for field in variant.boxes.fields for box in field.boxes]
    if _numerical(boxes):
        return _numerical_item(variant, boxes[0], ident, points)
    return _blanks_item(variant, boxes, ident, points)


def _head(variant: Variant, ident: str, kind: str, points: float) -> str:
    return (f"<item ident={quoteattr(ident)} title={quoteattr(variant.name)}><itemmetadata><qtimetadata>"
            + _field("question_type", kind) + _field("points_possible", number(points))
            + "</qtimetadata></itemmetadata>")


def _numerical_item(variant: Variant, box: Box, ident: str, points: float) -> str:
    prompt = variant.statement + f"<p><strong>{escape(variant.boxes.fields[0].title)}</strong></p>"
    out = [_head(variant, ident, "numerical_question", points),
           "<presentation>", _mattext(prompt),
           '<response_num ident="response1" rcardinality="Single" numtype="Decimal">'
           '<render_fib fibtype="Decimal"><response_label ident="answer1"/></render_fib></response_num>',
           "</presentation><resprocessing>",
           '<outcomes><decvar maxvalue="100" minvalue="0" varname="SCORE" vartype="Decimal"/></outcomes>',
           '<respcondition continue="No"><conditionvar><or>'
           f'<varequal respident="response1">{number(box.value)}</varequal>'
           f'<and><vargte respident="response1">{number(box.low)}</vargte>'
           f'<varlte respident="response1">{number(box.high)}</varlte></and></or></conditionvar>'
           f'<setvar action="Set" varname="SCORE">{FULL_SCORE}</setvar></respcondition>']
    feedbacks = []
    for index, wrong in enumerate(box.wrongs, start=1):
        low, high = (wrong.low, wrong.high) if box.kind == "numeric" else (wrong.value, wrong.value)
        out.append('<respcondition continue="Yes"><conditionvar><and>'
                   f'<vargte respident="response1">{number(low)}</vargte>'
                   f'<varlte respident="response1">{number(high)}</varlte></and></conditionvar>'
                   f'<displayfeedback feedbacktype="Response" linkrefid="wrong{index}"/></respcondition>')
        feedbacks.append(_feedback(f"wrong{index}", wrong.feedback))
    out.append("</resprocessing>")
    out.append(_feedback("general_fb", variant.solution))
    out.extend(feedbacks)
    out.append("</item>")
    return "".join(out)


def _blanks_item(variant: Variant, boxes: list[Box], ident: str, points: float) -> str:
    weights = integer_weights(boxes)
    total = sum(weights)
    prompt = [variant.statement]
    box_index = 0
    for field in variant.boxes.fields:
        prompt.append(f"<p><strong>{escape(field.title)}</strong></p>")
        for grid in field.grids:
            rows = []
            for row in grid:
                cells = []
                for _ in row:
                    box_index += 1
                    cells.append(f"<td>[b{box_index}]</td>")
                rows.append("<tr>" + "".join(cells) + "</tr>")
            prompt.append('<table style="border-left:1px solid;border-right:1px solid">' + "".join(rows) + "</table>")
    responses, conditions, feedbacks = [], [], []
    for index, (box, weight) in enumerate(zip(boxes, weights), start=1):
        labels = []
        for number_, form in enumerate(_box_forms(box, box.value, box.low, box.high), start=1):
            labels.append((f"b{index}_right{number_}", form))
        wrong_labels = []
        taken = {form.lower() for _, form in labels}
        for wrong_number, wrong in enumerate(box.wrongs, start=1):
            # a text another answer already has stays with it (the right answer first)
            forms = [form for form in _box_forms(box, wrong.value, wrong.low, wrong.high) if form.lower() not in taken]
            taken.update(form.lower() for form in forms)
            wrong_labels.append((wrong_number, wrong, [(f"b{index}_wrong{wrong_number}_{n}", form)
                                                       for n, form in enumerate(forms, start=1)]))
        every = labels + [label for *_, group in wrong_labels for label in group]
        responses.append(f'<response_lid ident="response_b{index}"><material><mattext>b{index}</mattext></material>'
                         "<render_choice>" + "".join(
                             f'<response_label ident="{ident_}"><material><mattext texttype="text/plain">'
                             f"{escape(form)}</mattext></material></response_label>" for ident_, form in every)
                         + "</render_choice></response_lid>")
        share = round(FULL_SCORE * weight / total, 4)
        for ident_, _ in labels:
            conditions.append(f'<respcondition><conditionvar><varequal respident="response_b{index}">{ident_}'
                              f'</varequal></conditionvar><setvar varname="SCORE" action="Add">{number(share)}'
                              "</setvar></respcondition>")
        for wrong_number, wrong, group in wrong_labels:
            for ident_, _ in group:
                conditions.append(f'<respcondition><conditionvar><varequal respident="response_b{index}">{ident_}'
                                  f'</varequal></conditionvar><displayfeedback feedbacktype="Response" '
                                  f'linkrefid="b{index}_fb{wrong_number}"/></respcondition>')
            feedbacks.append(_feedback(f"b{index}_fb{wrong_number}", f"{box.label}: {wrong.feedback}"))
    return "".join([
        _head(variant, ident, "fill_in_multiple_blanks_question", points),
        "<presentation>", _mattext("\n".join(prompt)), *responses, "</presentation>",
        "<resprocessing>",
        '<outcomes><decvar maxvalue="100" minvalue="0" varname="SCORE" vartype="Decimal"/></outcomes>',
        *conditions, "</resprocessing>", _feedback("general_fb", variant.solution), *feedbacks, "</item>"])


def assessment(title: str, groups: list[Group], ident: str = "nngrade_assessment") -> str:
    """The QTI assessment: one section per exercise that picks one of its variants."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<questestinterop xmlns="{QTI_NAMESPACE}">',
           f"<assessment ident={quoteattr(ident)} title={quoteattr(title)}>",
           "<qtimetadata>" + _field("cc_maxattempts", "1") + "</qtimetadata>",
           '<section ident="root_section">']
    for number_, group in enumerate(groups, start=1):
        out.append(f'<section ident="group{number_}" title={quoteattr(group.title)}>'
                   "<selection_ordering><selection><selection_number>1</selection_number>"
                   f"<selection_extension><points_per_item>{number(group.points)}</points_per_item>"
                   "</selection_extension></selection></selection_ordering>")
        for variant_number, variant in enumerate(group.variants, start=1):
            out.append(item(variant, f"group{number_}_variant{variant_number}", group.points))
        out.append("</section>")
    out += ["</section>", "</assessment>", "</questestinterop>"]
    return "\n".join(out) + "\n"


def manifest(ident: str, href: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<manifest identifier="{ident}_manifest" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1">\n'
        "<metadata><schema>IMS Content</schema><schemaversion>1.1.3</schemaversion></metadata>\n"
        "<organizations/>\n<resources>\n"
        f'<resource identifier="{ident}" type="imsqti_xmlv1p2" href="{href}"><file href="{href}"/></resource>\n'
        f"</resources>\n</manifest>\n"
    )


def package(title: str, groups: list[Group]) -> bytes:
    """The zip Canvas imports (Settings > Import course content > QTI .zip file)."""
    ident = "nngrade_assessment"
    href = f"{ident}.xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest(ident, href))
        archive.writestr(href, assessment(title, groups, ident))
    return buffer.getvalue()
