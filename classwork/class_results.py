"""The class results format: one JSON file per student and a CSV of every part's score.

Written by ``nngrade grade`` for a class of JSON submissions and by the nbgrader autograde (from
the graded answers, in the instructor's process), and read by ``nngrade report``::

    <out>/<student>.json   {"student": str, "assignment": str,
                            "problems": [{"problem": id, "kind": str, "variant": seed or code,
                                          "result": GradeResult.to_dict()}, ...],
                            "errors": [{"problem": id or null, "error": str}, ...]}
    <out>/scores.csv       one row per student: student, score, max_score, then one column
                           per problem and part ("<problem>/<part>"), blank where not graded
                           (a student id a spreadsheet would run as a formula starts with ')

Files are written whole to a temporary name and renamed, so a reader never sees half a file.
Student ids become file names, so only ids that are safe as one (:func:`~nngrade.core.student_ids.safe_student_id`) are
written; any other is refused by the callers as one error line.
"""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable

from nngrade.core.one_line import one_line
from nngrade.core.spreadsheet import text_cell
from nngrade.core.student_ids import safe_student_id
from nngrade.grading.result import GradeResult

#: The CSV of per-part scores beside the students' files.
SCORES_CSV = "scores.csv"
#: Folder of an nbgrader course directory for the autograde's class results, one subfolder per
#: assignment: outside every folder nbgrader releases or copies into a kernel.
COURSE_RESULTS = "nngrade-results"


def course_results(course_root: str | Path, assignment: str) -> Path:
    """Where autograde writes each student's class results of ``assignment``."""
    return Path(course_root) / COURSE_RESULTS / assignment


def problem_record(problem: str, kind: str, variant: Any, result: GradeResult) -> dict:
    """One graded problem of a student's record."""
    return {"problem": problem, "kind": kind, "variant": variant, "result": result.to_dict()}


def error_record(problem: str | None, error: str) -> dict:
    """One thing that could not be graded (a bad file, an unknown problem), as one printable
    line (file names and ids in it are students' text: :func:`~nngrade.core.one_line.one_line`)."""
    return {"problem": None if problem is None else one_line(problem), "error": one_line(error)}


def student_record(student: str, assignment: str, problems: list[dict], errors: list[dict]) -> dict:
    return {"student": student, "assignment": assignment, "problems": problems, "errors": errors}


def write_student(out: Path, record: dict) -> Path:
    """Write ``record`` to ``<out>/<student>.json`` atomically; returns the path."""
    student = record["student"]
    if not safe_student_id(student):
        raise ValueError(f"student id {student!r} cannot name a results file")
    path = Path(out) / f"{student}.json"
    _write_atomically(path, record_json(record) + "\n")
    return path


#: Most problem records whose JSON text and scores are remembered per process (the records
#: many students share are few; a drawn variant's is written once and forgotten).
REMEMBERED = 4_096
_remembered: dict[int, tuple[dict, str, dict]] = {}


def record_json(record: dict) -> str:
    """``json.dumps(record, allow_nan=False)``, with each problem's part taken from
    :func:`_problem_parts`: a problem record shared by many students (the same answers graded
    once against a shared example) is encoded once. The pieces are joined with json's own
    default separators, so the text is the same byte for byte."""
    items = []
    for name, value in record.items():
        if name == "problems" and type(value) is list:
            text = "[" + ", ".join(_problem_parts(problem)[0] for problem in value) + "]"
        else:
            text = json.dumps(value, allow_nan=False)
        items.append(json.dumps(name) + ": " + text)
    return "{" + ", ".join(items) + "}"


def _problem_parts(problem: dict) -> tuple[str, dict]:
    """One problem record's JSON text and its scores (what :func:`scores_record` keeps), worked
    out once per record object; a record is never changed once made, and the object is kept
    with them so that its id is not reused."""
    known = _remembered.get(id(problem))
    if known is not None and known[0] is problem:
        return known[1], known[2]
    result = problem["result"]
    scores = {"problem": problem["problem"],
              "result": {"score": result["score"], "max_score": result["max_score"],
                         "parts": [{"part": part["part"], "score": part["score"]} for part in result["parts"]]}}
    text = json.dumps(problem, allow_nan=False)
    if len(_remembered) >= REMEMBERED:
        _remembered.clear()
    _remembered[id(problem)] = (problem, text, scores)
    return text, scores


def scores_record(record: dict) -> dict:
    """What :func:`write_scores` and a run's summary read of ``record``: the student, the errors,
    and each problem's scores without the feedback (a worker sends this back, not the whole
    record it wrote, so that the parent unpickles a tenth of the data)."""
    return {"student": record["student"], "errors": record["errors"],
            "problems": [_problem_parts(problem)[1] for problem in record["problems"]]}


def write_scores(out: Path, records: Iterable[dict]) -> Path:
    """Write ``<out>/scores.csv``: one row per student, one column per problem and part."""
    rows, columns = [], {}
    for record in records:
        scores = {}
        for problem in record["problems"]:
            for part in problem["result"]["parts"]:
                column = f"{problem['problem']}/{part['part']}"
                columns.setdefault(column, None)
                scores[column] = part["score"]
        total = sum(problem["result"]["score"] for problem in record["problems"])
        most = sum(problem["result"]["max_score"] for problem in record["problems"])
        rows.append({"student": text_cell(record["student"]), "score": round(total, 10), "max_score": round(most, 10), **scores})
    text = io.StringIO()
    writer = csv.DictWriter(text, ["student", "score", "max_score", *columns], restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(rows, key=lambda row: row["student"]))
    path = Path(out) / SCORES_CSV
    _write_atomically(path, text.getvalue())
    return path


def read_student(path: Path) -> dict:
    """A student's record as written by :func:`write_student`."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def write_scores_of_folder(out: Path) -> Path:
    """``scores.csv`` from every student's file in ``out`` (after an autograde wrote them one by one)."""
    return write_scores(out, (read_student(path) for path in sorted(Path(out).glob("*.json"))))


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
