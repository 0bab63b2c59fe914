"""Attacks on the course from inside the kernel, and cells that used to crash nbgrader, through
the real nbgrader with the kernel in its sandbox.

One autograde run grades every simulated student; each test reads its student's scores. Every
attacker knows the course's absolute path. Attackers get no credit, the honest students graded
after them keep full marks, the stored files are unchanged, and the run ends in bounded time.
A second, small run with NNGRADE_SANDBOX=off shows that the grading steps survive a malformed
kernel message even unconfined, and that such a run says it is not tamper-proof.
"""
from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import pytest

pytest.importorskip("nbgrader")
nbformat = pytest.importorskip("nbformat")

from nngrade.sandbox import UNCONFINED_WARNING, availability  # noqa: E402

from ..nbgrader_course import autograded, grade_id, grades, hand_in, released, right_answers, run_nbgrader  # noqa: E402

pytestmark = [pytest.mark.nbgrader,
              pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")]

ASSIGNMENT = """\
assignment: hw1
title: Homework 1
check: format
exercises:
  - id: layer
    kind: linear_layer
    points: 3
  - id: act
    kind: activation
    points: 2
    knobs: {function: sigmoid}
"""
POINTS = {"layer": 3.0, "act": 2.0}
TIMEOUT = 5
MARKER = f"nngrade-detached-{os.getpid()}"

#: Sorted as nbgrader grades them: one honest student first, the attackers, then honest students
#: (z_victim's submission is the one a_rewrite goes after; z_wrong's wrong answers must stay wrong
#: after a_loosen).
HONEST = ("a0_first", "h_copied", "h_unknown", "z_victim")
ATTACKERS = ("a_detached", "a_gradebook", "a_loosen", "a_rewrite")
PRINTERS = ("a_print100", "a_print400", "a_flood")
STUDENTS = tuple(sorted(HONEST + ATTACKERS + PRINTERS + ("z_wrong",)))

GRADEBOOK_WRITE = """
import os, sqlite3
for path in [os.path.abspath('../../../gradebook.db'), COURSE + '/gradebook.db']:
    try:
        db = sqlite3.connect('file:' + path + '?mode=rw', uri=True)
        db.execute('update grade set extra_credit = 50, manual_score = 50')
        db.commit()
        print('wrote', path)
    except Exception as error:
        print('absent:', path, type(error).__name__)
"""
MALFORMED_MESSAGES = """
kernel = get_ipython().kernel
parent = kernel.get_parent()
kernel.session.send(kernel.iopub_socket, 'status', {'no_state': True}, parent=parent)
kernel.session.send(kernel.iopub_socket, 'display_data', {'data': 5, 'metadata': []}, parent=parent)
kernel.session.send(kernel.iopub_socket, 'execute_result', {'execution_count': 'x', 'data': {}}, parent=parent)
kernel.iopub_socket.send_multipart([b'not a message'])
"""
DETACHED = """
import os, sys
late = '''
import pathlib, sqlite3, time
for _ in range(90):
    time.sleep(1)
    try:
        db = sqlite3.connect('file:' + COURSE + '/gradebook.db?mode=rw', uri=True)
        db.execute('update grade set extra_credit = 50, manual_score = 50')
        db.commit()
    except Exception:
        pass
    try:
        pathlib.Path(COURSE, 'written-later').write_text('full marks')
    except Exception:
        pass
'''.replace('COURSE', repr(COURSE))
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, '-c', late, MARKER])
    os._exit(0)
"""
REWRITE = """
import pathlib, sys
sockets = pathlib.Path(sys.argv[sys.argv.index('-f') + 1]).parent
try:
    (sockets / 'kernel-1').unlink()
    print('replaced a socket')
except OSError as error:
    print('sockets locked:', type(error).__name__)
for path in [pathlib.Path(COURSE, 'submitted', 'z_victim', 'hw1', 'hw1.ipynb'),
             pathlib.Path('../../z_victim/hw1/hw1.ipynb')]:
    try:
        path.write_text('{}')
        print('rewrote', path)
    except Exception as error:
        print('absent:', path, type(error).__name__)
"""
LOOSEN = """
import json, pathlib
path = pathlib.Path(COURSE, 'nngrade', 'hw1.json')
try:
    spec = json.loads(path.read_text())
    for entry in spec['exercises']:
        entry['parts'] = {'z': {'atol': 1e9}, 'a': {'atol': 1e9}}
    path.write_text(json.dumps(spec))
    print('loosened', path)
except Exception as error:
    print('absent:', path, type(error).__name__)
"""
FLOOD = """
kernel = get_ipython().kernel
for _ in range(400):
    kernel.session.send(kernel.iopub_socket, 'stream', {'name': 'stdout', 'text': 'f' * 100_000},
                        parent=kernel.get_parent())
"""
BEFORE_ANSWER = {"a_detached": DETACHED, "a_gradebook": GRADEBOOK_WRITE + MALFORMED_MESSAGES,
                 "a_loosen": LOOSEN, "a_rewrite": REWRITE}
AFTER_ANSWER = {"a_print100": "print('x' * 100_000_000)", "a_print400": "print('y' * 400_000_000)",
                "a_flood": FLOOD}


def wrong(value):
    if isinstance(value, list):
        return [wrong(item) for item in value]
    return 987654.0


def answer_source(spec, exercise, student, course) -> str:
    right = right_answers(spec, exercise, student)
    if student in ATTACKERS or student == "z_wrong":
        right = {part: wrong(value) for part, value in right.items()}
    code = f"answer_{exercise} = {json.dumps(right)}"
    if exercise == "layer":
        prelude = f"COURSE = {str(course)!r}\nMARKER = {MARKER!r}\n"
        code = prelude + BEFORE_ANSWER.get(student, "") + code + "\n" + AFTER_ANSWER.get(student, "")
    return code


def submission(release, spec, student, course):
    nb = copy.deepcopy(release)
    cells = []
    for cell in nb.cells:
        exercise = grade_id(cell).split("-")[0]
        if grade_id(cell).endswith("-answer"):
            cell.source = answer_source(spec, exercise, student, course)
        cells.append(cell)
        if grade_id(cell) == "layer-test" and student == "h_copied":
            pasted = copy.deepcopy(cell)
            pasted.id = "pasted-test-cell"  # Jupyter gives a pasted cell an id of its own
            cells.append(pasted)
        if grade_id(cell) == "act-test" and student == "h_unknown":
            extra = nbformat.v4.new_code_cell("print('my own check')")
            extra.metadata["nbgrader"] = {"grade": True, "grade_id": "my-own-test", "locked": False,
                                          "points": 5, "schema_version": 3, "solution": False,
                                          "task": False}
            cells.append(extra)
    nb.cells = cells
    return nb


def stored_files(course: Path) -> dict[str, str]:
    """Digest of every file the instructor keeps, except the gradebook."""
    digests = {}
    for folder in ("source", "release", "submitted", "nngrade"):
        for path in sorted((course / folder).rglob("*")):
            if path.is_file():
                digests[str(path.relative_to(course))] = hashlib.sha256(path.read_bytes()).hexdigest()
    digests["nbgrader_config.py"] = hashlib.sha256((course / "nbgrader_config.py").read_bytes()).hexdigest()
    return digests


def make_course(root: Path, students) -> tuple[Path, object]:
    course = released(root, ASSIGNMENT, timeout=TIMEOUT)
    for student in students:
        hand_in(course.course, "hw1", student, submission(course.notebook, course.spec, student, course.course))
    return course.course, course.spec


def read_grades(course, students):
    return grades(course, "hw1", students, lambda g: (g.score, g.auto_score, g.manual_score, g.extra_credit))


def scores(grades, student):
    return {name.split("-")[0]: grade[0] for name, grade in grades[student].items()}


def cell_text(course, student, wanted) -> str:
    cell = next(c for c in autograded(course, "hw1", student).cells if grade_id(c) == wanted)
    return "".join(output.get("text", "") for output in cell.outputs)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    assert availability().ok, availability().reason
    course, spec = make_course(tmp_path_factory.mktemp("sandboxed"), STUDENTS)
    before = stored_files(course)
    start = time.perf_counter()
    run = run_nbgrader(course, "autograde", "hw1", timeout=1500)
    seconds = time.perf_counter() - start
    print(f"sandboxed autograde of {len(STUDENTS)} notebooks: {seconds:.1f} s")
    time.sleep(3)  # the detached process would write within a second or two
    return {"course": course, "spec": spec, "run": run, "seconds": seconds, "before": before,
            "grades": read_grades(course, STUDENTS)}


def test_the_run_ends_cleanly_in_bounded_time(graded):
    assert graded["run"].returncode == 0, graded["run"].stderr[-3000:]
    assert graded["seconds"] < 40 * len(STUDENTS)


@pytest.mark.parametrize("student", HONEST)
def test_honest_students_keep_full_marks(graded, student):
    assert scores(graded["grades"], student) == POINTS


@pytest.mark.parametrize("student", ATTACKERS + ("z_wrong",))
def test_attackers_get_no_credit(graded, student):
    for name, (score, auto, manual, extra) in graded["grades"][student].items():
        assert (score, auto, manual, extra) == (0, 0, None, None), (name, graded["grades"][student])


def test_no_grade_anywhere_has_manual_score_or_extra_credit(graded):
    for student, cells in graded["grades"].items():
        for name, (score, auto, manual, extra) in cells.items():
            assert manual is None and not extra, (student, name)


def test_stored_files_are_unchanged(graded):
    assert stored_files(graded["course"]) == graded["before"]


@pytest.mark.parametrize("student", ["a_gradebook", "a_rewrite", "a_loosen"])
def test_the_course_does_not_exist_inside_the_kernel(graded, student):
    text = cell_text(graded["course"], student, "layer-answer")
    assert "absent:" in text and "wrote" not in text and "rewrote" not in text and "loosened" not in text, text


@pytest.mark.skipif(os.geteuid() != 0, reason="only a sandbox started by root locks the socket folder")
def test_the_kernel_cannot_replace_its_sockets_once_connected(graded):
    assert "sockets locked:" in cell_text(graded["course"], "a_rewrite", "layer-answer")


def test_a_detached_process_is_dead_and_wrote_nothing(graded):
    assert not (graded["course"] / "written-later").exists()
    alive = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and MARKER.encode() in (entry / "cmdline").read_bytes():
                alive.append(entry.name)
        except OSError:
            continue
    assert alive == []


@pytest.mark.parametrize("student", PRINTERS)
def test_huge_prints_leave_a_small_notebook(graded, student):
    path = graded["course"] / "autograded" / student / "hw1" / "hw1.ipynb"
    assert path.stat().st_size < 5_000_000
    assert "beyond" in cell_text(graded["course"], student, "layer-answer")  # the note says so


@pytest.mark.parametrize("student", ["a_print100", "a_print400"])
def test_a_huge_print_does_not_eat_the_answers(graded, student):
    assert scores(graded["grades"], student) == POINTS


def test_a_flood_of_messages_keeps_the_answers(graded):
    assert scores(graded["grades"], "a_flood") == POINTS


def test_a_copied_test_cell_and_an_unknown_grade_id_add_no_points(graded):
    for student in ("h_copied", "h_unknown"):
        assert set(scores(graded["grades"], student)) == set(POINTS)


@pytest.fixture(scope="module")
def unconfined(tmp_path_factory):
    students = ("a_gradebook", "b_honest")
    course, spec = make_course(tmp_path_factory.mktemp("unconfined"), students)
    run = run_nbgrader(course, "autograde", "hw1", timeout=1500, env={**os.environ, "NNGRADE_SANDBOX": "off"})
    return {"course": course, "run": run, "grades": read_grades(course, students)}


def test_unconfined_the_gradebook_is_restored_despite_a_malformed_message(unconfined):
    assert unconfined["run"].returncode == 0, unconfined["run"].stderr[-3000:]
    assert "wrote" in cell_text(unconfined["course"], "a_gradebook", "layer-answer")
    for name, grade in unconfined["grades"]["a_gradebook"].items():
        assert grade == (0, 0, None, None), name
    assert scores(unconfined["grades"], "b_honest") == POINTS


def test_unconfined_results_say_they_are_not_tamper_proof(unconfined):
    assert UNCONFINED_WARNING in unconfined["run"].stderr
    assert UNCONFINED_WARNING in cell_text(unconfined["course"], "b_honest", "act-test")
