"""With the real nbgrader: the feedback a student gets, and the graded notebook the instructor sees
in formgrader, show the student's own problem, rendered; the feedback says what was
wrong (which entries, for a per-entry part), and the worked solution of their own variant only
once the instructor allows it. Scores are rounded for people there and in ``nbgrader export``."""
from __future__ import annotations

import csv
import html
import re

import pytest

pytest.importorskip("nbgrader")
nbformat = pytest.importorskip("nbformat")

from nngrade.core.number_style import number_style  # noqa: E402
from nngrade.course.assignment import build  # noqa: E402
from nngrade.exercises import registry
from nngrade.rendering import render  # noqa: E402

from ..nbgrader_course import answered, hand_in, released, right_answers, run_nbgrader  # noqa: E402

pytestmark = pytest.mark.nbgrader

ASSIGNMENT = """\
assignment: hw1
check: format
numbers: {{style: decimal, sigfigs: 4}}
solution_in_feedback: {allowed}
exercises:
  - id: layer
    kind: linear_layer
    points: 3
    knobs: {{difficulty: medium}}
    parts: {{z: {{per_entry: true}}}}
  - id: act
    kind: activation
    points: 2
    knobs: {{function: sigmoid}}
"""
STUDENTS = ("ada", "ben")


def answers(spec, student) -> dict[str, dict]:
    """ada: every answer right but one entry of z; ben: z right, nothing for act."""
    out = {entry.id: right_answers(spec, entry.id, student) for entry in spec.exercises}
    if student == "ada":
        out["layer"]["z"][0][0] += 7
    else:
        out["act"] = {}
    return out


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("feedback")
    built = released(root, ASSIGNMENT.format(allowed="false"))
    course, spec = built.course, built.spec
    for student in STUDENTS:
        written = answers(spec, student)
        notebook = answered(built.notebook, lambda exercise: f"answer_{exercise} = {written[exercise]!r}")
        hand_in(course, "hw1", student, notebook)
    run_nbgrader(course, "autograde", "hw1", check=True)
    graded = {student: formgrader_view(course, student) for student in STUDENTS}
    run_nbgrader(course, "generate_feedback", "hw1", check=True)
    before = {student: feedback_of(course, student) for student in STUDENTS}
    (root / "hw1.yaml").write_text(ASSIGNMENT.format(allowed="true"))  # after the deadline
    build(root / "hw1.yaml", course, course_id="nn101")
    run_nbgrader(course, "generate_feedback", "hw1", "--force", check=True)
    after = {student: feedback_of(course, student) for student in STUDENTS}
    run_nbgrader(course, "export", "--to", str(root / "grades.csv"), check=True)
    return {"course": course, "spec": spec, "before": before, "after": after, "csv": root / "grades.csv",
            "graded": graded}


def feedback_of(course, student) -> str:
    return (course / "feedback" / student / "hw1" / "hw1.html").read_text()


def formgrader_view(course, student) -> str:
    """The instructor's page of a graded notebook, as nbgrader's formgrader renders it: the
    autograded notebook through nbconvert's HTML exporter with the formgrade template."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.template_name = "formgrade"
    config.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    resources = {"assignment_id": "hw1", "notebook_id": "hw1", "submission_id": student, "index": 0, "total": 1,
                 "base_url": "", "student": student, "last_name": None, "first_name": None,
                 "notebook_path": f"autograded/{student}/hw1/hw1.ipynb"}
    page, _ = HTMLExporter(config=config).from_filename(
        str(course / "autograded" / student / "hw1" / "hw1.ipynb"), resources=resources)
    return page


def text_of(page: str) -> str:
    """What a page says, tags dropped and spaces collapsed (nbconvert re-serialises the HTML)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize("view", ["before", "after", "graded"])
@pytest.mark.parametrize("student", STUDENTS)
def test_feedback_and_formgrader_show_the_students_own_problem_rendered(course, student, view):
    spec, page = course["spec"], course[view][student]
    assert "not rendered" not in page and "autograding" not in page
    for entry in spec.exercises:
        own = render.statement(spec.variant(entry.id, student), "html", spec.numbers)
        assert text_of(own) in text_of(page), entry.id
        other = render.statement(spec.variant(entry.id, "someone-else"), "html", spec.numbers)
        assert text_of(other) not in text_of(page)
    assert page.count("<math") >= 2 * len(spec.exercises)


def test_feedback_says_what_was_wrong_and_where(course):
    ada, ben = text_of(course["before"]["ada"]), text_of(course["before"]["ben"])
    assert "1 of " in ada and "wrong at row 1, column 1" in ada
    assert "missing" in ben or "no answer" in ben
    assert re.search(r"layer \(ada\), points: \d+(\.\d{1,2})? / 3\b", ada)
    assert not re.search(r"\d\.\d{3,}", re.sub(r"<math.*?</math>", "", course["before"]["ada"], flags=re.S)
                         .split("layer (ada)")[1][:400])


@pytest.mark.parametrize("student", STUDENTS)
def test_the_worked_solution_is_shown_only_once_allowed(course, student):
    assert "Worked solution" not in course["before"][student]
    page = course["after"][student]
    assert page.count("Worked solution") == len(course["spec"].exercises)
    spec = course["spec"]
    for entry in spec.exercises:
        problem = spec.variant(entry.id, student)
        with number_style(spec.numbers):
            worked = render.worked_solution(problem, registry.get(entry.kind).solve(problem.params), "html")
        assert text_of(worked) in text_of(page), entry.id


def test_export_scores_are_rounded_for_people(course):
    with open(course["csv"], newline="") as source:
        rows = list(csv.DictReader(source))
    assert {row["student_id"] for row in rows} == set(STUDENTS)
    for row in rows:
        for column in ("raw_score", "score", "max_score"):
            assert re.fullmatch(r"\d+(\.\d{1,2})?", row[column]), (column, row[column])
    assert float(next(row for row in rows if row["student_id"] == "ben")["score"]) == 3
