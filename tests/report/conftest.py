"""One simulated class of the seed lab with planted rates, reported two ways, shared by the report's tests.

- in process: the simulation's own grading (``simulated_class``) read and written by
  :func:`~nngrade.report.write.write_report`;
- through the commands, as an instructor runs them: the same submissions as one JSON Lines file,
  graded from each student's built problems by ``nngrade grade FOLDER`` and reported by
  ``nngrade report``, each in its own process.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

#: The problem with one unfair variant planted.
UNFAIR_PROBLEM = "21-backprop"
STUDENTS = 300


def nngrade(*args, timeout=600):
    command = shutil.which("nngrade")
    argv = [command, *args] if command else [sys.executable, "-m", "nngrade", *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def simulated(tmp_path_factory):
    """(simulation, its folder): results, submissions and each student's built problems."""
    from nngrade.simulated_class import Plan, simulate

    out = tmp_path_factory.mktemp("planted")
    simulation = simulate(out, STUDENTS, plan=Plan(unfair_problem=UNFAIR_PROBLEM), seed=1, built=True)
    return simulation, out


@pytest.fixture(scope="session")
def planted_in_process(simulated):
    pytest.importorskip("matplotlib")
    from nngrade.report.results import read_class
    from nngrade.report.write import write_report

    simulation, out = simulated
    figures = write_report(read_class(out / "results", out / "submissions"), out / "report")
    return simulation, figures, out / "report"


@pytest.fixture(scope="session")
def planted_by_commands(simulated):
    pytest.importorskip("matplotlib")
    simulation, out = simulated
    lines = out / "submissions.jsonl"
    with lines.open("w", encoding="utf-8") as stream:
        for path in sorted((out / "submissions").glob("*.json")):
            stream.write(json.dumps({"student": path.stem, "answers": json.loads(path.read_text())}) + "\n")
    graded = nngrade("grade", str(out / "built"), str(lines), "--out", str(out / "graded"))
    assert graded.returncode == 0 and f"graded {STUDENTS} students" in graded.stdout, graded.stderr[-2000:]
    reported = nngrade("report", str(out / "graded"), "--submissions", str(lines), "--out", str(out / "report-cli"))
    assert reported.returncode == 0, reported.stderr[-2000:]
    assert f"report of {STUDENTS} students, 21 exercises" in reported.stdout, reported.stdout
    figures = json.loads((out / "report-cli" / "report.json").read_text(encoding="utf-8"))
    return simulation, figures, out / "report-cli"


@pytest.fixture(params=["in process", "nngrade grade and nngrade report"])
def planted(request):
    """(simulation, the report's figures, the report folder), from each of the two ways."""
    name = "planted_in_process" if request.param == "in process" else "planted_by_commands"
    return request.getfixturevalue(name)
