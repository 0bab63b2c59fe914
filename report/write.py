"""Writing a report folder: ``report.html``, ``report.json`` and ``parts/<problem>__<part>.csv``.

The figures are worked out once (:mod:`.analysis`); the JSON file holds them all, and the page
and its plots are drawn from them, so the three never disagree.
"""
from __future__ import annotations

import json
from pathlib import Path

from . import page, plots, tables
from .analysis import Settings, analyse
from .results import ClassResults

PARTS_FOLDER = "parts"


def write_report(results: ClassResults, out: Path, settings: Settings = Settings(), progress=None) -> dict:
    """Write the report of ``results`` into ``out`` and return its figures. ``progress`` wraps
    the list of plots to draw (a progress bar) where the caller wants one."""
    figures = analyse(results, settings)
    csvs = tables.part_tables(results)
    names = tables.file_names(csvs)
    (out / PARTS_FOLDER).mkdir(parents=True, exist_ok=True)
    for key, text in csvs.items():
        (out / PARTS_FOLDER / names[key]).write_text(text, encoding="utf-8")
    for exercise in figures["exercises"]:
        for part in exercise["parts"]:
            part["csv"] = f"{PARTS_FOLDER}/{names[(exercise['problem'], part['part'])]}"
    (out / "report.json").write_text(json.dumps(figures, indent=1, allow_nan=False) + "\n", encoding="utf-8")
    jobs = [("assignment", None)] + [(f"exercise-{index}", exercise) for index, exercise in enumerate(figures["exercises"])]
    drawn = {}
    for name, exercise in progress(jobs) if progress else jobs:
        drawn[name] = plots.assignment_plot(figures) if exercise is None else plots.exercise_plot(exercise, name)
    (out / "report.html").write_text(page.page(figures, drawn), encoding="utf-8")
    return figures
