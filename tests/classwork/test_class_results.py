"""The class results format: scores.csv never hands a spreadsheet a formula from a student's text."""
from __future__ import annotations

import csv

from hypothesis import given, settings, strategies as st

from nngrade.classwork import class_results
from nngrade.core import student_ids
from nngrade.grading.result import GradeResult, PartResult

FORMULA_START = ("=", "+", "-", "@")


def record(student, problem="01-linear_layer", part="z"):
    result = GradeResult(parts=[PartResult(part=part, score=1.0, max_score=1.0, correct=True, feedback="", code="correct")])
    return class_results.student_record(student, "hw", [class_results.problem_record(problem, "linear_layer", 1, result)], [])


@settings(max_examples=50, deadline=None)
@given(st.from_regex(r"[+@-][A-Za-z0-9._@+-]{0,11}[A-Za-z0-9_@+-]", fullmatch=True))
def test_a_student_id_a_spreadsheet_would_run_is_written_as_text(tmp_path_factory, student):
    assert student_ids.safe_student_id(student)
    out = tmp_path_factory.mktemp("out")
    class_results.write_scores(out, [record(student), record("ada")])
    rows = list(csv.reader((out / class_results.SCORES_CSV).open()))
    cells = [cell for row in rows for cell in row]
    assert all(not cell.startswith(FORMULA_START) or _number(cell) for cell in cells)
    assert any(cell.lstrip("'") == student for cell in cells)


def _number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True
