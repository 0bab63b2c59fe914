"""Attacks on the pytest plugin by a student's module, each through a real pytest run.

Every student module below has a right ``sigmoid`` (2 points) and a right ``dense`` (3 points),
a wrong or hostile ``mse`` (4 points), and an attack (wrapped so that the module still loads).
Each attack once earned 9 of 9, a "pass", a hang or no results file. Now the attacked check earns
0, the honest functions keep their 5 points, and the results files are the plugin's own.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from importlib.metadata import entry_points
from pathlib import Path

import numpy as np
import pytest

from nngrade.grading import code_checks, pytest_plugin, student_process

needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None,
                                 reason="bubblewrap is not installed (Debian package bubblewrap)")

HONEST = """\
import numpy as np

def sigmoid(z):
    return 1 / (1 + np.exp(-np.asarray(z, float)))

def dense(X, W, b, activation):
    z = np.asarray(X) @ np.asarray(W) + np.asarray(b)
    return {"identity": z, "sigmoid": sigmoid(z), "tanh": np.tanh(z), "relu": np.maximum(z, 0)}[activation]
"""

WRONG_MSE = """
def mse(y_true, y_pred):
    return float(((np.asarray(y_pred) - np.asarray(y_true)) ** 2).mean()) + 1.0   # wrong in every case
"""

RIGHT_MSE = """
def mse(y_true, y_pred):
    return float(((np.asarray(y_pred) - np.asarray(y_true)) ** 2).mean())
"""

TESTS = """\
import pytest

@pytest.mark.points(2)
def test_sigmoid(nngrade_check):
    nngrade_check("sigmoid")

@pytest.mark.points(3)
def test_dense(nngrade_check):
    nngrade_check("dense")

@pytest.mark.points(4)
def test_mse(nngrade_check):
    nngrade_check("mse")
"""

FULL_MARKS = """
FULL = {"score": 9, "tests": [{"name": n, "score": s, "max_score": s, "status": "passed", "output": ""}
        for n, s in (("test_sigmoid", 2), ("test_dense", 3), ("test_mse", 4))]}
PASS = {"version": 1, "status": "pass", "max_score": 9,
        "tests": [{"name": t["name"], "status": "pass", "score": t["score"], "message": ""} for t in FULL["tests"]]}

def write_full_marks():
    import json, os
    for path, data in ((RESULTS, FULL), (CLASSROOM, PASS), ("out/results.json", FULL), ("out/classroom.json", PASS)):
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as stream:
                json.dump(data, stream)
        except OSError:
            pass
"""

ATTACKS = {
    "patch the plugin's comparison": WRONG_MSE + """
try:
    import gc
    import nngrade.grading.code_checks as checks
    checks._compare = lambda *args, **kwargs: ""
    checks.grade = lambda name, cases, outcomes, *a, **k: checks.CheckResult(name, len(cases), len(cases))
except Exception:
    pass
for thing in __import__("gc").get_objects():       # any loaded copy of the plugin, wherever
    if getattr(thing, "__name__", "") in ("nngrade.grading.code_checks", "nngrade.grading.pytest_plugin"):
        thing._compare = lambda *args, **kwargs: ""
""",
    "patch the report writer": WRONG_MSE + FULL_MARKS + """
try:
    import nngrade.grading.pytest_plugin as plugin
    plugin._write = lambda path, data: write_full_marks()
    plugin.gradescope_json = lambda results, *a: FULL
    plugin.classroom_json = lambda results, *a: PASS
except Exception:
    pass
""",
    "atexit and a detached process rewrite the results": WRONG_MSE + FULL_MARKS + """
import atexit, os, time
atexit.register(write_full_marks)
if os.fork() == 0:                      # a grandchild that outlives its parent, in its own session
    os.setsid()
    if os.fork() == 0:
        time.sleep(2)
        write_full_marks()
    os._exit(0)
""",
    "mutate the reference's inputs through the caller's frames": """
import sys

def mse(y_true, y_pred):
    frame, seen = sys._getframe(1), []
    while frame is not None:             # zero every array the callers hold: the reference then expects 0
        for value in list(frame.f_locals.values()):
            for item in (value if isinstance(value, (tuple, list)) else (value,)):
                if isinstance(item, np.ndarray):
                    item[...] = 0
        frame = frame.f_back
    y_true[...] = 0
    y_pred[...] = 0
    return 0.0
""",
    "import nngrade's reference functions": """
def _reference():
    try:
        from nngrade.grading.code_checks import mse as reference
        return reference
    except Exception:
        pass
    import importlib.util
    for path in (CODE_CHECKS,):          # the reference's own file, by its absolute path
        try:
            spec = importlib.util.spec_from_file_location("stolen", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module.mse
        except Exception:
            pass
    return lambda y_true, y_pred: 0.0

mse = _reference()
""",
    "KeyboardInterrupt": """
def mse(y_true, y_pred):
    raise KeyboardInterrupt
""",
    "SystemExit and a BaseException of its own": """
import sys

class Stop(BaseException):
    pass

def mse(y_true, y_pred):
    if len(y_true) % 2:
        sys.exit(0)
    raise Stop()
""",
    "a function that sleeps": """
import time

def mse(y_true, y_pred):
    time.sleep(600)
""",
    "os._exit(0)": """
import os

def mse(y_true, y_pred):
    os._exit(0)
""",
    "signals to every process in sight": """
import os, signal

def mse(y_true, y_pred):
    for name in os.listdir("/proc"):
        if name.isdigit() and int(name) != os.getpid():
            for number in (signal.SIGINT, signal.SIGTERM):
                try:
                    os.kill(int(name), number)
                except OSError:
                    pass
    return 0.0
""",
    "memory": """
def mse(y_true, y_pred):
    hoard = [np.zeros(10_000_000) for _ in range(400)]    # 32 GB of address space
    return float(len(hoard))
""",
}


# What the feedback of test_mse says, where it matters which defence stopped the attack.
MESSAGES = {
    "import nngrade's reference functions": "returned 0, which is not the expected value",
    "KeyboardInterrupt": "raised KeyboardInterrupt",
    "SystemExit and a BaseException of its own": "raised S",
    "a function that sleeps": "took longer than 2 s (stopped)",    # three budgets, then "not run"
    "os._exit(0)": "ended the process (exit status 0)",
    "memory": "raised MemoryError",
}


def run_pytest(folder: Path, student: str | None, *options: str, env: dict | None = None):
    """pytest on the instructor's tests, in a folder of their own beside the student's ``folder``."""
    if student is not None:   # None: the test put solution.py there itself
        (folder / "solution.py").write_text(student)
    tests = folder.parent / f"{folder.name}-tests"
    tests.mkdir()
    (tests / "test_hw.py").write_text(TESTS)
    installed = any(ep.value == "nngrade.grading.pytest_plugin" for ep in entry_points(group="pytest11"))
    plugin = [] if installed else ["-p", "nngrade.grading.pytest_plugin"]
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", *plugin, "-p", "no:cacheprovider", "-p", "no:hypothesispytest",
         "-q", "test_hw.py", "--nngrade-student", str(folder / "solution.py"),
         "--nngrade-gradescope", str(folder / "out" / "results.json"),
         "--nngrade-classroom", str(folder / "out" / "classroom.json"), "--nngrade-seed", "3",
         "--nngrade-case-seconds", "2", *options],
        cwd=tests, capture_output=True, text=True, timeout=240, env=env,
    )
    return run, time.monotonic() - started


def scores(results: dict) -> dict:
    return {test["name"].split("::")[-1]: test["score"] for test in results["tests"]}


def read(folder: Path, name: str) -> dict:
    return json.loads((folder / "out" / name).read_text())


@needs_bwrap
@pytest.mark.parametrize("attack", ATTACKS)
def test_an_attack_earns_nothing_and_honest_functions_keep_their_marks(attack, tmp_path):
    folder = tmp_path / "submission"
    folder.mkdir()
    constants = (f"RESULTS = {str(folder / 'out' / 'results.json')!r}\n"
                 f"CLASSROOM = {str(folder / 'out' / 'classroom.json')!r}\n"
                 f"CODE_CHECKS = {code_checks.__file__!r}\n")
    run, seconds = run_pytest(folder, HONEST + constants + ATTACKS[attack])
    time.sleep(3 if "detached" in attack else 0)        # let a surviving grandchild try its write
    results, classroom = read(folder, "results.json"), read(folder, "classroom.json")
    assert scores(results) == {"test_sigmoid": 2, "test_dense": 3, "test_mse": 0}, run.stdout
    assert results["score"] == 5
    assert classroom["status"] == "fail" and scores(classroom)["test_mse"] == 0
    assert run.returncode == 1, run.stdout + run.stderr
    output = {t["name"].split("::")[-1]: t["output"] for t in results["tests"]}["test_mse"]
    assert MESSAGES.get(attack, "mse:") in output
    assert seconds < 60      # the sleeping one would take 25 x 600 s


@needs_bwrap
def test_a_module_that_exits_while_loading_scores_zero_with_results_written(tmp_path):
    run, _ = run_pytest(tmp_path, "import os\nos._exit(0)\n" + HONEST + RIGHT_MSE)
    results = read(tmp_path, "results.json")
    assert results["score"] == 0 and len(results["tests"]) == 3
    assert all("ended before the student's module loaded (exit status 0)" in t["output"] for t in results["tests"])
    assert read(tmp_path, "classroom.json")["status"] == "fail" and run.returncode == 1


@needs_bwrap
def test_honest_work_earns_full_marks_and_a_pass(tmp_path):
    run, _ = run_pytest(tmp_path, HONEST + RIGHT_MSE)
    assert read(tmp_path, "results.json")["score"] == 9
    assert read(tmp_path, "classroom.json")["status"] == "pass"
    assert run.returncode == 0


@needs_bwrap
def test_feedback_never_shows_an_expected_value_of_a_hidden_case(tmp_path):
    wrong_sigmoid = HONEST.replace("return 1 / (1 + np.exp(-np.asarray(z, float)))", "return np.tanh(z)")
    run_pytest(tmp_path, wrong_sigmoid + RIGHT_MSE)
    tests = {t["name"].split("::")[-1]: t["output"] for t in read(tmp_path, "results.json")["tests"]}
    output = tests["test_sigmoid"]
    assert "Smallest failing case: sigmoid(" in output and "not shown" in output
    for case in code_checks.hidden_cases("sigmoid", 25, "3"):
        for value in code_checks.sigmoid(*case).ravel():
            for shown in {f"{value:.6g}", f"{value:.4g}", f"{value:.3g}", repr(float(value))}:
                assert shown not in output, f"the expected value {shown} is in the feedback"


def test_without_the_sandbox_the_results_say_so(tmp_path):
    run, _ = run_pytest(tmp_path, HONEST + RIGHT_MSE, env={**os.environ, "NNGRADE_SANDBOX": "off"})
    assert "NOT tamper-proof" in run.stderr
    results, classroom = read(tmp_path, "results.json"), read(tmp_path, "classroom.json")
    assert results["score"] == 9 and "NOT tamper-proof" in results["output"]
    assert "NOT tamper-proof" in classroom["warning"]


def test_a_test_that_never_reported_is_failed_in_the_results():
    results = pytest_plugin._complete(
        [{"name": "t::a", "max_score": 1.0, "score": 1.0, "status": "passed", "output": ""}],
        [("t::a", 1.0), ("t::b", 2.0)])
    assert [r["status"] for r in results] == ["passed", "failed"] and results[1]["score"] == 0
    assert pytest_plugin.classroom_json(results)["status"] == "fail"
    assert pytest_plugin.classroom_json(results[:1], passed=False)["status"] == "fail"
    assert pytest_plugin.classroom_json(results[:1], passed=True)["status"] == "pass"


@needs_bwrap
def test_the_numbers_compared_are_the_graders_own(tmp_path):
    """The grader's copy of the inputs is untouched whatever the student's function does."""
    cases = code_checks.hidden_cases("mse", 5, 1)
    before = [tuple(np.copy(a) for a in case) for case in cases]
    module = tmp_path / "solution.py"
    module.write_text("import numpy as np\n" + ATTACKS["mutate the reference's inputs through the caller's frames"])
    outcomes = student_process.call_cases(module, "mse", 1, cases)
    assert code_checks.grade("mse", cases, outcomes).passed == 0
    for case, copy in zip(cases, before):
        for array, original in zip(case, copy):
            np.testing.assert_array_equal(array, original)


@needs_bwrap
def test_deselected_tests_are_not_counted_as_not_run(tmp_path):
    run, _ = run_pytest(tmp_path, HONEST + RIGHT_MSE, "-k", "not dense")
    assert set(scores(read(tmp_path, "results.json"))) == {"test_sigmoid", "test_mse"}
    assert read(tmp_path, "classroom.json")["status"] == "pass" and run.returncode == 0


@needs_bwrap
def test_a_module_that_is_a_link_to_the_instructors_reference_is_refused(tmp_path):
    """A repository can hold a symbolic link: solution.py pointing at a reference solution on
    the grading machine would be read with the grader's rights and graded as the student's."""
    reference = tmp_path / "instructor" / "reference.py"
    reference.parent.mkdir()
    reference.write_text(HONEST + RIGHT_MSE)
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "solution.py").symlink_to(reference)
    run, _ = run_pytest(folder, None)
    results = read(folder, "results.json")
    assert results["score"] == 0, run.stdout
    assert all("symbolic link" in t["output"] for t in results["tests"]), results


@needs_bwrap
def test_checks_refuse_a_student_folder_on_pytests_import_path(tmp_path):
    """``python -m pytest`` run in the student's folder puts it first on sys.path, and pytest puts
    a test file's folder there too: a planted ``pluggy.py`` then ran as the grader and wrote 99
    points into the results (and, with the hypothesis plugin, a planted ``sysconfig.py`` ran after
    the results were written). The plugin cannot undo what ran before it, so it refuses the
    layout: honest work graded there fails every check with the reason, and an instructor sees
    it on the first trial run."""
    (tmp_path / "solution.py").write_text(HONEST + RIGHT_MSE)
    (tmp_path / "test_hw.py").write_text(TESTS)
    installed = any(ep.value == "nngrade.grading.pytest_plugin" for ep in entry_points(group="pytest11"))
    plugin = [] if installed else ["-p", "nngrade.grading.pytest_plugin"]
    run = subprocess.run([sys.executable, "-m", "pytest", *plugin, "-p", "no:cacheprovider", "-p", "no:hypothesispytest",
                          "-q", "test_hw.py", "--nngrade-gradescope", "out/results.json"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=240)
    results = read(tmp_path, "results.json")
    assert results["score"] == 0 and run.returncode == 1, run.stdout
    assert all("on the import path" in t["output"] for t in results["tests"]), results
