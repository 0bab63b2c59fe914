"""One CSV file per exercise part: a row per student, for a spreadsheet.

Columns: student, variant, score, max_score, the grader's code, the report's outcome and, where
the submissions were read, the answer as the report shows it. Students' ids and answers are
their own text, so a cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``
first, and not a number) is written with a leading apostrophe.
"""
from __future__ import annotations

import csv
import io
import re

from nngrade.core.spreadsheet import text_cell

from .analysis import outcome
from .results import ClassResults

COLUMNS = ("student", "variant", "score", "max_score", "code", "outcome", "answer")


def part_tables(results: ClassResults) -> dict[tuple[str, str], str]:
    """CSV text per (problem, part), in the order they first appear."""
    rows: dict[tuple[str, str], list] = {}
    texts, numbers = _Cells(text_cell), _Cells(lambda number: f"{number + 0.0:g}")  # -0.0 and 0.0 are one key: both "0"
    outcomes = _Cells(lambda code: text_cell(outcome(code)))
    for student in results.students:
        name = texts[student.student]
        for record in student.problems:
            variant = texts[record.variant]
            for part in record.parts:
                rows.setdefault((record.problem, part.part), []).append(
                    (name, variant, numbers[part.score], numbers[part.max_score], texts[part.code],
                     outcomes[part.code], texts[part.value or ""]))
    return {key: _csv(values) for key, values in rows.items()}


class _Cells(dict):
    """A cell's text per value, worked out once: a class repeats its ids, variants, scores and codes."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, value):
        self[value] = text = self.make(value)
        return text


def _csv(rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def file_names(keys) -> dict[tuple[str, str], str]:
    """A file name per (problem, part) that is safe whatever the ids hold, and unique (ids that
    differ only in characters a file name cannot hold get a number)."""
    names, used = {}, set()
    for problem, part in keys:
        stem = f"{_safe_name(problem)}__{_safe_name(part)}"
        name, number = f"{stem}.csv", 1
        while name in used:
            number += 1
            name = f"{stem}-{number}.csv"
        used.add(name)
        names[(problem, part)] = name
    return names


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", text)[:60].lstrip(".") or "_"
