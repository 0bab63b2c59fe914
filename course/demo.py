"""The main job on the embedded default: the seed lab's set built, solved and sample-graded.

``nngrade demo`` shows an instructor everything nngrade does in one folder: problem files,
handouts and worked solutions for the seed lab (also as PDFs, where pdflatex is installed),
per-student variants for a small roster with the class PDFs, and
a grading run over three kinds of submission (a right one, one with a known misconception and
a malformed one) with the feedback each gets.
"""
from __future__ import annotations

from pathlib import Path

from nngrade.core.problem import dumps_json
from nngrade.grading.grade import grade

from nngrade.exercises import problems, registry
from nngrade.exercises.keys import answer_key
from nngrade.handouts import pdf, problemset

DEFAULT_SET = "seed-lab"
DEMO_ROSTER = ("ada", "grace", "alan")
DEMO_SECRET = "demo-secret-change-me"


def sample_submissions(key, number: int = 0) -> dict[str, dict]:
    """A right, a misconceived and a malformed submission for the problem of answer ``key``.

    ``number`` picks which of the kind's misconceptions to show, so a set shows several.
    """
    right = dict(key.expected)
    out = {"right": right}
    if key.misconceptions:
        wrong = key.misconceptions[number % len(key.misconceptions)]
        out[f"misconception-{wrong.code}"] = {**right, **wrong.values}
    first = key.specs[0].part
    out["malformed"] = {**right, first: "banana"}
    return out


def _course(out: Path) -> dict:
    """The nbgrader part, where nbgrader is installed (``pip install nngrade[nbgrader]``)."""
    try:
        import nbgrader  # noqa: F401
    except ImportError:
        return {"skipped": "nbgrader is not installed (pip install 'nngrade[nbgrader]')"}
    from . import demo_course

    return {"course": str(out / "course"), "scores": demo_course.run(out)}


def _pdfs(out: Path, class_folders: list[Path], student_folders: list[Path]) -> dict:
    """The PDFs of the class set and of the roster's, where pdflatex and pikepdf are installed."""
    try:
        pdf.require()
    except pdf.PdfError as error:
        return {"skipped": str(error)}
    pdf.typeset_build(out / "class", class_folders, per_student=False)
    return {"class": [str(path) for path in pdf.typeset_build(out, student_folders, per_student=True)]}


def run(out: Path, set_name: str = DEFAULT_SET) -> dict:
    """Build the demo into ``out``; returns a summary (also written as ``out/summary.json``)."""
    problem_set = problemset.load(set_name)
    folders = problemset.build(problem_set, out / "class")
    students = problemset.build(problem_set, out, students=list(DEMO_ROSTER), secret=DEMO_SECRET, assignment=set_name)
    grading_dir = out / "sample-grading"
    grading_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for number, problem in enumerate(problemset.instantiate(problem_set), start=1):
        stem = problemset.problem_id(number, problem)
        (grading_dir / f"{stem}.problem.json").write_text(dumps_json(problems.write(problem)) + "\n", encoding="utf-8")
        key = answer_key(registry.get(problem.kind), problem)
        for label, submission in sample_submissions(key, number).items():
            result = grade(key, submission)
            (grading_dir / f"{stem}.{label}.submission.json").write_text(dumps_json(submission) + "\n", encoding="utf-8")
            (grading_dir / f"{stem}.{label}.result.json").write_text(dumps_json(result.to_dict()) + "\n", encoding="utf-8")
            rows.append({"problem": stem, "submission": label, "score": result.score, "max_score": result.max_score,
                         "feedback": [p.feedback for p in result.parts if not p.correct]})
    summary = {"set": problem_set.title, "problems": len(rows) and len({r["problem"] for r in rows}),
               "students": list(DEMO_ROSTER), "grading": rows, "pdf": _pdfs(out, folders, students),
               "nbgrader": _course(out)}
    (out / "summary.json").write_text(dumps_json(summary) + "\n", encoding="utf-8")
    return summary
