"""The statement cells of a graded notebook, showing the student's own problem, rendered.

While autograding, the kernel does not render statements (it would pay for the solver in every
student's kernel, and nothing a kernel prints is trusted), so its statement cells are empty.
Both views of a graded notebook put the rendered problem back, in nbgrader's
process, from the course's spec for the student nbgrader names (never from the submission): the
instructor's (formgrader shows the autograded notebook, whose statements
:class:`~.autograde.GradeOutsideKernel` sets) and the student's (the feedback, whose statements
:class:`~.feedback.ShowOwnProblem` sets again, in the number style of the spec as it is then).
"""
from __future__ import annotations

from nbformat import NotebookNode

from nngrade.rendering import render

from .assignment_spec import AssignmentSpec
from .notebook_cells import statement_id


def html_output(body: str) -> NotebookNode:
    """A display output of ``body`` as HTML."""
    return NotebookNode(output_type="display_data", metadata={}, data={"text/html": body})


def show_own_problems(nb: NotebookNode, spec: AssignmentSpec, student: str, drawn: dict | None = None) -> None:
    """Set each statement cell's outputs to the student's own problem, rendered as HTML with
    MathML in the assignment's number style. ``drawn`` holds problems already drawn for this
    student and spec, by exercise id (grading drew them a moment ago); the others are drawn here."""
    statements = {statement_id(entry): entry for entry in spec.exercises}
    for cell in nb.cells:
        entry = statements.get(cell.metadata.get("nbgrader", {}).get("grade_id"))
        if cell.cell_type == "code" and entry is not None:
            problem = drawn[entry.id] if drawn and entry.id in drawn else spec.variant(entry.id, student)
            cell.outputs = [html_output(render.statement(problem, "html", spec.numbers))]
