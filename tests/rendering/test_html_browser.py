"""Rendered handouts in a real headless Chromium: every formula lays out as MathML, nothing is blank,
and no formula is wider than its column, for every kind over many seeds (an 800 px window).

Chromium and a math font come from Debian's packages (``.ci/run`` installs them). Without it the test is skipped
locally and fails under CI, so a missing browser never passes silently there.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest

from nngrade.exercises import registry
from nngrade.handouts import problemset
from nngrade.rendering import render

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

MEASURE = """
<script>
window.addEventListener('load', () => {
  const maths = [...document.querySelectorAll('math')];
  const boxes = maths.map(m => m.getBoundingClientRect());
  const tall = [...document.querySelectorAll('mtable')].filter(t => t.querySelectorAll(':scope > mtr').length > 1);
  const tables = tall.map(t => t.getBoundingClientRect());
  const shortBrackets = tall.filter(t => {
    const open = t.previousElementSibling;
    return open && open.tagName === 'mo' && open.getBoundingClientRect().height < 0.8 * t.getBoundingClientRect().height;
  });
  const report = {
    maths: maths.length,
    empty: boxes.filter(b => b.width <= 0 || b.height <= 0).length,
    tables: tables.length,
    flatTables: tables.filter(b => b.height < 1.5 * 16).length,
    shortBrackets: shortBrackets.length,
    mathml: typeof MathMLElement !== 'undefined',
    errors: document.querySelectorAll('merror').length,
    lineBreaks: document.querySelectorAll('mspace[linebreak]').length,
    strayAmpersands: [...document.querySelectorAll('mi')].filter(m => m.textContent === '&').length,
    overflowing: maths.filter(m => {
      if (m.getAttribute('display') === 'block') return m.scrollWidth > m.clientWidth + 1;
      const column = m.parentElement.closest('p, li, section, body').getBoundingClientRect();
      return m.getBoundingClientRect().right > column.right + 1;
    }).map(m => m.textContent.slice(0, 120)),
  };
  const out = document.createElement('pre');
  out.id = 'nngrade-report';
  out.textContent = JSON.stringify(report);
  document.body.appendChild(out);
});
</script>
"""


def measure(page, tmp_path):
    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000", "--window-size=800,600"]
    result = subprocess.run([BROWSER, *flags, "--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=120)
    found = re.search(r'<pre id="nngrade-report">(.*?)</pre>', result.stdout, re.S)
    assert found, result.stderr[-2000:]
    return json.loads(found.group(1).replace("&quot;", '"'))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("set")
    problemset.build(problemset.load("seed-lab"), out)
    return out


@pytest.mark.skipif(BROWSER is None and not os.environ.get("CI"), reason="no Chromium on this machine")
@pytest.mark.parametrize("page", ["handout.html", "answers.html"])
def test_pages_render_in_chromium(built, page, tmp_path):
    assert BROWSER, "CI must install Chromium (see .ci/run)"
    report = measure(built / page, tmp_path)
    assert report["mathml"], report
    assert report["maths"] > 5 and report["empty"] == 0 and report["errors"] == 0, report
    assert report["lineBreaks"] == 0 and report["strayAmpersands"] == 0, report  # multi-line math laid out as tables
    assert report["tables"] > 0 and report["flatTables"] == 0, report
    assert report["shortBrackets"] == 0, report  # matrix brackets stretch around their rows
    assert report["overflowing"] == [], report


@pytest.mark.skipif(BROWSER is None and not os.environ.get("CI"), reason="no Chromium on this machine")
@pytest.mark.parametrize("kind", registry.kinds())
def test_no_formula_is_wider_than_its_column(kind, layout_problems, tmp_path):
    assert BROWSER, "CI must install Chromium (see .ci/run)"
    exercise = registry.get(kind)
    sections = [render.statement(problem, "html") + render.worked_solution(problem, exercise.solve(problem.params), "html")
                for problem in layout_problems(kind)]
    page = tmp_path / f"{kind}.html"
    page.write_text(problemset.html_document(kind, "", sections), encoding="utf-8")
    report = measure(page, tmp_path)
    assert report["maths"] > 20 and report["errors"] == 0, report
    assert report["overflowing"] == [], report["overflowing"]
