"""The report's plots, drawn with matplotlib as SVG text to embed in the page.

Text stays text in the SVG (``svg.fonttype: none``), so the page needs no font files, and every
plot gets its own id salt, so the ids of several SVGs inline in one page never collide. Plots
are drawn from the report's figures only (:mod:`.analysis`), never from the records.
"""
from __future__ import annotations

import io
import re

from .analysis import outcome_label

#: Colours of the outcomes; misconceptions take the warm colours in turn.
OUTCOME_COLOURS = {"right": "#2e7d32", "follow_through": "#9ccc65", "wrong": "#c62828", "blank": "#bdbdbd",
                   "unreadable": "#616161", "undecided": "#fdd835"}
MISCONCEPTION_COLOURS = ("#ef6c00", "#8e24aa", "#1565c0", "#00838f", "#ad1457", "#6d4c41", "#f9a825",
                         "#3949ab", "#d84315", "#5e35b1")
FLAG_COLOUR, PLAIN_COLOUR = "#c62828", "#607d8b"
#: With more variants than this (one per student, say), the variants get no plot of their own.
MAX_PLOTTED_VARIANTS = 30


def outcome_colours(outcomes: list[str]) -> dict[str, str]:
    """A colour per outcome of an exercise; its misconceptions in order through the palette."""
    colours, named = {}, 0
    for name in outcomes:
        if name in OUTCOME_COLOURS:
            colours[name] = OUTCOME_COLOURS[name]
        else:
            colours[name] = MISCONCEPTION_COLOURS[named % len(MISCONCEPTION_COLOURS)]
            named += 1
    return colours


def _pyplot():
    import matplotlib

    matplotlib.use("svg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _svg(figure, salt: str) -> str:
    import matplotlib

    plt = _pyplot()
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    plt.close(figure)
    text = buffer.getvalue()
    text = text[text.index("<svg"):]
    # scale with the page: keep the viewBox, let CSS set the size
    return re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 class="plot" role="img"', text, count=1)


def _histogram(axes, histogram: dict, title: str, xlabel: str) -> None:
    edges, counts = histogram["edges"], histogram["counts"]
    widths = [right - left for left, right in zip(edges, edges[1:])]
    axes.bar(edges[:-1], counts, width=widths, align="edge", color=PLAIN_COLOUR, edgecolor="white")
    axes.set_title(title, fontsize=10)
    axes.set_xlabel(xlabel)
    axes.set_ylabel("students")
    axes.set_xlim(edges[0], edges[-1])


def assignment_plot(figures: dict) -> str:
    """The histogram of the students' totals."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(8, 2.6))
    figure.subplots_adjust(left=0.08, right=0.98, bottom=0.2, top=0.88)
    _histogram(axes, figures["histogram"], "Totals", f"score (of {figures['max_score']:g})")
    return _svg(figure, "assignment")


def exercise_plot(exercise: dict, salt: str) -> str:
    """The exercise's score histogram, its parts' outcome shares and, with several variants (up
    to :data:`MAX_PLOTTED_VARIANTS`), each variant's facility (flagged ones in red). ``salt``
    makes the SVG's ids its own."""
    plt = _pyplot()
    variants = exercise["variants"]
    with_variants = 1 < len(variants) <= MAX_PLOTTED_VARIANTS
    # fixed places, in figure fractions: a layout engine would lay the text out twice
    figure = plt.figure(figsize=(12, 3.6))
    _histogram(figure.add_axes((0.05, 0.42, 0.22, 0.5)), exercise["histogram"], "Scores",
               f"score (of {exercise['max_score']:g})")
    _outcome_bars(figure.add_axes((0.42, 0.42, 0.3 if with_variants else 0.55, 0.5)), exercise)
    if with_variants:
        _variant_bars(figure.add_axes((0.84, 0.42, 0.14, 0.5)), variants)
    return _svg(figure, salt)


def _outcome_bars(axes, exercise: dict) -> None:
    parts = exercise["parts"]
    colours = outcome_colours(exercise["outcomes"])
    names = [part["part"] for part in parts]
    left = [0.0] * len(parts)
    for name in exercise["outcomes"]:
        shares = [part["outcomes"].get(name, 0.0) for part in parts]
        axes.barh(names, shares, left=left, color=colours[name], label=outcome_label(name, short=True))
        left = [a + b for a, b in zip(left, shares)]
    axes.invert_yaxis()
    axes.set_xlim(0, 1)
    axes.set_title("Outcomes per part", fontsize=10)
    axes.set_xlabel("share of students")
    axes.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, frameon=False)


def _variant_bars(axes, variants: list[dict]) -> None:
    names = [str(variant["variant"]) for variant in variants]
    values = [variant["facility"] or 0.0 for variant in variants]
    colours = [FLAG_COLOUR if variant["flag"] else PLAIN_COLOUR for variant in variants]
    axes.barh(names, values, color=colours)
    axes.invert_yaxis()
    axes.set_xlim(0, 1)
    axes.set_title("Facility per variant", fontsize=10)
    axes.set_xlabel("facility")
    axes.tick_params(axis="y", labelsize=7)
