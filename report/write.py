"""Writing a report folder: ``report.html``, ``report.json`` and ``parts/<problem>__<part>.csv``.

The figures are worked out once (:mod:`.analysis`); the JSON file holds them all, and the page
and its plots are drawn from them, so the three never disagree.
"""
from __future__ import annotations

import json
from pathlib import Path

from nngrade.core.run_many import start_many

from . import page, plots, tables
from .analysis import Settings, analyse
from .results import ClassResults

PARTS_FOLDER = "parts"


def write_report(results: ClassResults, out: Path, settings: Settings = Settings(), processes: int | None = None) -> dict:
    """Write the report of ``results`` into ``out`` and return its figures; the plots are drawn
    on ``processes`` workers (default: all cores)."""
    figures = analyse(results, settings)
    jobs = [("assignment", figures)] + [(f"exercise-{index}", exercise) for index, exercise in enumerate(figures["exercises"])]
    plots.warm()
    drawn = start_many(_draw, jobs, processes=processes, description="plots")  # drawn while the files are written
    csvs = tables.part_tables(results)
    names = tables.file_names(csvs)
    (out / PARTS_FOLDER).mkdir(parents=True, exist_ok=True)
    for key, text in csvs.items():
        (out / PARTS_FOLDER / names[key]).write_text(text, encoding="utf-8")
    for exercise in figures["exercises"]:
        for part in exercise["parts"]:
            part["csv"] = f"{PARTS_FOLDER}/{names[(exercise['problem'], part['part'])]}"
    (out / "report.json").write_text(json.dumps(figures, indent=1, allow_nan=False) + "\n", encoding="utf-8")
    (out / "report.html").write_text(page.page(figures, dict(zip((name for name, _ in jobs), drawn()))), encoding="utf-8")
    return figures


def _draw(job: tuple[str, dict]) -> str:
    name, figures = job
    return plots.assignment_plot(figures) if name == "assignment" else plots.exercise_plot(figures, name)
