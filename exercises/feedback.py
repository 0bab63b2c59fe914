"""nbgrader feedback a student can learn from: their own problem, and (when allowed) its solution.

While autograding, the kernel does not render statements (it would pay for the solver in every
student's kernel, and nothing a kernel prints is trusted), so the autograded notebook's statement
cells say only which variant was drawn. :class:`ShowOwnProblem` runs in ``nbgrader
generate_feedback``, in nbgrader's process, and puts back into each statement cell the student's
own problem, rendered as HTML with MathML in the assignment's number style. The graded cell
already holds the per-part diagnosis (written by
:class:`~nngrade.exercises.autograde.GradeOutsideKernel`). Where the assignment allows it
(``solution_in_feedback: true``, typically set once the deadline has passed, then ``nngrade
course build`` and ``nbgrader generate_feedback --force``), the worked solution of the student's
own variant follows the diagnosis.

Everything shown is drawn from the course's key for the student nbgrader names; nothing from the
submission is rendered.
"""
from __future__ import annotations

from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

from nngrade.core.number_style import number_style

from . import registry, render
from .notebook_cells import statement_id, test_id
from .stored import all_specs

def _html(body: str) -> NotebookNode:
    return NotebookNode(output_type="display_data", metadata={}, data={"text/html": body})


class ShowOwnProblem(NbGraderPreprocessor):
    """In feedback: each statement cell shows the student's problem; each graded cell, when the
    assignment allows it, the worked solution of that problem after the diagnosis."""

    def preprocess(self, nb: NotebookNode, resources: dict):
        from nbgrader.coursedir import CourseDirectory

        info = resources["nbgrader"]
        spec = all_specs(CourseDirectory(config=self.config).root).get(info["assignment"])
        if spec is None or spec.notebook_name != info["notebook"]:
            return nb, resources
        statements = {statement_id(entry): entry for entry in spec.exercises}
        tests = {test_id(entry): entry for entry in spec.exercises}
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if cell.cell_type != "code" or grade_id not in statements.keys() | tests.keys():
                continue
            entry = statements.get(grade_id) or tests[grade_id]
            problem = spec.variant(entry.id, info["student"])
            with number_style(spec.numbers):
                if grade_id in statements:
                    cell.outputs = [_html(render.statement(problem, "html"))]
                elif spec.solution_in_feedback:
                    solution = registry.get(problem.kind).solve(problem.params)
                    cell.outputs = list(cell.get("outputs", [])) + [
                        _html(render.worked_solution(problem, solution, "html"))]
        return nb, resources
