"""The report page in a real headless Chromium: every plot renders, tables fit, numbers match the JSON.

What an instructor looks for on a screenshot is held here too: each exercise's plot names every
part (and every variant, where it draws them), the colour swatches of its table of outcomes are
the colours of its bars (the table is the plot's legend), and no text of a plot is too small to
read.

Chromium comes from Debian's package (``.ci/run`` installs it). Without it the test is skipped
locally and fails under CI, so a missing browser never passes silently there.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

MEASURE = """
<script>
window.addEventListener('load', () => {
  const width = document.documentElement.clientWidth;
  const plots = [...document.querySelectorAll('svg.plot')].map(svg => {
    const box = svg.getBoundingClientRect();
    return {width: box.width, height: box.height, right: box.right,
            marks: svg.querySelectorAll('path, rect, use').length, texts: svg.querySelectorAll('text').length};
  });
  const tables = [...document.querySelectorAll('table')].map(table => ({
    right: table.getBoundingClientRect().right, width: table.offsetWidth, room: table.parentElement.clientWidth}));
  const numbers = [...document.querySelectorAll('[data-figure]')].map(cell =>
    [cell.dataset.figure, cell.dataset.format, cell.textContent]);
  const sections = [...document.querySelectorAll('h2[id^="exercise-"]')].map(head => {
    let svg = null, table = null;
    for (let node = head.nextElementSibling; node && node.tagName !== 'H2'; node = node.nextElementSibling) {
      if (!svg && node.matches('svg.plot')) svg = node;
      if (!table && node.matches('table.outcomes')) table = node;
    }
    return {id: head.id, texts: [...svg.querySelectorAll('text')].map(text => text.textContent.trim()),
            fills: [...new Set([...svg.querySelectorAll('path')].map(path => getComputedStyle(path).fill))],
            swatches: [...table.querySelectorAll('.swatch')].map(swatch => getComputedStyle(swatch).backgroundColor)};
  });
  const textHeights = [...document.querySelectorAll('svg.plot text')].map(text => text.getBoundingClientRect().height);
  const out = document.createElement('pre');
  out.id = 'nngrade-measure';
  out.textContent = JSON.stringify({width, scrollWidth: document.documentElement.scrollWidth, plots, tables, numbers,
                                    sections, smallestText: Math.min(...textHeights)});
  document.body.appendChild(out);
});
</script>
"""


def measure(page, tmp_path, width: int):
    probe = tmp_path / f"probe-{width}.html"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000", f"--window-size={width},1000"]
    result = subprocess.run([BROWSER, *flags, "--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=180)
    found = re.search(r'<pre id="nngrade-measure">(.*?)</pre>', result.stdout, re.S)
    assert found, result.stderr[-2000:]
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<")
                      .replace("&gt;", ">"))


def figure_at(figures, path: str):
    value = figures
    for step in path.split("/"):
        value = value[int(step)] if isinstance(value, list) else value[step]
    return value


def shown_matches(value, fmt: str, text: str) -> bool:
    if value is None:
        return text == "–"
    if fmt == "percent":
        return text.endswith("%") and abs(float(text[:-1]) / 100 - value) <= 0.0005 + 1e-12
    if fmt == "fixed":
        return abs(float(text) - value) <= 0.005 + 1e-12
    if fmt == "p":  # two significant figures
        return abs(float(text) - value) <= 0.05 * abs(value) + 1e-300
    return float(text) == value


needs_browser = pytest.mark.skipif(BROWSER is None and not os.environ.get("CI"), reason="no Chromium on this machine")


@needs_browser
@pytest.mark.parametrize("width", [1280, 1000, 900])
def test_the_report_page_renders_fits_and_matches_its_json(planted_by_commands, tmp_path, width):
    assert BROWSER, "CI must install Chromium (see .ci/run)"
    _, _, folder = planted_by_commands
    figures = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    seen = measure(folder / "report.html", tmp_path, width)

    assert len(seen["plots"]) == 1 + len(figures["exercises"])
    for plot in seen["plots"]:
        assert plot["width"] > 300 and plot["height"] > 100 and plot["marks"] > 10 and plot["texts"] > 5, plot
        assert plot["right"] <= seen["width"] + 1, plot

    assert seen["scrollWidth"] <= seen["width"], "the page scrolls sideways"
    for table in seen["tables"]:
        assert table["width"] <= table["room"] + 1 and table["right"] <= seen["width"] + 1, table

    numbers = seen["numbers"]
    assert len(numbers) > 500
    for path, fmt, text in numbers:
        assert shown_matches(figure_at(figures, path), fmt, text), (path, fmt, text, figure_at(figures, path))
    shown_paths = {path for path, _, _ in numbers}
    for index, exercise in enumerate(figures["exercises"]):  # every share of every part is on the page
        for number, part in enumerate(exercise["parts"]):
            for name in part["outcomes"]:
                assert f"exercises/{index}/parts/{number}/outcomes/{name}" in shown_paths
    for index, _ in enumerate(figures["flagged"]):
        assert f"flagged/{index}/facility" in shown_paths

    assert seen["smallestText"] >= 7, "a plot's text is too small to read"
    for section, exercise in zip(seen["sections"], figures["exercises"], strict=True):
        labels = set(section["texts"])
        assert {part["part"] for part in exercise["parts"]} <= labels, section["id"]
        if 1 < len(exercise["variants"]) <= 30:
            assert {str(variant["variant"]) for variant in exercise["variants"]} <= labels, section["id"]
        assert len(section["swatches"]) == len(exercise["outcomes"]), section["id"]
        assert set(section["swatches"]) <= set(section["fills"]), (section["id"], section["swatches"], section["fills"])
