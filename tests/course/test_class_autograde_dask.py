"""A class autograde on a Dask LocalCluster of 2 workers, one of them killed mid-run: nothing is
lost, and the merged gradebook is the one a serial run gives."""
from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import time

import pytest

pytest.importorskip("nbgrader")
distributed = pytest.importorskip("distributed")
pytest.importorskip("nbformat")

from nbgrader.api import Gradebook  # noqa: E402

from nngrade.course.class_autograde import autograde  # noqa: E402

from ..nbgrader_course import answered, hand_in, released, right_answers  # noqa: E402

pytestmark = pytest.mark.nbgrader

ASSIGNMENT = """\
assignment: hw
exercises:
  - {id: layer, kind: linear_layer, points: 2}
  - {id: act, kind: activation, points: 1, knobs: {function: sigmoid}}
"""
STUDENTS = ("ann", "ben", "cat", "dan", "eve", "fay")


def gradebook_rows(course):
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        rows = {}
        for student in STUDENTS:
            notebook = gb.find_submission_notebook("hw", "hw", student)
            rows[student] = sorted((grade.name, grade.auto_score, grade.needs_manual_grade) for grade in notebook.grades)
            rows[student] += sorted((comment.name, comment.auto_comment) for comment in notebook.comments)
        return rows


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("dask")
    built = released(root, ASSIGNMENT, name="hw", course_id="dask101")
    course = built.course
    for index, student in enumerate(STUDENTS):
        def source(exercise):
            right = right_answers(built.spec, exercise, student)
            return f"answer_{exercise} = {json.dumps(right if index % 3 else {part: 0 for part in right})}"
        hand_in(course, "hw", student, answered(built.notebook, source))
    shutil.copyfile(course / "gradebook.db", root / "pristine.db")
    serial = autograde(course, "hw", processes=1)
    assert serial.failed == [] and serial.students == len(STUDENTS)
    return course, gradebook_rows(course), (course / "nngrade-results" / "hw" / "scores.csv").read_text(), root


def test_the_serial_run_grades_right_and_wrong_answers_apart(course):
    rows = course[1]
    assert all(score == 0 for name, score, *_ in rows["ann"][:2])
    assert [score for name, score, *_ in rows["ben"][:2]] == [1.0, 2.0]


def test_a_worker_killed_mid_run_loses_nothing(course):
    course, serial_rows, serial_scores, root = course
    shutil.copyfile(root / "pristine.db", course / "gradebook.db")
    shutil.rmtree(course / "nngrade-results")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            pids = client.run(os.getpid)
        killed = []

        def kill_one_worker_once_grading_started():
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                if list(course.glob("nngrade-autograde-*/gradebook-*.db")):
                    pid = next(iter(pids.values()))
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                    return
                time.sleep(0.05)

        killer = threading.Thread(target=kill_one_worker_once_grading_started)
        killer.start()
        run = autograde(course, "hw", scheduler=cluster.scheduler_address)
        killer.join()
    assert killed, "no worker was killed: the run ended first"
    assert run.failed == [] and run.students == len(STUDENTS)
    assert gradebook_rows(course) == serial_rows
    assert (course / "nngrade-results" / "hw" / "scores.csv").read_text() == serial_scores
