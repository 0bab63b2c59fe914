"""``nngrade report`` through the real installed command, on a small simulated class."""
from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys

import pytest

pytest.importorskip("matplotlib")

SMALL_SET = """
title: Two drawn exercises
exercises:
  - kind: linear_layer
    knobs: {difficulty: easy}
  - kind: loss
    knobs: {difficulty: easy}
"""


def nngrade(*args):
    command = shutil.which("nngrade")
    argv = [command, *args] if command else [sys.executable, "-m", "nngrade", *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    out = tmp_path_factory.mktemp("class")
    (out / "set.yaml").write_text(SMALL_SET, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "nngrade.simulated_class", str(out), "--students", "40",
                          "--set", str(out / "set.yaml"), "--variants", "2"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and f"40 students in {out}/results" in run.stdout, run.stderr
    return out


def test_report_writes_the_page_the_json_and_a_csv_per_part(graded, tmp_path):
    run = nngrade("report", str(graded / "results"), "--submissions", str(graded / "submissions"), "--out", str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert f"report of 40 students, 2 exercises: {tmp_path}/report.html" in run.stdout
    figures = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 3
    assert not re.search(r"<script|<link|<img|(src|href)=\"[a-z]+:", page)  # nothing to fetch: it works offline
    parts = [part for exercise in figures["exercises"] for part in exercise["parts"]]
    assert sorted(path.name for path in (tmp_path / "parts").iterdir()) == sorted(p["csv"].split("/")[1] for p in parts)
    for part in parts:
        rows = list(csv.DictReader((tmp_path / part["csv"]).open(encoding="utf-8")))
        assert len(rows) == 40 and {row["outcome"] for row in rows} <= set(part["outcomes"])
        for name, share in part["outcomes"].items():
            assert sum(row["outcome"] == name for row in rows) == round(share * 40)


def test_a_file_that_cannot_be_used_is_named_and_the_rest_are_reported(graded, tmp_path):
    results = tmp_path / "results"
    shutil.copytree(graded / "results", results)
    (results / "zz.json").write_text("{oops", encoding="utf-8")
    student = json.loads((results / "s0001.json").read_text(encoding="utf-8"))
    student["student"] = "=HYPERLINK(\"http://x\")"
    (results / "s0001.json").write_text(json.dumps(student), encoding="utf-8")
    run = nngrade("report", str(results), "--out", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    assert "not used: zz.json: not valid JSON" in run.stderr
    figures = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert figures["students"] == 40 and figures["unread"][0].startswith("zz.json")
    first = figures["exercises"][0]["parts"][0]["csv"]
    cells = [row[0] for row in csv.reader((tmp_path / "out" / first).open(encoding="utf-8"))]
    assert "'=HYPERLINK(\"http://x\")" in cells  # a spreadsheet shows it as text, never runs it


@pytest.mark.parametrize("setup, message", [
    (lambda folder: None, "no such folder"),
    (lambda folder: folder.mkdir(), "no students' results (*.json) in the folder"),
    (lambda folder: (folder.mkdir(), (folder / "a.json").write_text("[]")), "no file could be used; first: a.json"),
])
def test_unusable_input_is_one_line_and_exit_status_2(tmp_path, setup, message):
    folder = tmp_path / "results"
    setup(folder)
    run = nngrade("report", str(folder), "--out", str(tmp_path / "out"))
    assert run.returncode == 2 and message in run.stderr and len(run.stderr.strip().splitlines()) == 1, run.stderr
