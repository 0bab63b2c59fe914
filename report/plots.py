"""The report's plots, drawn with matplotlib as SVG text to embed in the page.

Text stays text in the SVG (``svg.fonttype: none``), so the page needs no font files, and every
plot gets its own id salt, so the ids of several SVGs inline in one page never collide. Plots
are drawn from the report's figures only (:mod:`.analysis`), never from the records.
"""
from __future__ import annotations

import io
import re

#: Colours of the outcomes; misconceptions take the warm colours in turn.
OUTCOME_COLOURS = {"right": "#2e7d32", "follow_through": "#9ccc65", "wrong": "#c62828", "blank": "#bdbdbd",
                   "unreadable": "#616161", "not_graded": "#90a4ae", "undecided": "#fdd835"}
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


#: Axes places (figure fractions) of an exercise's plot, with and without the variants' panel.
#: Places are fixed: a layout engine would lay the text out twice.
_EXERCISE_AXES = {True: ((0.05, 0.2, 0.22, 0.68), (0.42, 0.2, 0.3, 0.68), (0.84, 0.2, 0.14, 0.68)),
                  False: ((0.05, 0.2, 0.22, 0.68), (0.42, 0.2, 0.55, 0.68))}
#: Ticks of an axis of shares: five, not the nine matplotlib would choose (each costs its artists).
SHARE_TICKS = (0, 0.25, 0.5, 0.75, 1)
_figures: dict = {}


_ASSIGNMENT_AXES, _ASSIGNMENT_SIZE, _EXERCISE_SIZE = ((0.08, 0.2, 0.9, 0.68),), (8, 2.6), (12, 2.8)


def warm() -> None:
    """Import matplotlib and make every layout's figure now, so worker processes forked after
    this start with them instead of each making its own (about a second of CPU each)."""
    _blank(_ASSIGNMENT_AXES, _ASSIGNMENT_SIZE)
    for layout in _EXERCISE_AXES.values():
        _blank(layout, _EXERCISE_SIZE)


def _blank(layout: tuple, size: tuple[float, float]) -> list:
    """The axes of a figure of ``layout``, emptied for a new plot. One figure per layout is kept
    for the process and drawn again, with its axes and their ticks: making a figure, its axes
    and ticks costs about as much as drawing it. Only the data artists go; every
    plot sets its own titles, labels, limits and ticks."""
    if layout not in _figures:
        figure = _pyplot().figure(figsize=size)
        _figures[layout] = (figure, [figure.add_axes(place) for place in layout])
    figure, axes = _figures[layout]
    for each in axes:
        for artist in [*each.collections, *each.patches]:
            artist.remove()
        each.tick_params(axis="y", labelsize="medium")
    return axes


def _svg(figure, salt: str) -> str:
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    text = buffer.getvalue()
    text = text[text.index("<svg"):]
    # scale with the page: keep the viewBox, let CSS set the size
    return re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 class="plot" role="img"', text, count=1)


def _histogram(axes, histogram: dict, title: str, xlabel: str) -> None:
    """The bins as one filled outline (one artist, not a rectangle per bin)."""
    edges, counts = histogram["edges"], histogram["counts"]
    axes.stairs(counts, edges, fill=True, color=PLAIN_COLOUR)
    axes.set_title(title, fontsize=10)
    axes.set_xlabel(xlabel)
    axes.set_ylabel("students")
    axes.set_xlim(edges[0], edges[-1])
    axes.set_ylim(0, max(max(counts), 1) * 1.05)


def _bars(axes, rows: list[list[tuple[float, float, str]]], names: list[str]) -> None:
    """Horizontal bars, row ``i`` (from the top) made of ``(left, width, colour)`` segments, as
    one collection of rectangles rather than an artist per bar."""
    from matplotlib.collections import PolyCollection

    boxes, colours = [], []
    for row, segments in enumerate(rows):
        for left, width, colour in segments:
            if width > 0:
                boxes.append(((left, row - 0.4), (left + width, row - 0.4), (left + width, row + 0.4), (left, row + 0.4)))
                colours.append(colour)
    axes.add_collection(PolyCollection(boxes, facecolors=colours, edgecolors="none"))
    axes.set_yticks(range(len(names)), names)
    axes.set_ylim(len(names) - 0.5, -0.5)
    axes.set_xlim(0, 1)
    axes.set_xticks(SHARE_TICKS)


def assignment_plot(figures: dict) -> str:
    """The histogram of the students' totals."""
    (axes,) = _blank(_ASSIGNMENT_AXES, _ASSIGNMENT_SIZE)
    _histogram(axes, figures["histogram"], "Totals", f"score (of {figures['max_score']:g})")
    return _svg(axes.figure, "assignment")


def exercise_plot(exercise: dict, salt: str) -> str:
    """The exercise's score histogram, its parts' outcome shares and, with several variants (up
    to :data:`MAX_PLOTTED_VARIANTS`), each variant's facility (flagged ones in red). ``salt``
    makes the SVG's ids its own."""
    variants = exercise["variants"]
    with_variants = 1 < len(variants) <= MAX_PLOTTED_VARIANTS
    axes = _blank(_EXERCISE_AXES[with_variants], _EXERCISE_SIZE)
    _histogram(axes[0], exercise["histogram"], "Scores", f"score (of {exercise['max_score']:g})")
    _outcome_bars(axes[1], exercise)
    if with_variants:
        _variant_bars(axes[2], variants)
    return _svg(axes[0].figure, salt)


def _outcome_bars(axes, exercise: dict) -> None:
    """The parts' outcome shares, stacked in :func:`outcome_colours`; the legend is the page's
    table of outcomes below the plot, whose rows carry the same colours (a legend drawn by
    matplotlib would cost a quarter of the plot's time, and say it again)."""
    parts = exercise["parts"]
    colours = outcome_colours(exercise["outcomes"])
    rows = []
    for part in parts:
        left, segments = 0.0, []
        for name in exercise["outcomes"]:
            share = part["outcomes"].get(name, 0.0)
            segments.append((left, share, colours[name]))
            left += share
        rows.append(segments)
    _bars(axes, rows, [part["part"] for part in parts])
    axes.set_title("Outcomes per part", fontsize=10)
    axes.set_xlabel("share of students")


def _variant_bars(axes, variants: list[dict]) -> None:
    rows = [[(0.0, variant["facility"] or 0.0, FLAG_COLOUR if variant["flag"] else PLAIN_COLOUR)] for variant in variants]
    _bars(axes, rows, [str(variant["variant"]) for variant in variants])
    axes.set_title("Facility per variant", fontsize=10)
    axes.set_xlabel("facility")
    axes.tick_params(axis="y", labelsize=7)
