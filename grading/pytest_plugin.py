"""pytest plugin: grade students' code against hidden random variants and write autograder JSON.

Registered through the ``pytest11`` entry point, so an instructor's test file just uses it::

    import pytest

    @pytest.mark.points(2)
    def test_sigmoid(nngrade_check):
        nngrade_check("sigmoid")          # the student's ``sigmoid`` against 25 hidden inputs

Options: ``--nngrade-student PATH`` (the student's module, default ``solution.py``),
``--nngrade-seed`` (seed of the hidden variants; default from ``NNGRADE_CODE_SEED``, else 0),
``--nngrade-variants N``, ``--nngrade-case-seconds S`` and ``--nngrade-memory-mb MB`` (budgets
of the student's process), ``--nngrade-gradescope PATH`` (Gradescope's ``results.json``) and
``--nngrade-classroom PATH`` (GitHub Classroom's runner result, plain JSON; base64-encode it for
the grading reporter). A test's points come from ``@pytest.mark.points(n)`` (default 1); a test
that fails inside ``nngrade_check`` earns the share of hidden cases it got right.

The student's module is never imported into this process: each check runs it in a confined
child (``student_process``), and only validated data comes back. The comparison, the scores and
the results files stay here; the files are written atomically at the end of every run, with
every collected test in them (one that never reported is failed).
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import pytest

import nngrade.sandbox as sandbox
from nngrade.grading import code_checks, student_process

_RESULTS = pytest.StashKey[list]()
_COLLECTED = pytest.StashKey[list]()
_FRACTION = pytest.StashKey[float]()


def pytest_addoption(parser):
    group = parser.getgroup("nngrade", "grading students' code with nngrade")
    group.addoption("--nngrade-student", metavar="PATH", default="solution.py",
                    help="the student's module checked by nngrade_check (default: solution.py)")
    group.addoption("--nngrade-seed", metavar="SEED", default=None,
                    help="seed of the hidden variants (default: $NNGRADE_CODE_SEED, else 0)")
    group.addoption("--nngrade-variants", metavar="N", type=int, default=25,
                    help="hidden variants per check (default 25)")
    group.addoption("--nngrade-case-seconds", metavar="S", type=float, default=student_process.Budget.case_seconds,
                    help=f"time budget of one call of the student's function (default {student_process.Budget.case_seconds:g})")
    group.addoption("--nngrade-memory-mb", metavar="MB", type=int, default=student_process.Budget.memory_mb,
                    help=f"memory budget of the student's process (default {student_process.Budget.memory_mb})")
    group.addoption("--nngrade-gradescope", metavar="PATH", help="write Gradescope results JSON here")
    group.addoption("--nngrade-classroom", metavar="PATH", help="write GitHub Classroom result JSON here")


def pytest_configure(config):
    config.addinivalue_line("markers", "points(n): points of this test in nngrade's results JSON")
    config.stash[_RESULTS] = []
    config.stash[_COLLECTED] = []
    if sandbox.switched_off():
        sys.stderr.write(f"nngrade: WARNING: {sandbox.UNCONFINED_WARNING}\n")


def pytest_collection_finish(session):
    """The tests that will run (after any deselection): each must appear in the results."""
    session.config.stash[_COLLECTED] = [(item.nodeid, _points(item)) for item in session.items]


@pytest.fixture
def nngrade_check(request):
    """``nngrade_check(name, variants=None, max_size=4, rtol=None, atol=None)``: run a code check
    on the student's module; fail in plain words.

    The student's module is never imported here: it runs in a confined child process."""
    config = request.config

    def check(name, variants=None, max_size=4, rtol=None, atol=None):
        spec = code_checks.CHECKS[name]
        if not sandbox.switched_off():
            try:
                sandbox.use_sandbox()
            except sandbox.SandboxUnavailable as error:
                pytest.fail(f"nngrade: {error}", pytrace=False)
        path = Path(config.getoption("nngrade_student"))
        if not path.is_absolute():
            path = Path(config.rootpath) / path
        if path.is_symlink():   # read with the grader's rights, it could be any file of the machine
            pytest.fail(f"the student's module {path} is a symbolic link; submit the file itself",
                        pytrace=False)
        if not path.is_file():
            pytest.fail(f"the student's module {path} does not exist", pytrace=False)
        if _on_import_path(path.parent):
            pytest.fail(f"the student's folder {path.parent} is on the import path of pytest's process, so a "
                        "file there named like a module it imports (pluggy.py, sysconfig.py) runs as the grader; "
                        "keep the tests out of the student's folder and run pytest elsewhere: "
                        "pytest tests/test_hw.py --nngrade-student submission/solution.py", pytrace=False)
        seed = config.getoption("nngrade_seed") or os.environ.get("NNGRADE_CODE_SEED", "0")
        cases = code_checks.hidden_cases(name, variants or config.getoption("nngrade_variants"), seed, max_size)
        budget = student_process.Budget(case_seconds=config.getoption("nngrade_case_seconds"),
                                        memory_mb=config.getoption("nngrade_memory_mb"))
        try:
            outcomes = student_process.call_cases(path, name, len(spec.outputs), cases, budget)
        except student_process.MissingFunction:
            pytest.fail(f"the student's module defines no function {name}(); expected {spec.signature}",
                        pytrace=False)
        result = code_checks.grade(name, cases, outcomes, rtol, atol)
        request.node.stash[_FRACTION] = result.fraction
        if result.passed < result.total:
            pytest.fail(result.summary(), pytrace=False)
        return result

    return check


def _on_import_path(folder: Path) -> bool:
    """Whether pytest's process imports modules from ``folder`` (``""`` on sys.path is the
    current folder: ``python -m pytest``; pytest also puts each test file's folder there)."""
    target = folder.resolve()
    return any(Path(entry or os.getcwd()).resolve() == target for entry in sys.path if isinstance(entry, str))


def _points(item) -> float:
    marker = item.get_closest_marker("points")
    return float(marker.args[0]) if marker and marker.args else 1.0


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" or (report.when == "setup" and not report.passed):
        points = _points(item)
        if report.passed:
            share = 1.0
        else:
            share = item.stash.get(_FRACTION, 0.0) if report.failed else 0.0
        item.config.stash[_RESULTS].append({
            "name": item.nodeid, "max_score": points, "score": round(points * share, 4),
            "status": "passed" if report.passed else ("skipped" if report.skipped else "failed"),
            "output": "" if report.passed else _text(report),
        })


def _text(report) -> str:
    text = report.longreprtext or ""
    return text if len(text) <= 4000 else text[:3997] + "..."


def pytest_sessionfinish(session, exitstatus):
    """Write the results files, always: every collected test appears, one that never reported is
    failed with 0, and the run passes only if pytest itself ended with success."""
    config = session.config
    results = _complete(config.stash.get(_RESULTS, []), config.stash.get(_COLLECTED, []))
    passed = exitstatus == 0
    warning = sandbox.UNCONFINED_WARNING if sandbox.switched_off() else ""
    gradescope = config.getoption("nngrade_gradescope")
    classroom = config.getoption("nngrade_classroom")
    if gradescope:
        _write(gradescope, gradescope_json(results, warning))
    if classroom:
        _write(classroom, classroom_json(results, passed, warning))


def _complete(results: list[dict], collected: list[tuple[str, float]]) -> list[dict]:
    reported = {result["name"] for result in results}
    return results + [{"name": name, "max_score": points, "score": 0.0, "status": "failed",
                       "output": "not run: the test run ended before this test reported"}
                      for name, points in collected if name not in reported]


def gradescope_json(results: list[dict], warning: str = "") -> dict:
    """Gradescope's autograder ``results.json``: total score and one entry per test."""
    data = {"score": round(sum(r["score"] for r in results), 4),
            "tests": [{"name": r["name"], "score": r["score"], "max_score": r["max_score"],
                       "status": "passed" if r["status"] == "passed" else "failed", "output": r["output"]}
                      for r in results]}
    return {"output": f"WARNING: {warning}", **data} if warning else data


def classroom_json(results: list[dict], passed: bool = True, warning: str = "") -> dict:
    """A GitHub Classroom runner result (the grading reporter reads it base64-encoded)."""
    data = {"version": 1,
            "status": "pass" if passed and results and all(r["status"] == "passed" for r in results) else "fail",
            "max_score": sum(r["max_score"] for r in results),
            "tests": [{"name": r["name"], "status": "pass" if r["status"] == "passed" else "fail",
                       "score": r["score"], "message": r["output"]} for r in results]}
    return {**data, "warning": warning} if warning else data


def _write(path: str, data: dict) -> None:
    """Write atomically: a reader sees the old file or the whole new one, never a part."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(json.dumps(data, indent=2) + "\n")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
