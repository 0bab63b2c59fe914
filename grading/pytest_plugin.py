"""pytest plugin: grade students' code against hidden random variants and write autograder JSON.

Registered through the ``pytest11`` entry point, so an instructor's test file just uses it::

    import pytest

    @pytest.mark.points(2)
    def test_sigmoid(nngrade_check):
        nngrade_check("sigmoid")          # the student's ``sigmoid`` against 25 hidden inputs

Options: ``--nngrade-student PATH`` (the student's module, default ``solution.py``),
``--nngrade-seed`` (seed of the hidden variants; default from ``NNGRADE_CODE_SEED``, else 0),
``--nngrade-variants N``, ``--nngrade-gradescope PATH`` (Gradescope's ``results.json``) and
``--nngrade-classroom PATH`` (GitHub Classroom's runner result, plain JSON; base64-encode it for
the grading reporter). A test's points come from ``@pytest.mark.points(n)`` (default 1); a test
that fails inside ``nngrade_check`` earns the share of hidden cases it got right.
"""
from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

_RESULTS = pytest.StashKey[list]()
_FRACTION = pytest.StashKey[float]()


def pytest_addoption(parser):
    group = parser.getgroup("nngrade", "grading students' code with nngrade")
    group.addoption("--nngrade-student", metavar="PATH", default="solution.py",
                    help="the student's module checked by nngrade_check (default: solution.py)")
    group.addoption("--nngrade-seed", metavar="SEED", default=None,
                    help="seed of the hidden variants (default: $NNGRADE_CODE_SEED, else 0)")
    group.addoption("--nngrade-variants", metavar="N", type=int, default=25,
                    help="hidden variants per check (default 25)")
    group.addoption("--nngrade-gradescope", metavar="PATH", help="write Gradescope results JSON here")
    group.addoption("--nngrade-classroom", metavar="PATH", help="write GitHub Classroom result JSON here")


def pytest_configure(config):
    config.addinivalue_line("markers", "points(n): points of this test in nngrade's results JSON")
    config.stash[_RESULTS] = []


@pytest.fixture
def nngrade_student(request):
    """The student's module (``--nngrade-student``), imported from its path."""
    path = Path(request.config.getoption("nngrade_student"))
    if not path.is_absolute():
        path = Path(request.config.rootpath) / path
    if not path.exists():
        pytest.fail(f"the student's module {path} does not exist", pytrace=False)
    spec = importlib.util.spec_from_file_location(f"nngrade_student_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def nngrade_check(request):
    """``nngrade_check(name, function=None, **options)``: run a code check; fail in plain words."""
    from . import code_checks

    def check(name, function=None, **options):
        if function is None:
            module = request.getfixturevalue("nngrade_student")
            function = getattr(module, name, None)
            if not callable(function):
                pytest.fail(f"the student's module defines no function {name}(); expected "
                            f"{code_checks.CHECKS[name].signature}", pytrace=False)
        seed = request.config.getoption("nngrade_seed") or os.environ.get("NNGRADE_CODE_SEED", "0")
        options.setdefault("variants", request.config.getoption("nngrade_variants"))
        result = code_checks.run(name, function, seed=seed, **options)
        request.node.stash[_FRACTION] = result.fraction
        if result.passed < result.total:
            pytest.fail(result.summary(), pytrace=False)
        return result

    return check


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" or (report.when == "setup" and not report.passed):
        marker = item.get_closest_marker("points")
        points = float(marker.args[0]) if marker and marker.args else 1.0
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


def pytest_sessionfinish(session):
    results = session.config.stash.get(_RESULTS, [])
    gradescope = session.config.getoption("nngrade_gradescope")
    classroom = session.config.getoption("nngrade_classroom")
    if gradescope:
        _write(gradescope, gradescope_json(results))
    if classroom:
        _write(classroom, classroom_json(results))


def gradescope_json(results: list[dict]) -> dict:
    """Gradescope's autograder ``results.json``: total score and one entry per test."""
    return {"score": round(sum(r["score"] for r in results), 4),
            "tests": [{"name": r["name"], "score": r["score"], "max_score": r["max_score"],
                       "status": "passed" if r["status"] == "passed" else "failed", "output": r["output"]}
                      for r in results]}


def classroom_json(results: list[dict]) -> dict:
    """A GitHub Classroom runner result (the grading reporter reads it base64-encoded)."""
    return {"version": 1,
            "status": "pass" if results and all(r["status"] == "passed" for r in results) else "fail",
            "max_score": sum(r["max_score"] for r in results),
            "tests": [{"name": r["name"], "status": "pass" if r["status"] == "passed" else "fail",
                       "score": r["score"], "message": r["output"]} for r in results]}


def _write(path: str, data: dict) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
