"""The cells of an nngrade assignment notebook, with the nbgrader metadata they need.

Every cell is the same for all students: the numbers appear only when the student's kernel
runs the statement cell. Cell ids (nbgrader's ``grade_id``) follow one pattern so that the
grading preprocessor finds each exercise's test cell: see :func:`test_id`.
"""
from __future__ import annotations

from nbformat.v4 import new_code_cell, new_markdown_cell

from .assignment_spec import AssignmentSpec, ExerciseEntry

#: The variable the setup cell binds to the student's :class:`nngrade.notebook.Assignment`.
HANDLE = "nngrade_assignment"


def test_id(entry: ExerciseEntry) -> str:
    """nbgrader ``grade_id`` of the exercise's graded test cell."""
    return f"{entry.id}-test"


def statement_id(entry: ExerciseEntry) -> str:
    """nbgrader ``grade_id`` of the cell that shows the exercise's statement."""
    return f"{entry.id}-statement"


def _nbgrader(grade_id: str, *, locked: bool, solution: bool = False, points: float | None = None) -> dict:
    meta = {"grade": points is not None, "grade_id": grade_id, "locked": locked,
            "schema_version": 3, "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def intro(spec: AssignmentSpec):
    title = spec.title or spec.name
    text = [f"# {title}", ""]
    if spec.instructions:
        text += [spec.instructions.strip(), ""]
    text += [
        "Each of you has your own numbers. Run the cells from the top: the first one draws your "
        "problems for your course login. Write each answer as a Python dict of part name -> value "
        "(numbers, nested lists or NumPy arrays). The visible checks below each answer look only at "
        "the type and shape; the values are graded after you submit.",
    ]
    if spec.check == "full":
        text += ["", f"To see whether an answer is right before you submit, run "
                     f"`{HANDLE}.check(\"<exercise id>\", answer)` in a new cell."]
    elif spec.check == "format":
        text += ["", f"`{HANDLE}.check(\"<exercise id>\", answer)` checks the type and shape only "
                     "for this assessed assignment."]
    return new_markdown_cell("\n".join(text), metadata=_nbgrader("intro", locked=True))


def setup(spec: AssignmentSpec):
    source = (
        "# Draws your own problems. Do not edit: this cell is restored when your work is graded.\n"
        "from nngrade.notebook import Assignment\n"
        f"{HANDLE} = Assignment({spec.to_json()!r})\n"
        f"print('Problems drawn for student:', {HANDLE}.student)"
    )
    return new_code_cell(source, metadata=_nbgrader("setup", locked=True))


def statement(entry: ExerciseEntry):
    source = f"{HANDLE}.show({entry.id!r})"
    return new_code_cell(source, metadata=_nbgrader(statement_id(entry), locked=True))


def answer(spec: AssignmentSpec, entry: ExerciseEntry):
    """The answer cell. Its solution (stripped from the release) is the instructor's own variant
    worked by nngrade: through ``solution()`` where the release has the full check, else through
    the answer key spelled out, since an assessed release's ``solution()`` refuses."""
    if spec.check == "full":
        worked = f"{HANDLE}.solution({entry.id!r})"
    else:
        worked = f"{HANDLE}.spec.answer_key({entry.id!r}, {HANDLE}.problem({entry.id!r})).expected"
    source = (
        f"# {entry.id}: replace the two lines below with {entry.variable} = {{...}}\n"
        "### BEGIN SOLUTION\n"
        f"{entry.variable} = {worked}\n"
        "### END SOLUTION"
    )
    return new_code_cell(source, metadata=_nbgrader(f"{entry.id}-answer", locked=False, solution=True))


def tests(entry: ExerciseEntry):
    source = (
        f"# Checks the type and shape of {entry.variable}; its values are graded after you submit.\n"
        "### BEGIN HIDDEN TESTS\n"
        f"{HANDLE}.record({entry.id!r}, {entry.variable})\n"
        "### END HIDDEN TESTS\n"
        f"{HANDLE}.check_format({entry.id!r}, {entry.variable})"
    )
    return new_code_cell(source, metadata=_nbgrader(test_id(entry), locked=True, points=entry.points))


def cells(spec: AssignmentSpec) -> list:
    """Every cell of the notebook, in order."""
    out = [intro(spec), setup(spec)]
    for entry in spec.exercises:
        out += [statement(entry), answer(spec, entry), tests(entry)]
    return out
