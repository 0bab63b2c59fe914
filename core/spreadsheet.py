"""Text for a CSV cell that a spreadsheet shows as text, never runs as a formula.

Students' ids and answers reach CSV files (``scores.csv``, the report's per-part tables) as their
own text; a spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return before one) as a formula. Such a cell, unless it is a plain number, is written
with a leading apostrophe, the usual sign for "text" that spreadsheets hide.
"""
from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text_cell(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet will not run."""
    if text.startswith(FORMULA_START):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


__all__ = ["FORMULA_START", "text_cell"]
