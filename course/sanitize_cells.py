"""nbgrader's OverwriteCells, tolerant of cells that lost their grade id.

Before autograding, nbgrader's DeduplicateIds empties the nbgrader metadata of all but one of the
cells that share a grade id (a copy-pasted test cell), and OverwriteCells deletes the grade id of
a cell the gradebook does not know (a cell a student tagged with a made-up id). With
``add_missing_cells`` on, as nngrade configures it, OverwriteCells then reads ``grade_id`` from
those cells and raises ``KeyError``: the whole submission fails and the student is not graded.
Here such a cell simply becomes an ordinary cell (it runs, it is not graded), and the student's
real cells are graded as usual.
"""
from __future__ import annotations

from nbgrader.preprocessors import OverwriteCells


class TolerantOverwriteCells(OverwriteCells):
    """OverwriteCells; a cell with nbgrader metadata but no known grade id becomes ordinary."""

    def preprocess_cell(self, cell, resources, cell_index):
        if _lost_its_id(cell):
            del cell.metadata["nbgrader"]
            return cell, resources
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if _lost_its_id(cell):
            del cell.metadata["nbgrader"]
        return cell, resources


def _lost_its_id(cell) -> bool:
    return "nbgrader" in cell.metadata and "grade_id" not in cell.metadata["nbgrader"]
