"""nbgrader feedback a student can learn from: their own problem, and (when allowed) its solution.

:class:`ShowOwnProblem` runs in ``nbgrader generate_feedback``, in nbgrader's process, and puts
into each statement cell the student's own problem (:mod:`.own_problem`), rendered as HTML with
MathML in the assignment's number style. The graded cell already holds the per-part diagnosis
(written by :class:`~nngrade.course.autograde.GradeOutsideKernel`). Where the assignment allows
it (``solution_in_feedback: true``, typically set once the deadline has passed, then ``nngrade
course build`` and ``nbgrader generate_feedback --force``), the worked solution of the student's
own variant follows the diagnosis.

Everything shown is drawn from the course's key for the student nbgrader names; nothing from the
submission is rendered.
"""
from __future__ import annotations

from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

from nngrade.core.number_style import number_style
from nngrade.exercises import registry
from nngrade.rendering import render

from .notebook_cells import test_id
from .own_problem import html_output, show_own_problems
from .stored import all_specs


class ShowOwnProblem(NbGraderPreprocessor):
    """In feedback: each statement cell shows the student's problem; each graded cell, when the
    assignment allows it, the worked solution of that problem after the diagnosis."""

    def preprocess(self, nb: NotebookNode, resources: dict):
        from nbgrader.coursedir import CourseDirectory

        info = resources["nbgrader"]
        spec = all_specs(CourseDirectory(config=self.config).root).get(info["assignment"])
        if spec is None or spec.notebook_name != info["notebook"]:
            return nb, resources
        show_own_problems(nb, spec, info["student"])
        if not spec.solution_in_feedback:
            return nb, resources
        tests = {test_id(entry): entry for entry in spec.exercises}
        for cell in nb.cells:
            entry = tests.get(cell.metadata.get("nbgrader", {}).get("grade_id"))
            if cell.cell_type != "code" or entry is None:
                continue
            problem = spec.variant(entry.id, info["student"])
            with number_style(spec.numbers):
                solution = registry.get(problem.kind).solve(problem.params)
                cell.outputs = list(cell.get("outputs", [])) + [
                    html_output(render.worked_solution(problem, solution, "html"))]
        return nb, resources
