"""Students' and files' text on the report's page, in its plots and in its CSV files stays text."""
from __future__ import annotations

import csv
import json

import pytest

from nngrade.report.results import read_class

TAG = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"


def test_ids_variants_answers_and_errors_never_become_markup(tmp_path):
    pytest.importorskip("matplotlib")
    from nngrade.report.write import write_report

    results, subs = tmp_path / "results", tmp_path / "subs"
    results.mkdir()
    subs.mkdir()
    for number in range(12):
        student = f"s{number}"
        entries = [{"problem": f"p{TAG}", "kind": f"k{IMAGE}", "variant": TAG if number % 2 else IMAGE,
                    "result": {"parts": [{"part": f"z{IMAGE}", "score": 0, "max_score": 1, "code": "wrong"}]}}]
        (results / f"{student}.json").write_text(json.dumps(
            {"student": student, "assignment": TAG, "problems": entries,
             "errors": [{"problem": IMAGE, "error": TAG}]}), encoding="utf-8")
        (subs / f"{student}.json").write_text(json.dumps({f"p{TAG}": {f"z{IMAGE}": IMAGE}}), encoding="utf-8")
    (results / f"{IMAGE[:4]}.json").write_text(TAG, encoding="utf-8")  # a file that is not JSON, named on the page
    write_report(read_class(results, subs, processes=1), tmp_path / "out", processes=1)

    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "&lt;img" in page  # shown, as text
    figures = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert figures["exercises"][0]["parts"][0]["unexplained"][0]["value"] == json.dumps(IMAGE)
    (table,) = (tmp_path / "out" / "parts").iterdir()
    assert "<" not in table.name and "/" not in table.name
    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    assert len(rows) == 12 and {row["variant"] for row in rows} == {TAG, IMAGE}
