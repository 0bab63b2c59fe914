"""The report as one self-contained HTML page: tables and inline SVG plots, no network needed.

Everything shown comes from the report's figures (:mod:`.analysis`). Each number in a table
carries the place of its figure in the JSON file (``data-figure="exercises/2/parts/0/facility"``)
and how it is shown (``data-format``), so a check can hold the page to the JSON. Ids, variants,
answers and messages are students' or files' text: all of it is escaped.
"""
from __future__ import annotations

import html

from .analysis import outcome_label
from .plots import outcome_colours

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:72rem;margin:1.5rem auto;padding:0 1rem;
color:#212121;line-height:1.4}
h1{font-size:1.6rem}h2{font-size:1.25rem;border-top:1px solid #ccc;padding-top:1rem;margin-top:2rem}
h3{font-size:1rem;margin-bottom:.3rem}
table{border-collapse:collapse;margin:.4rem 0 1rem;max-width:100%;font-size:.85rem}
th,td{border:1px solid #ddd;padding:.2rem .45rem;text-align:right;overflow-wrap:anywhere}
th:first-child,td.name{text-align:left}thead th{background:#f5f5f5}
td.value{font-family:ui-monospace,monospace;text-align:left;max-width:30rem}
tr.flag td{background:#ffebee}.note{color:#555;font-size:.9rem}
svg.plot{width:100%;height:auto;display:block;margin:.5rem 0}
.swatch{display:inline-block;width:.7rem;height:.7rem;margin-right:.3rem;vertical-align:middle}
"""


def page(figures: dict, plots: dict[str, str]) -> str:
    """The HTML page; ``plots`` holds the SVG text of ``"assignment"`` and of each exercise by
    its index (``"exercise-0"``)."""
    title = f"Item analysis: {figures['assignment'] or 'class results'}"
    body = [f"<h1>{_text(title)}</h1>", _summary(figures), plots["assignment"], _overview(figures), _flags(figures)]
    for index, exercise in enumerate(figures["exercises"]):
        body.append(_exercise(exercise, index, plots[f"exercise-{index}"], figures["settings"]))
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{_text(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def _text(value) -> str:
    return html.escape(str(value), quote=True)


def _number(value, path: str, fmt: str = "percent") -> str:
    """A table cell for a figure: a percentage, a correlation, or a count or score."""
    if value is None:
        shown = "–"
    elif fmt == "percent":
        shown = f"{100 * value:.1f}%"
    elif fmt == "fixed":
        shown = f"{value:.2f}".replace("-0.00", "0.00")
    elif fmt == "p":
        shown = f"{value:.2g}"
    else:
        shown = f"{value:g}"
    return f'<td data-figure="{_text(path)}" data-format="{fmt}">{shown}</td>'


def _summary(figures: dict) -> str:
    lines = [f"<p>{_number_text(figures['students'])} students; mean total "
             f"{_inline(figures['mean'], 'mean', 'fixed')} of {figures['max_score']:g}, facility "
             f"{_inline(figures['facility'], 'facility')}.</p>"]
    if figures["unread"]:
        items = "".join(f"<li>{_text(line)}</li>" for line in figures["unread"])
        lines.append(f"<p>Files not used ({len(figures['unread'])}):</p><ul class=\"note\">{items}</ul>")
    if figures["errors"]:
        rows = "".join(f"<tr><td class=\"name\">{_text(error['problem'] or '(whole assignment)')}</td>"
                       f"<td class=\"value\">{_text(error['error'])}</td>"
                       f"{_number(error['students'], f'errors/{index}/students', 'count')}</tr>"
                       for index, error in enumerate(figures["errors"]))
        lines.append("<h3>Grading errors</h3><table><thead><tr><th>problem</th><th>error</th><th>students</th>"
                     f"</tr></thead><tbody>{rows}</tbody></table>")
    return "\n".join(lines)


def _number_text(value) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) else _text(value)


def _inline(value, path: str, fmt: str = "percent") -> str:
    cell = _number(value, path, fmt)
    return cell.replace("<td", "<span", 1).replace("</td>", "</span>")


def _overview(figures: dict) -> str:
    """Where the marks went: each exercise's facility, its discrimination and its most common
    named misconception (on any part)."""
    rows = []
    for index, exercise in enumerate(figures["exercises"]):
        path = f"exercises/{index}"
        common = max(((share, number, name) for number, part in enumerate(exercise["parts"])
                      for name, share in part["outcomes"].items() if name.startswith("misconception:")),
                     default=None)
        if common:
            share, number, name = common
            mistake = (f"<td class=\"name\">{_text(outcome_label(name, short=True))} "
                       f"({_text(exercise['parts'][number]['part'])})</td>"
                       + _number(share, f"{path}/parts/{number}/outcomes/{name}"))
        else:
            mistake = "<td></td><td></td>"
        rows.append(f"<tr><td class=\"name\"><a href=\"#exercise-{index}\">{_text(exercise['problem'])}</a></td>"
                    + _number(exercise["max_score"], f"{path}/max_score", "count")
                    + _number(exercise["facility"], f"{path}/facility")
                    + _number(exercise["discrimination"], f"{path}/discrimination", "fixed") + mistake + "</tr>")
    return ("<h2>Exercises</h2><table><thead><tr><th>exercise</th><th>points</th><th>facility</th>"
            "<th>discrimination</th><th>most common misconception (part)</th><th>share</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _flags(figures: dict) -> str:
    settings = figures["settings"]
    how = (f"Each variant with at least {settings['min_students']} students is compared with its siblings "
           f"(Welch's t-test; Holm's step-down over every variant tested, family-wise {settings['alpha']:g}, a "
           f"flagged variant leaving its siblings' reference); a variant is flagged when the adjusted p is under "
           f"{settings['alpha']:g} and its facility differs by {100 * settings['min_difference']:g} points or more.")
    if not figures["flagged"]:
        return f"<h2>Unfair variants</h2><p>None flagged.</p><p class=\"note\">{_text(how)}</p>"
    rows = []
    for index, flag in enumerate(figures["flagged"]):
        path = f"flagged/{index}"
        rows.append(f"<tr class=\"flag\"><td class=\"name\">{_text(flag['problem'])}</td>"
                    f"<td class=\"value\">{_text(flag['variant'])}</td><td>{_text(flag['flag'])}</td>"
                    + _number(flag["students"], f"{path}/students", "count")
                    + _number(flag["facility"], f"{path}/facility")
                    + _number(flag["siblings_facility"], f"{path}/siblings_facility")
                    + _number(flag["p_adjusted"], f"{path}/p_adjusted", "p") + "</tr>")
    return ("<h2>Unfair variants</h2><table><thead><tr><th>problem</th><th>variant</th><th>flag</th>"
            "<th>students</th><th>facility</th><th>siblings' facility</th><th>adjusted p</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table><p class=\"note\">{_text(how)}</p>")


def _exercise(exercise: dict, index: int, plot: str, settings: dict) -> str:
    path = f"exercises/{index}"
    head = (f"<h2 id=\"exercise-{index}\">{_text(exercise['problem'])} <small>({_text(exercise['kind'])})</small></h2>"
            f"<p>{exercise['students']:g} students, scored out of {exercise['max_score']:g}; facility "
            f"{_inline(exercise['facility'], f'{path}/facility')}, discrimination index "
            f"{_inline(exercise['discrimination'], f'{path}/discrimination', 'fixed')}.</p>")
    return "\n".join([head, plot, _outcome_table(exercise, path), _variant_table(exercise, path, settings),
                      _values_table(exercise, path)])


def _outcome_table(exercise: dict, path: str) -> str:
    parts = exercise["parts"]
    header = "".join(f"<th>{_text(part['part'])}</th>" for part in parts)
    rows = ["<tr><td class=\"name\">facility</td>" + "".join(
                _number(part["facility"], f"{path}/parts/{number}/facility") for number, part in enumerate(parts))
            + "</tr>",
            "<tr><td class=\"name\">discrimination index</td>" + "".join(
                _number(part["discrimination"], f"{path}/parts/{number}/discrimination", "fixed")
                for number, part in enumerate(parts)) + "</tr>"]
    colours = outcome_colours(exercise["outcomes"])
    for name in exercise["outcomes"]:
        swatch = f"<span class=\"swatch\" style=\"background:{colours[name]}\"></span>"
        cells = "".join(_number(part["outcomes"].get(name, 0.0), f"{path}/parts/{number}/outcomes/{name}")
                        if name in part["outcomes"] else "<td>0.0%</td>" for number, part in enumerate(parts))
        rows.append(f"<tr><td class=\"name\">{swatch}{_text(outcome_label(name))}</td>{cells}</tr>")
    links = "".join(f"<td><a href=\"{_text(part['csv'])}\">csv</a></td>" for part in parts if "csv" in part)
    if links:
        rows.append(f"<tr><td class=\"name\">per student</td>{links}</tr>")
    return (f"<table class=\"outcomes\"><thead><tr><th>share of students</th>{header}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _variant_table(exercise: dict, path: str, settings: dict) -> str:
    variants = exercise["variants"]
    if len(variants) < 2:
        return ""
    shown = [(number, variant) for number, variant in enumerate(variants) if variant["p_value"] is not None]
    untested = len(variants) - len(shown)
    note = (f"<p class=\"note\">{untested} variant(s) with fewer than {settings['min_students']} students "
            "(or siblings) are not tested.</p>" if untested else "")
    if not shown:
        return f"<h3>Variants</h3>{note}"
    rows = []
    for number, variant in shown:
        where = f"{path}/variants/{number}"
        row_class = ' class="flag"' if variant["flag"] else ""
        rows.append(f"<tr{row_class}><td class=\"value\">{_text(variant['variant'])}</td>"
                    + _number(variant["students"], f"{where}/students", "count")
                    + _number(variant["facility"], f"{where}/facility")
                    + _number(variant["siblings_facility"], f"{where}/siblings_facility")
                    + _number(variant["p_adjusted"], f"{where}/p_adjusted", "p")
                    + f"<td>{_text(variant['flag'] or '')}</td></tr>")
    return ("<h3>Variants</h3><table><thead><tr><th>variant</th><th>students</th><th>facility</th>"
            "<th>siblings' facility</th><th>adjusted p</th><th>flag</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>{note}")


def _values_table(exercise: dict, path: str) -> str:
    rows = []
    for number, part in enumerate(exercise["parts"]):
        for rank, value in enumerate(part["unexplained"]):
            where = f"{path}/parts/{number}/unexplained/{rank}"
            rows.append(f"<tr><td class=\"name\">{_text(part['part'])}</td><td class=\"value\">{_text(value['variant'])}</td>"
                        f"<td class=\"value\">{_text(value['value'])}</td>"
                        + _number(value["count"], f"{where}/count", "count")
                        + _number(value["share"], f"{where}/share") + "</tr>")
    if not rows:
        read = any(part["answers_read"] for part in exercise["parts"])
        note = ("No wrong value that no misconception explains was written by two students or more."
                if read else "Pass the submissions (--submissions) to see the most common unexplained wrong values.")
        return f"<h3>Common wrong values no misconception explains</h3><p class=\"note\">{note}</p>"
    return ("<h3>Common wrong values no misconception explains</h3><table><thead><tr><th>part</th><th>variant</th>"
            "<th>value written</th><th>students</th><th>share of the variant</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")
