"""``nbgrader export`` with scores rounded as people read them.

nbgrader's CSV writes each total as the float the gradebook's sum gives, so a 1.33 and a 3 of one
student can come out as ``4.33`` or as ``4.3299999999999996``. This exporter writes the same CSV
as nbgrader's own (the same columns, rows and options) with every score column rounded by
:func:`nngrade.grading.result.points_text`, the one rule for scores shown to people.
:func:`nngrade.course.autograde.configure` makes it ``nbgrader export``'s default.
"""
from __future__ import annotations

import csv
import os
import tempfile

from nbgrader.plugins.export import CsvExportPlugin

from nngrade.grading.result import points_text

#: The CSV columns that hold scores.
SCORE_COLUMNS = ("raw_score", "late_submission_penalty", "score", "max_score")


class RoundedCsvExport(CsvExportPlugin):
    """nbgrader's CSV export, then each score column rounded for people."""

    def export(self, gradebook) -> None:
        super().export(gradebook)
        round_scores(self.to or "grades.csv")


def round_scores(path: str) -> None:
    """Rewrite the CSV at ``path`` with its score columns rounded (empty cells stay empty)."""
    with open(path, newline="") as source:
        reader = csv.DictReader(source)
        rows = list(reader)
        fields = reader.fieldnames
    if not rows:
        return
    for row in rows:
        for column in SCORE_COLUMNS:
            if row.get(column):
                row[column] = points_text(float(row[column]))
    folder = os.path.dirname(os.path.abspath(path))
    with tempfile.NamedTemporaryFile("w", newline="", dir=folder, delete=False, suffix=".csv") as target:
        writer = csv.DictWriter(target, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    os.replace(target.name, path)
