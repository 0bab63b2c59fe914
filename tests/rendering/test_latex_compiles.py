"""LaTeX output of every kind compiles with a real pdflatex, fits the page and flows down it:
over many seeds, pdflatex reports no box more than 1 pt wider than the text (no formula runs into
the margin), no page but a document's last ends above 70% of the text height (no tall display
pushed whole onto the next page, leaving a gap before it), no page ends with a heading, and the
worked steps' titles start at the margin, as the headings do.

pdflatex comes from Debian's texlive-latex-base and pdftotext from poppler-utils (``.ci/run``
installs both). Without them the test is skipped locally and fails under CI.
"""
from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from nngrade.exercises import registry
from nngrade.handouts import problemset

PDFLATEX = shutil.which("pdflatex")
PDFTOTEXT = shutil.which("pdftotext")

#: Overfull boxes up to this width are invisible in print (TeX reports those over 0.5 pt here).
OVERFULL_PT = 1.0
#: Every page but a document's last is filled at least this far down its text block.
FILLED = 0.70
#: The draws laid out per difficulty: twice the browser's, as page breaks fall differently with
#: every page that comes before.
PAGE_SEEDS = range(12)
#: The text block of the handouts' pages: ``geometry``'s 2.5 cm margins, in PDF points.
MARGIN_PT = 2.5 / 2.54 * 72


def overfull(log: str, source: list[str]) -> list[str]:
    """Each box wider than the text by over :data:`OVERFULL_PT`, with the LaTeX it came from."""
    out = []
    for found in re.finditer(r"Overfull \\hbox \(([\d.]+)pt too wide\) (?:detected at line (\d+)|in paragraph at lines "
                             r"(\d+)--(\d+))", log):
        if float(found.group(1)) > OVERFULL_PT:
            first, last = int(found.group(2) or found.group(3)), int(found.group(2) or found.group(4))
            out.append(f"{found.group(1)} pt: " + " ".join(source[first - 2:last])[:600])
    return out


def page_ends(pdf: Path) -> list[tuple[float, str]]:
    """Per page, how far down its text block the text goes (0 at the top, 1 at the foot) and the
    words of its last row (the page head and the page number left out)."""
    out = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    ends = []
    for page in re.findall(r"<page (.*?)</page>", out, re.S):
        top, bottom = MARGIN_PT, float(re.search(r'height="([\d.]+)"', page).group(1)) - MARGIN_PT
        words = [(float(y_min), float(y_max), float(x_min), html.unescape(word)) for x_min, y_min, y_max, word in
                 re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)]
        # the last line's descenders reach below the text block, the page number 30 pt below it
        body = [word for word in words if word[0] > top - 2 and word[1] < bottom + 10]
        lowest = max(body, key=lambda word: word[1])
        row = sorted((word for word in body if lowest[0] <= (word[0] + word[1]) / 2 <= lowest[1]), key=lambda w: w[2])
        ends.append(((lowest[1] - top) / (bottom - top), " ".join(word[3] for word in row)))
    return ends


def step_title_starts(pdf: Path) -> list[float]:
    """Where on its line each worked step's title ("Step 3: ...") starts, in points from the page's left edge."""
    out = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', out)
    return [float(x_min) for (x_min, word), (_, after) in zip(words, words[1:])
            if word == "Step" and re.fullmatch(r"\d+:", after)]


def letters(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", text)


def headings(source: str) -> list[str]:
    """The letters and digits of every heading of a document: sections, subsections and the
    worked steps' titles, each up to its first formula (the PDF's text of a formula differs)."""
    found = re.findall(r"\\(?:sub)?section\*\{(.*)\}|\\textbf\{(Step \d+: .*)\}\\par\\nopagebreak", source)
    return [letters(re.split(r"\\\(", title)[0]) for pair in found for title in pair if title]


def compile_pdf(folder: Path, name: str, source: str) -> str:
    """pdflatex on ``source`` in ``folder``; the log."""
    (folder / f"{name}.tex").write_text(source, encoding="utf-8")
    result = subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
                            cwd=folder, capture_output=True, text=True, timeout=300)
    errors = [line for line in result.stdout.splitlines() if line.startswith("!")]
    assert result.returncode == 0, "\n".join(errors) or result.stdout[-2000:]
    return (folder / f"{name}.log").read_text(encoding="latin-1")


@pytest.mark.skipif((PDFLATEX is None or PDFTOTEXT is None) and not os.environ.get("CI"),
                    reason="no pdflatex or pdftotext on this machine")
@pytest.mark.parametrize("kind", registry.kinds())
def test_latex_compiles_fits_the_page_and_flows_down_it(kind, layout_problems, tmp_path):
    assert PDFLATEX and PDFTOTEXT, "CI must install texlive-latex-base and poppler-utils (see .ci/run)"
    items = [problemset.render_item(number, problem) for number, problem in enumerate(layout_problems(kind, PAGE_SEEDS), 1)]
    # the answer key and, with tables and headings closer together, the handout, as a build writes them
    documents = {"answers": [item.answers["latex"] for item in items], "handout": [item.handout["latex"] for item in items]}
    for name, sections in documents.items():
        # an exercise and its statement's heading; in the answers "Worked solution" and every step
        assert all(len(headings(section)) >= (4 if name == "answers" else 2) for section in sections)
        source = problemset.latex_document(f"All {kind} exercises", "", sections)
        log = compile_pdf(tmp_path, name, source)
        assert overfull(log, source.splitlines()) == []
        titles = headings(source)
        ends = page_ends(tmp_path / f"{name}.pdf")
        assert len(ends) > 1
        short = [(page, round(fill, 2), last) for page, (fill, last) in enumerate(ends[:-1], 1) if fill < FILLED]
        assert short == [], f"{name}: pages that end early, before a block pushed to the next page"
        widowed = [(page, last) for page, (_, last) in enumerate(ends[:-1], 1)
                   if any(letters(last).startswith(title) for title in titles if title)]
        assert widowed == [], f"{name}: pages whose last line is a heading"
        starts = step_title_starts(tmp_path / f"{name}.pdf")
        assert len(starts) >= (len(sections) if name == "answers" else 0)
        assert [x for x in starts if abs(x - MARGIN_PT) > 1] == [], "a step's title is indented"
