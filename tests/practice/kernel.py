"""Run notebook cells in a real Jupyter kernel (nbclient), as a student's notebook runs them."""
from __future__ import annotations

import pytest


def run_cells(sources: list[str], timeout: int = 180):
    """The executed notebook of ``sources``; errors are kept in the outputs, not raised."""
    nbformat = pytest.importorskip("nbformat")
    return execute(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in sources]), timeout)


def execute(notebook, timeout: int = 180):
    """``notebook`` run top to bottom in a fresh python3 kernel, errors kept in the outputs."""
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nbclient.NotebookClient(notebook, kernel_name="python3", timeout=timeout, allow_errors=True).execute()
    return notebook


def text_of(cell) -> str:
    """Everything a cell showed: streams, Markdown and plain text of displays, and errors."""
    pieces = []
    for output in cell.outputs:
        if output.output_type == "stream":
            pieces.append(output.text)
        elif output.output_type in ("display_data", "execute_result"):
            pieces.append(output.data.get("text/markdown") or output.data.get("text/plain", ""))
        elif output.output_type == "error":
            pieces.append(f"{output.ename}: {output.evalue}")
    return "\n".join(pieces)
