"""Autograde results read out of a gradebook copy and written into the course's: only what
autograde sets travels, missing students and submissions are added, the rest stays."""
from __future__ import annotations

import shutil
from datetime import datetime

import pytest

pytest.importorskip("nbgrader")

from nbgrader.api import Gradebook  # noqa: E402

from nngrade.core.own_tools import put_own_tools_first  # noqa: E402
from nngrade.course.gradebook_merge import read_autograded, write_autograded  # noqa: E402


@pytest.fixture
def gradebooks(tmp_path):
    """The course gradebook (one assignment, two graded cells, ann and ben submitted) and a
    copy of it into which ann, ben and cat were autograded."""
    put_own_tools_first()  # a new gradebook runs alembic by name
    course = tmp_path / "gradebook.db"
    with Gradebook(f"sqlite:///{course}") as gb:
        gb.add_assignment("hw")
        gb.add_notebook("hw", "hw")
        for cell in ("layer", "act"):
            gb.add_grade_cell(f"{cell}-test", "hw", "hw", max_score=2, cell_type="code")
            gb.add_solution_cell(f"{cell}-answer", "hw", "hw")
        for student in ("ann", "ben"):
            gb.add_student(student)
            gb.add_submission("hw", student)
    part = tmp_path / "part.db"
    shutil.copyfile(course, part)
    with Gradebook(f"sqlite:///{part}") as gb:
        gb.add_student("cat")
        gb.add_submission("hw", "cat")
        for index, student in enumerate(("ann", "ben", "cat")):
            submission = gb.find_submission("hw", student)
            submission.timestamp = datetime(2026, 3, 1 + index, 12, 0)
            notebook = gb.find_submission_notebook("hw", "hw", student)
            notebook.late_submission_penalty = float(index)
            for grade in notebook.grades:
                grade.auto_score, grade.needs_manual_grade = float(index), index == 2
            for comment in notebook.comments:
                comment.auto_comment = f"{student} {comment.name}"
        gb.db.commit()
    return course, part


def rows(database, student):
    with Gradebook(f"sqlite:///{database}") as gb:
        submission = gb.find_submission("hw", student)
        notebook = gb.find_submission_notebook("hw", "hw", student)
        return (submission.timestamp, notebook.late_submission_penalty,
                sorted((g.name, g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade) for g in notebook.grades),
                sorted((c.name, c.auto_comment, c.manual_comment) for c in notebook.comments))


def test_autograde_results_reach_the_course_gradebook_and_manual_work_stays(gradebooks):
    course, part = gradebooks
    with Gradebook(f"sqlite:///{course}") as gb:
        gb.find_grade("act-test", "hw", "hw", "ben").manual_score = 1.5
        gb.find_grade("act-test", "hw", "hw", "ben").extra_credit = 0.5
        gb.find_comment("act-answer", "hw", "hw", "ben").manual_comment = "see me"
        gb.db.commit()
    records = [read_autograded(part, "hw", student) for student in ("ann", "ben", "cat")]
    write_autograded(records, course, "hw")
    assert rows(course, "ann") == rows(part, "ann")
    assert rows(course, "cat") == rows(part, "cat")  # a student and a submission the course lacked
    timestamp, penalty, grades, comments = rows(course, "ben")
    assert (timestamp, penalty) == rows(part, "ben")[:2]
    assert grades == [("act-test", 1.0, 1.5, 0.5, False), ("layer-test", 1.0, None, None, False)]
    assert comments == [("act-answer", "ben act-answer", "see me"), ("layer-answer", "ben layer-answer", None)]


def test_a_student_autograde_stored_nothing_for_reads_as_none(gradebooks):
    course, part = gradebooks
    with Gradebook(f"sqlite:///{part}") as gb:
        gb.add_student("dan")
    assert read_autograded(part, "hw", "dan") is None
    assert read_autograded(part, "hw", "nobody") is None
