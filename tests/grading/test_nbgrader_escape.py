"""More attacks from a submission on the grader, through the real nbgrader with the kernel in its
sandbox: links in the submitted folder, spying on the grader from inside the kernel, filling the
disk, and cells that each sleep just under the time-out.

One autograde run grades every simulated student; each test reads its student's notebook or
scores. Every attacker gives right answers, so a mark lost would be the defence hurting a
student; what the attacks try to gain is information or time, and the tests check they get
neither, while the honest students around them keep full marks.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

pytest.importorskip("nbgrader")
nbformat = pytest.importorskip("nbformat")

from nngrade.sandbox import availability  # noqa: E402

from ..nbgrader_course import (answered, autograded, grade_id as grade_id_of, grades, hand_in,  # noqa: E402
                               released, right_answers, run_nbgrader)

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
SLEEPING_CELLS = 14           # 14 x 4.5 s: far more than the notebook's time (7 code cells x 5 s)
FILL_FILES, FILL_MB = 8, 60   # 480 MB, each file under the 64 MB file-size limit
GRADED = ("a0_first", "a_comm", "a_fill", "a_links", "a_slow", "a_spy", "a_stdin", "z_last")
BROKEN = ("a_garbage", "a_nested")   # notebook files that are not notebooks
STUDENTS = GRADED + BROKEN

SPY = """
import glob, os
seen = [repr(dict(os.environ))]
for folder in glob.glob('/proc/[0-9]*'):
    for name in ('environ', 'cmdline', 'mountinfo'):
        try:
            seen.append(open(folder + '/' + name, 'rb').read().decode(errors='replace'))
        except OSError:
            pass
fds = []
for fd in os.listdir('/proc/self/fd'):
    try:
        fds.append(os.readlink('/proc/self/fd/' + fd))
    except OSError:
        pass
seen += fds
blob = '\\n'.join(seen)
print('spy: course', 'visible' if COURSE in blob else 'hidden',
      '| gradebook', 'visible' if 'gradebook' in blob else 'hidden',
      '| processes', len(glob.glob('/proc/[0-9]*')), '| descriptors', len(fds))
"""
FILL = f"""
written = 0
for number in range({FILL_FILES}):
    try:
        with open(f'fill-{{number}}.bin', 'wb') as handle:
            for _ in range({FILL_MB}):
                handle.write(b'0' * 1024 * 1024)
                written += 1
    except OSError as error:
        print('fill stopped:', type(error).__name__)
        break
print('fill: wrote', written, 'MB')
"""
LINKS = """
for name in ['stolen-key.json', 'stolen-gradebook.db', 'stolen-classmate.ipynb']:
    try:
        print('link', name, 'read', len(open(name, 'rb').read()), 'bytes')
    except OSError as error:
        print('link', name, 'absent:', type(error).__name__)
"""
STDIN = """
import getpass
for ask in (input, getpass.getpass):
    try:
        ask('your password? ')
    except Exception as error:
        print('stdin refused:', type(error).__name__)
"""
COMM = """
kernel = get_ipython().kernel
for number in range(400):
    kernel.session.send(kernel.iopub_socket, 'comm_msg', {'comm_id': 'c', 'data': {'x': 'c' * 100_000}},
                        parent=kernel.get_parent())
"""
BEFORE_ANSWER = {"a_spy": SPY, "a_fill": FILL, "a_links": LINKS, "a_stdin": STDIN, "a_comm": COMM}


def answer_source(spec, exercise, student, course) -> str:
    code = f"answer_{exercise} = {json.dumps(right_answers(spec, exercise, student))}"
    if exercise == "layer":
        code = f"COURSE = {str(course)!r}\n" + BEFORE_ANSWER.get(student, "") + code
    return code


def submission(release, spec, student, course):
    nb = answered(release, lambda exercise: answer_source(spec, exercise, student, course))
    if student == "a_slow":
        nb.cells += [nbformat.v4.new_code_cell(f"import time\ntime.sleep({TIMEOUT - 0.5})\nprint('slept')")
                     for _ in range(SLEEPING_CELLS)]
    return nb


def plant_links(course: Path, folder: Path) -> None:
    """Links a student could leave in the exchange, which collect copies into submitted/."""
    (folder / "stolen-key.json").symlink_to(course / "nngrade-specs" / "hw1.json")
    (folder / "stolen-gradebook.db").symlink_to(course / "gradebook.db")
    (folder / "stolen-classmate.ipynb").symlink_to(course / "submitted" / "z_last" / "hw1" / "hw1.ipynb")


def make_course(root: Path):
    built = released(root, ASSIGNMENT, timeout=TIMEOUT)
    course = built.course
    for student in STUDENTS:
        hand_in(course, "hw1", student,
                submission(built.notebook, built.spec, student, course) if student in GRADED else None)
    (course / "submitted" / "a_garbage" / "hw1" / "hw1.ipynb").write_text('{"cells": [' + "x" * 1000)
    (course / "submitted" / "a_nested" / "hw1" / "hw1.ipynb").write_text(
        '{"metadata": ' + "[" * 200_000 + "]" * 200_000 + ', "nbformat": 4, "nbformat_minor": 5, "cells": []}')
    plant_links(course, course / "submitted" / "a_links" / "hw1")
    return course


def cell_text(course, student, index=None, grade_id=None) -> str:
    nb = autograded(course, "hw1", student)
    cells = [c for c in nb.cells if grade_id_of(c) == grade_id] if grade_id else nb.cells[index:]
    return "".join(output.get("text", "") for cell in cells for output in cell.get("outputs", []))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    assert availability().ok, availability().reason
    course = make_course(tmp_path_factory.mktemp("escape"))
    start = time.perf_counter()
    run = run_nbgrader(course, "autograde", "hw1", timeout=1500)
    seconds = time.perf_counter() - start
    print(f"autograde of {len(STUDENTS)} notebooks: {seconds:.1f} s, exit status {run.returncode}")
    scores = {student: {name.split("-")[0]: score for name, score in cells.items()}
              for student, cells in grades(course, "hw1", GRADED).items()}
    return {"course": course, "run": run, "seconds": seconds, "grades": scores}


def test_the_run_ends_and_names_the_broken_notebooks(graded):
    """nbgrader reports a notebook it cannot read and goes on with the others (exit status 1)."""
    assert graded["run"].returncode == 1, graded["run"].stderr[-3000:]
    assert "Traceback" not in graded["run"].stdout
    for student in BROKEN:
        assert student in graded["run"].stderr


@pytest.mark.parametrize("student", GRADED)
def test_every_student_keeps_full_marks(graded, student):
    assert graded["grades"][student] == POINTS


def test_links_in_a_submission_copy_nothing_of_the_course(graded):
    """nbgrader copies a submission's other files by following links; what a link pointed at
    (the stored assignment, the gradebook, a classmate's notebook) must reach neither the
    autograded folder, which feedback is made from, nor the kernel."""
    folder = graded["course"] / "autograded" / "a_links" / "hw1"
    assert sorted(path.name for path in folder.iterdir() if path.name.startswith("stolen")) == []
    text = cell_text(graded["course"], "a_links", grade_id="layer-answer")
    assert text.count("absent:") == 3 and " read " not in text, text


def test_the_kernel_sees_nothing_of_the_grader(graded):
    text = cell_text(graded["course"], "a_spy", grade_id="layer-answer")
    assert "spy: course hidden | gradebook hidden" in text, text


def test_the_kernel_cannot_fill_the_disk(graded):
    text = cell_text(graded["course"], "a_fill", grade_id="layer-answer")
    written = int(text.split("fill: wrote ")[1].split()[0])
    assert written <= 256, text


def test_sleeping_cells_share_one_notebook_time(graded):
    """Cells added by the student, each just under the cell time-out, cannot make the notebook
    take more than the time-out times the instructor's code cells."""
    slept = cell_text(graded["course"], "a_slow", index=-SLEEPING_CELLS).count("slept")
    assert slept < SLEEPING_CELLS * 0.6, slept


def test_stdin_is_refused_at_once(graded):
    text = cell_text(graded["course"], "a_stdin", grade_id="layer-answer")
    assert text.count("stdin refused: StdinNotImplementedError") == 2, text


def test_a_flood_of_comm_messages_is_not_stored(graded):
    path = graded["course"] / "autograded" / "a_comm" / "hw1" / "hw1.ipynb"
    assert path.stat().st_size < 1_000_000
