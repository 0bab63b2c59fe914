"""End to end with the real nbgrader: build a course, release, submit, autograde, read the gradebook.

One autograde run grades every simulated student (nbgrader pays 5-6 s of start-up per command),
then each test reads its student's scores through nbgrader's Gradebook API. Honest students get
what the grader says they deserve; every trick in the issue's tamper list gets no credit.
"""
from __future__ import annotations

import copy
import json
import subprocess
import sys
import time

import numpy as np
import pytest

pytest.importorskip("nbgrader")
pytest.importorskip("nbformat")

from nbgrader.api import Gradebook  # noqa: E402

from nngrade.exercises.keys import round_sigfigs  # noqa: E402
from nngrade.grading.grade import grade  # noqa: E402
from nngrade.grading.result import rounded_points  # noqa: E402

from ..nbgrader_course import autograded, grade_id, grades, hand_in, released, run_nbgrader  # noqa: E402

pytestmark = pytest.mark.nbgrader

ASSIGNMENT = """\
assignment: hw1
title: Homework 1
check: format
exercises:
  - id: layer
    kind: linear_layer
    points: 3
    knobs: {difficulty: medium}
    parts: {z: {per_entry: true}}
  - id: shapes
    kind: linear_layer
    points: 2
    knobs: {ask_shape: true}
  - id: act
    kind: activation
    points: 2
    knobs: {function: sigmoid, difficulty: medium}
"""
POINTS = {"layer": 3.0, "shapes": 2.0, "act": 2.0}
#: Per-cell time-out of the autograde run (the infinite loop costs this once).
TIMEOUT = 6

HONEST = ("alice", "bob", "carol", "dave", "erin", "frank", "gina")
TAMPERERS = ("t_numpy", "t_nngrade", "t_eq", "t_student", "t_delete", "t_edit", "t_print", "t_sysexit",
             "t_osexit", "t_gradebook")


def answers_of(spec, exercise, student):
    return spec.answer_key(exercise, spec.variant(exercise, student)).expected


def literal(value) -> str:
    return json.dumps(value)


def wrong_answers(values):
    """Numbers far from anything right, in the shape of ``values``."""
    if isinstance(values, list):
        return [wrong_answers(item) for item in values]
    return 987654.0


SABOTAGE = {
    "t_numpy": "import numpy, numpy.testing\n"
               "numpy.testing.assert_allclose = lambda *a, **k: None\n"
               "numpy.allclose = lambda *a, **k: True\nnumpy.isclose = lambda a, b, **k: numpy.ones_like(a, bool)\n",
    "t_nngrade": "import nngrade, nngrade.grading.grade as g, nngrade.grading.compare as c\n"
                 "from nngrade.grading.result import GradeResult\n"
                 "g.grade = lambda key, sub: GradeResult([])\nc.close = lambda *a, **k: True\n"
                 "nngrade.grade = g.grade\nnngrade_assignment.check_format = lambda *a, **k: None\n",
    "t_eq": "class Always:\n    def __eq__(self, other): return True\n    def __ne__(self, other): return False\n"
            "    def __float__(self): return 0.0\n    def __array__(self, *a, **k): raise TypeError\n",
    "t_student": "import os\nos.environ['NNGRADE_STUDENT'] = 'alice'\nnngrade_assignment._student = 'alice'\n"
                 "nngrade_assignment.spec = nngrade_assignment.spec.__class__("
                 "**{**nngrade_assignment.spec.__dict__, 'key': 'x'})\n",
    "t_print": "print('All tests passed! 3/3 points')\n",
    "t_gradebook": "import os, sqlite3\n"
                   "db = sqlite3.connect(os.path.abspath('../../../gradebook.db'))\n"
                   "db.execute('update grade set extra_credit = 50, manual_score = 50')\n"
                   "db.execute('update grade set auto_score = 0')\ndb.commit()\ndb.close()\n",
}
ENDINGS = {"t_sysexit": "\nimport sys\nsys.exit(0)", "t_osexit": "\nimport os\nos._exit(0)"}


def answer_sources(spec, student) -> dict[str, str]:
    """The code each simulated student writes in the answer cells, per exercise."""
    right = {ex: answers_of(spec, ex, student) for ex in POINTS}
    sources = {ex: f"answer_{ex} = {literal(value)}" for ex, value in right.items()}
    layer = right["layer"]
    if student == "bob":  # forgot the bias: a known misconception
        key = spec.answer_key("layer", spec.variant("layer", student))
        no_bias = next(w.values["z"] for w in key.misconceptions if w.code == "no_bias")
        sources["layer"] = f"answer_layer = {literal({'z': no_bias})}"
    elif student == "carol":  # worked by hand, every value rounded to 3 significant figures
        for ex, value in right.items():
            rounded = {part: round_sigfigs(v, 3).tolist() for part, v in value.items()}
            sources[ex] = f"import numpy as np\nanswer_{ex} = {{k: np.array(v) for k, v in {literal(rounded)}.items()}}"
    elif student == "dave":  # the answer cell raises
        sources["layer"] = "answer_layer = {'z': 1 / 0}"
    elif student == "erin":  # an infinite loop
        sources["layer"] = "while True:\n    pass"
    elif student in ("frank", "t_student"):  # alice's numbers (t_student also pretends to be alice)
        sources = {ex: SABOTAGE.get(student, "") + f"answer_{ex} = {literal(answers_of(spec, ex, 'alice'))}"
                   for ex in POINTS}
    elif student == "gina":  # one entry of z wrong: partial credit
        z = [row[:] for row in layer["z"]]
        z[0][0] += 7
        sources["layer"] = f"answer_layer = {literal({'z': z})}"
    elif student == "t_eq":
        sources = {ex: SABOTAGE[student] + f"answer_{ex} = {{part: Always() for part in {sorted(value)!r}}}"
                   for ex, value in right.items()}
    elif student in TAMPERERS and student != "t_delete":
        sources = {ex: SABOTAGE.get(student, "") + f"answer_{ex} = {literal(wrong_answers_of(value))}"
                   + ENDINGS.get(student, "") for ex, value in right.items()}
    return sources


def wrong_answers_of(value: dict) -> dict:
    return {part: (99 if isinstance(v, int) else wrong_answers(v)) for part, v in value.items()}


def submission(released_notebook, spec, student):
    nb = copy.deepcopy(released_notebook)
    sources = answer_sources(spec, student)
    kept = []
    for cell in nb.cells:
        exercise = grade_id(cell).split("-")[0]
        if grade_id(cell).endswith("-answer"):
            cell.source = sources[exercise]
        if grade_id(cell).endswith("-test") and student == "t_delete":
            continue
        if grade_id(cell).endswith("-test") and student == "t_edit":
            cell.source = "print('passed')\n" + str(POINTS[exercise])
            cell.metadata["nbgrader"]["points"] = 100
        if grade_id(cell) == "setup" and student == "t_student":
            cell.source = cell.source.replace("Assignment(", "Assignment(student='alice', spec=")
        kept.append(cell)
    nb.cells = kept
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = released(tmp_path_factory.mktemp("nbgrader"), ASSIGNMENT, timeout=TIMEOUT)
    for student in HONEST + TAMPERERS:
        hand_in(course.course, "hw1", student, submission(course.notebook, course.spec, student))
    start = time.perf_counter()
    run = run_nbgrader(course.course, "autograde", "hw1")
    seconds = time.perf_counter() - start
    (course.course.parent / "autograde.log").write_text(run.stderr)
    print(f"autograde of {len(HONEST + TAMPERERS)} notebooks: {seconds:.1f} s")
    return {"course": course.course, "spec": course.spec, "scores": read_scores(course.course), "run": run}


def expected(spec, student, exercise, answers):
    key = spec.answer_key(exercise, spec.variant(exercise, student))
    result = grade(key, answers)
    return rounded_points(POINTS[exercise] * result.score / result.max_score)


def test_autograde_exits_cleanly_even_when_a_kernel_dies(graded):
    assert graded["run"].returncode == 0, graded["run"].stderr[-3000:]


def test_every_grade_is_automatic_and_has_no_extra_credit(graded):
    for student, grades in graded["scores"].items():
        for exercise, (score, auto, manual, extra, needs_manual) in grades.items():
            assert not needs_manual, (student, exercise)
            assert manual is None and not extra, (student, exercise)
            assert score == auto


def test_right_answers_get_full_marks(graded):
    assert {ex: s[0] for ex, s in graded["scores"]["alice"].items()} == POINTS


def test_misconception_gets_what_the_grader_gives(graded):
    spec = graded["spec"]
    key = spec.answer_key("layer", spec.variant("layer", "bob"))
    no_bias = next(w.values["z"] for w in key.misconceptions if w.code == "no_bias")
    assert graded["scores"]["bob"]["layer"][0] == expected(spec, "bob", "layer", {"z": no_bias}) < 3
    assert all(graded["scores"]["bob"][ex][0] == POINTS[ex] for ex in POINTS if ex != "layer")


def test_answers_rounded_by_hand_get_full_marks(graded):
    assert {ex: s[0] for ex, s in graded["scores"]["carol"].items()} == POINTS


@pytest.mark.parametrize("student", ["dave", "erin"])
def test_a_failing_answer_cell_costs_only_its_exercise(graded, student):
    assert graded["scores"][student]["layer"][0] == 0
    assert all(graded["scores"][student][ex][0] == POINTS[ex] for ex in POINTS if ex != "layer")


def test_another_students_numbers_are_graded_against_ones_own(graded):
    spec = graded["spec"]
    for exercise in POINTS:
        copied = answers_of(spec, exercise, "alice")
        assert graded["scores"]["frank"][exercise][0] == expected(spec, "frank", exercise, copied)
    assert sum(s[0] for s in graded["scores"]["frank"].values()) < sum(POINTS.values())


def test_partial_credit_per_entry(graded):
    score = graded["scores"]["gina"]["layer"][0]
    assert 0 < score < 3


@pytest.mark.parametrize("student", [t for t in TAMPERERS if t not in ("t_delete", "t_student")])
def test_tampering_earns_nothing(graded, student):
    assert all(s[0] == 0 for s in graded["scores"][student].values()), graded["scores"][student]


def test_pretending_to_be_another_student_earns_nothing(graded):
    spec = graded["spec"]
    for exercise in POINTS:
        copied = answers_of(spec, exercise, "alice")
        assert graded["scores"]["t_student"][exercise][0] == expected(spec, "t_student", exercise, copied)


def test_deleted_test_cells_are_restored_and_graded(graded):
    assert {ex: s[0] for ex, s in graded["scores"]["t_delete"].items()} == POINTS


def test_gradebook_writes_by_student_code_are_undone(graded):
    assert graded["scores"]["alice"]["layer"][0] == 3
    assert graded["scores"]["t_gradebook"]["layer"][:4] == (0, 0, None, None)


def test_feedback_names_the_mistake_without_the_answer(graded):
    test_cell = next(c for c in autograded(graded["course"], "hw1", "bob").cells if grade_id(c) == "layer-test")
    text = "".join(o.get("text", "") for o in test_cell.outputs)
    assert "bias" in text
    right = answers_of(graded["spec"], "layer", "bob")["z"]
    assert json.dumps(right) not in text and str(right) not in text


def test_each_students_graded_answers_are_written_in_the_class_results_format(graded):
    """Written by the instructor's nbgrader process from the graded answers: the records agree
    with the gradebook, and a kernel that wrote to the gradebook cannot have written them."""
    folder = graded["course"] / "nngrade-results" / "hw1"
    spec = graded["spec"]
    for student in HONEST + TAMPERERS:
        record = json.loads((folder / f"{student}.json").read_text())
        assert set(record) == {"student", "assignment", "problems", "errors"}
        assert record["student"] == student and record["assignment"] == "hw1"
        assert [item["problem"] for item in record["problems"]] == list(POINTS)
        for item in record["problems"]:
            exercise, result = item["problem"], item["result"]
            assert item["kind"] == spec.entry(exercise).kind
            assert item["variant"] == spec.variant(exercise, student).seed
            # the gradebook holds the score as people read it (2 places); the record keeps it whole
            assert rounded_points(POINTS[exercise] * result["score"] / result["max_score"]) == \
                graded["scores"][student][exercise][1]
    erin = json.loads((folder / "erin.json").read_text())
    assert erin["errors"] == [{"problem": "layer", "error": "no answers were recorded"}]
    assert json.loads((folder / "alice.json").read_text())["errors"] == []
    assert not (folder / "scores.csv").exists()  # plain nbgrader autograde: written by the class autograde


def read_scores(course):
    recorded = grades(course, "hw1", HONEST + TAMPERERS,
                      lambda g: (g.score, g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade))
    return {student: {name.split("-")[0]: value for name, value in cells.items()} for student, cells in recorded.items()}


def test_class_autograde_in_two_processes_fills_the_same_gradebook_and_keeps_changes_made_meanwhile(graded):
    """While the class autograde runs, the instructor enters a manual grade and adds a student;
    its merge keeps both and fills in everything autograde produced."""
    import threading

    from nngrade.course.class_autograde import autograde

    course = graded["course"]
    result = {}
    worker = threading.Thread(target=lambda: result.update(run=autograde(course, "hw1", processes=2)))
    worker.start()
    deadline = time.monotonic() + 120
    while not list(course.glob("nngrade-autograde-*/gradebook-*.db")) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert worker.is_alive(), "the class autograde ended before anything could be changed meanwhile"
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        gb.find_grade("act-test", "hw1", "hw1", "alice").manual_score = 1.5
        gb.db.commit()
        gb.add_student("late_joiner")
    worker.join()
    run = result["run"]
    assert run.failed == [] and run.students == len(HONEST + TAMPERERS) and run.processes == 2
    assert not run.unconfined
    print(f"class autograde, 2 processes: {run.seconds:.1f} s")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        assert gb.find_grade("act-test", "hw1", "hw1", "alice").manual_score == 1.5
        assert "late_joiner" in [student.id for student in gb.students]
    rows = (course / "nngrade-results" / "hw1" / "scores.csv").read_text().splitlines()
    assert rows[0] == "student,score,max_score," + ",".join(
        f"{exercise}/{part.part}" for exercise in POINTS
        for part in graded["spec"].answer_key(exercise, graded["spec"].variant(exercise, "alice")).specs)
    assert len(rows) == 1 + len(HONEST + TAMPERERS)
    after = read_scores(course)
    assert after["alice"]["act"][:3] == (1.5, graded["scores"]["alice"]["act"][1], 1.5)
    after["alice"]["act"] = graded["scores"]["alice"]["act"]
    assert after == graded["scores"]


def _shown(output) -> str:
    """What an output shows a student: its text, data and error (not bookkeeping such as
    ``execution_count``, whose numbers would be false alarms)."""
    parts = [output.get("text", ""), output.get("ename", ""), output.get("evalue", "")]
    parts += [str(value) for value in output.get("data", {}).values()]
    parts += output.get("traceback", [])
    return "\n".join(parts)


def _leaks(text: str, values) -> list[str]:
    """Expected values that appear in ``text`` as numbers, in any usual printed form.

    Only values that cannot turn up by chance are searched: two or more digits before the point,
    or a fraction with three significant figures (scores and counts are small round numbers)."""
    import re

    found = []
    for value in np.ravel(np.asarray(values, dtype=float)):
        whole = value == int(value)
        if (whole and abs(value) < 10) or (not whole and len(f"{abs(value):.3g}".replace(".", "").strip("0")) < 3):
            continue
        forms = {f"{value:g}", f"{value:.3g}", f"{value:.4g}", f"{value:.2f}", repr(float(value))}
        if value == int(value):
            forms.add(str(int(value)))
        for form in forms:
            if re.search(rf"(?<![\w.]){re.escape(form)}(?![\w]|\.\d)", text):
                found.append(form)
    return found


def test_release_and_feedback_hold_no_expected_value(graded):
    spec, course = graded["spec"], graded["course"]
    release = (course / "release" / "hw1" / "hw1.ipynb").read_text().replace(spec.key, "")
    checked = 0
    for student in HONEST + TAMPERERS:
        feedback = "\n".join(_shown(output) for cell in autograded(course, "hw1", student).cells
                             if grade_id(cell).endswith("-test")
                             for output in cell.outputs)
        for exercise in POINTS:
            for part, values in answers_of(spec, exercise, student).items():
                assert not _leaks(release, values), (student, exercise, part)
                assert not _leaks(feedback, values), (student, exercise, part)
                checked += len(np.ravel(values))
    assert checked > 0, "no value large enough to search for: draw harder variants"


def test_the_leak_search_finds_printed_values():
    assert "-12.0" in _leaks("z: [[-12.0], [5.0]]", [[-12], [5]])
    assert _leaks("the answer is 13.5", [13.5])
    assert _leaks("a = [0.731, 0.269]", [0.7310585786300049])
    assert not _leaks("id s120 and 2.5 points", [[-12], [120.5], [2.5], [3]])


def test_nngrade_report_of_the_autograde_shows_what_each_student_did(graded, tmp_path):
    """``nngrade report`` (the command) over the autograde's own records: each student's outcome
    per part is what the student planted, and the shares are those counts."""
    pytest.importorskip("matplotlib")
    import csv

    folder = graded["course"] / "nngrade-results" / "hw1"
    run = subprocess.run([sys.executable, "-m", "nngrade", "report", str(folder), "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    students = len(HONEST + TAMPERERS)
    assert f"report of {students} students, 3 exercises" in run.stdout
    figures = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert figures["assignment"] == "hw1" and [e["problem"] for e in figures["exercises"]] == list(POINTS)
    assert figures["flagged"] == []  # every student has an own variant: none has enough students to test
    exercises = {exercise["problem"]: exercise for exercise in figures["exercises"]}
    layer = next(part for part in exercises["layer"]["parts"] if part["part"] == "z")
    outcome = {row["student"]: row["outcome"] for row in csv.DictReader((tmp_path / layer["csv"]).open(encoding="utf-8"))}
    assert outcome["bob"] == "misconception:no_bias"  # forgot the bias
    assert outcome["alice"] == outcome["carol"] == outcome["t_delete"] == "right"  # carol rounded by hand
    assert outcome["gina"] == outcome["frank"] == "wrong"  # one entry off; another student's numbers
    # the cell raised; the infinite loop; the kernel that ended itself
    assert outcome["dave"] == outcome["erin"] == outcome["t_osexit"] == "not_graded"
    assert outcome["t_eq"] == "unreadable"  # objects that are no answers
    assert all(outcome[student] in ("wrong", "not_graded") for student in TAMPERERS
               if student not in ("t_delete", "t_student", "t_eq"))  # no trick is right
    assert layer["outcomes"]["misconception:no_bias"] == 1 / layer["students"]
    for exercise in POINTS:  # the shares are the counts of the students' outcomes, the facility their scores
        rows = [row for part in exercises[exercise]["parts"]
                for row in csv.DictReader((tmp_path / part["csv"]).open(encoding="utf-8"))]
        assert exercises[exercise]["facility"] == pytest.approx(
            sum(float(row["score"]) for row in rows) / (exercises[exercise]["max_score"] * exercises[exercise]["students"]))
    stopped = [row for row in figures["errors"] if row["problem"] == "layer"]
    assert stopped[0]["error"] == "no answers were recorded" and stopped[0]["students"] >= 2  # named, not hidden
