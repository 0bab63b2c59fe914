"""PDFs of a build: a handout and an answer key per student, and the class PDFs, from real pdflatex.

pdflatex (texlive-latex-base) and poppler's pdftotext read the PDFs back; ``.ci/run`` installs
both, so under CI a missing tool fails instead of skipping.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nngrade.handouts import pdf, problemset

pikepdf = pytest.importorskip("pikepdf")

TOOLS = shutil.which("pdflatex") and shutil.which("pdftotext")
needs_tools = pytest.mark.skipif(not TOOLS and not os.environ.get("CI"), reason="no pdflatex or pdftotext here")

SMALL_SET = {"title": "Small lab", "exercises": [{"example": "linear_layer/seed-lab"},
                                                 {"kind": "linear_layer", "count": 2},
                                                 {"kind": "backprop", "knobs": {"difficulty": "easy"}}]}
ROSTER = ["ada", "grace", "alan"]


def page_texts(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def variant_in(page: str) -> str:
    return re.search(r"variant ([A-Z2-7]{6})", page).group(1)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    assert TOOLS, "CI must install texlive-latex-base and poppler-utils (see .ci/run)"
    out = tmp_path_factory.mktemp("pdf-build")
    folders = problemset.build(problemset.load(SMALL_SET), out, students=ROSTER, secret="k", assignment="hw1")
    combined = pdf.typeset_build(out, folders, per_student=True)
    return out, combined


@needs_tools
def test_every_student_gets_a_handout_and_an_answer_key_with_their_header(built):
    out, _ = built
    codes = set()
    for student in ROSTER:
        for name in ("handout", "answers"):
            pages = page_texts(out / "students" / student / f"{name}.pdf")
            assert pages
            for number, page in enumerate(pages, start=1):
                head = page.strip().splitlines()[0]
                assert head.split()[:2] == [student, "hw1"], head
                assert page.strip().splitlines()[-1].strip() == str(number)  # the page number, from 1
            assert len({variant_in(page) for page in pages}) == 1
            codes.add(variant_in(pages[0]))
        assert "Worked solution" in "".join(page_texts(out / "students" / student / "answers.pdf"))
        assert "Worked solution" not in "".join(page_texts(out / "students" / student / "handout.pdf"))
    assert len(codes) == len(ROSTER)  # each student's own variant has its own code


@needs_tools
def test_the_class_pdfs_have_one_section_per_student_and_restart_the_page_numbers(built):
    out, combined = built
    assert sorted(path.name for path in combined) == ["class-answers.pdf", "class-handouts.pdf"]
    for name, stem in (("class-handouts.pdf", "handout"), ("class-answers.pdf", "answers")):
        sizes = [len(pikepdf.open(out / "students" / student / f"{stem}.pdf").pages) for student in ROSTER]
        whole = pikepdf.open(out / name)
        assert len(whole.pages) == sum(sizes)
        assert whole.check_pdf_syntax() == []  # qpdf's own check of the page tree and objects
        assert all({"/MediaBox", "/Resources"} <= set(page.obj.keys()) for page in whole.pages)
        with whole.open_outline() as outline:
            titles = [item.title for item in outline.root]
        assert titles == ROSTER
        starts = [sum(sizes[:index]) for index in range(len(ROSTER))]
        labels = list(whole.Root.PageLabels.Nums)
        assert [int(value) for value in labels[0::2]] == starts
        assert [str(value.P) for value in labels[1::2]] == [f"{student} " for student in ROSTER]
        pages = page_texts(out / name)
        for student, start, size in zip(ROSTER, starts, sizes):
            assert {page.strip().split()[0] for page in pages[start:start + size]} == {student}
            assert pages[start].strip().splitlines()[-1].strip() == "1"


@needs_tools
def test_a_set_without_roster_gets_its_two_pdfs_and_no_class_pdf(tmp_path):
    folders = problemset.build(problemset.load(SMALL_SET), tmp_path, assignment="hw1")
    assert pdf.typeset_build(tmp_path, folders, per_student=False) == []
    assert (tmp_path / "handout.pdf").exists() and (tmp_path / "answers.pdf").exists()
    assert not list(tmp_path.glob("class-*.pdf"))


@needs_tools
def test_a_document_that_fails_is_named_in_one_line(tmp_path):
    good = tmp_path / "good.tex"
    good.write_text(problemset.latex_document("Fine", "", ["All right."]))
    bad = tmp_path / "bad.tex"
    bad.write_text(problemset.latex_document("Broken", "", [r"\undefinedcommand"]))
    with pytest.raises(pdf.PdfError, match=r"^pdflatex failed on .*good.tex \(or one of the 1 typeset with it\): "
                                           r"Undefined control sequence\.$"):
        pdf.typeset([pdf.Document(good), pdf.Document(bad)])


def nngrade(*args, env=None):
    command = Path(sys.executable).with_name("nngrade")
    return subprocess.run([str(command), *args], capture_output=True, text=True, timeout=300, env=env)


@needs_tools
def test_the_command_writes_pdfs_unless_told_not_to(tmp_path):
    (tmp_path / "set.yaml").write_text(f"{SMALL_SET}".replace("'", '"'))
    (tmp_path / "roster.txt").write_text("ada\ngrace\n")
    made = nngrade("build", str(tmp_path / "set.yaml"), "--out", str(tmp_path / "with"), "--students",
                   str(tmp_path / "roster.txt"), "--secret", "k")
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "with" / "class-handouts.pdf").exists()
    assert (tmp_path / "with" / "students" / "grace" / "answers.pdf").exists()
    skipped = nngrade("build", str(tmp_path / "set.yaml"), "--out", str(tmp_path / "without"), "--no-pdf")
    assert skipped.returncode == 0, skipped.stderr
    assert (tmp_path / "without" / "answers.tex").exists() and not list((tmp_path / "without").rglob("*.pdf"))


def test_the_command_says_plainly_when_pdflatex_is_missing(tmp_path):
    bare = {**os.environ, "PATH": str(tmp_path)}  # no pdflatex on this PATH (nngrade adds its own bin only)
    result = nngrade("build", "seed-lab", "--out", str(tmp_path / "out"), env=bare)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Error: pdflatex not found: install TeX Live (Debian: texlive-latex-base) or build with --no-pdf"]
    assert not (tmp_path / "out").exists()  # refused before anything was built


@needs_tools
def test_the_pages_common_to_the_class_differ_only_in_their_head(built):
    out, _ = built
    firsts = {student: page_texts(out / "students" / student / "answers.pdf") for student in ROSTER}
    bodies = {"\n".join(pages[0].strip().splitlines()[1:]) for pages in firsts.values()}
    assert len(bodies) == 1 and "Exercise 1" in bodies.pop()  # the fixed example, typeset once for all
    own = [next(page for page in pages if "Exercise 2" in page) for pages in firsts.values()]
    assert len(set(own)) == len(ROSTER)  # each student's own variant, typeset for that student


@needs_tools
def test_a_students_pdf_carries_each_font_dictionary_once_and_every_font_as_outlines(tmp_path):
    # pdfTeX copies a placed page's font dictionaries with every page; the split merges equal
    # copies, so what is left is the chunk's own dictionary and the shared pages' one per font
    # and encoding
    folders = problemset.build(problemset.load("seed-lab"), tmp_path, students=ROSTER[:2], secret="k", assignment="hw1")
    pdf.typeset_build(tmp_path, folders, per_student=True)
    for path in [*(tmp_path / "students").glob("*/*.pdf"), *tmp_path.glob("class-*.pdf")]:
        whole = pikepdf.open(path)
        fonts = [item for item in whole.objects if isinstance(item, pikepdf.Dictionary) and item.get("/Type") == "/Font"]
        families = {(str(font.get("/BaseFont", font.get("/Name"))), _encoding(font)) for font in fonts}
        assert sum(1 for page in whole.pages if page.obj.Resources.get("/XObject")) >= 5, path  # placed, not typeset
        assert len(fonts) <= 2 * len(families), path
        # a bitmap (Type 3) font prints blurred bullets and dollar signs: Latin Modern has them all as outlines
        assert not [font for font in fonts if font.get("/Subtype") == "/Type3"], path


def _encoding(font) -> bytes:
    """A font dictionary's encoding, as text: one font in two encodings (OT1 text, TS1 symbols) is two."""
    encoding = font.get("/Encoding")
    return b"" if encoding is None else bytes(encoding.unparse(resolved=True))


def page_image(path: Path, page: int, dpi: int = 72) -> list[bytes]:
    """One page rendered in grey by poppler: its rows of pixels (at 72 dpi, a row a point)."""
    pgm = subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page), str(path)],
                         capture_output=True, check=True).stdout
    magic, size, depth, pixels = pgm.split(b"\n", 3)
    width, height = map(int, size.split())
    assert magic == b"P5" and depth == b"255" and len(pixels) == width * height
    return [pixels[row * width:(row + 1) * width] for row in range(height)]


def head_words(path: Path) -> list[tuple[str, float, float, float, float]]:
    """The words of the first page's head line: text, left, top, right, bottom (points)."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    words = [(text, *map(float, box)) for *box, text in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)]
    return [word for word in words if word[2] == words[0][2]]


@needs_tools
def test_a_placed_page_looks_as_a_page_through_latex_s_output_routine_does(built):
    # the chunk's first page (the first student's handout) goes through LaTeX's output routine;
    # the same page for the others is shipped by nngrade's own page builder: only the head's
    # words may differ, and they sit where the output routine puts them
    out, _ = built
    for name in ("handout", "answers"):
        paths = [out / "students" / student / f"{name}.pdf" for student in ROSTER]
        first = head_words(paths[0])
        top, bottom = int(first[0][2]) - 1, int(first[0][4]) + 2  # the head line, with its anti-aliased edge
        images = [page_image(path, 1) for path in paths]
        for path, image in zip(paths[1:], images[1:]):
            assert image[:top] + image[bottom:] == images[0][:top] + images[0][bottom:], path
            head = head_words(path)
            assert [head[0][0], head[1][0]] == [path.parent.name, "hw1"]
            assert head[0][1] == first[0][1]  # flush left
            assert head[-1][3] == pytest.approx(first[-1][3], abs=0.05)  # flush right (up to the last letter's shape)
            assert (head[1][1] + head[1][3]) / 2 == pytest.approx((first[1][1] + first[1][3]) / 2, abs=0.5)  # centred
            assert {(word[2], word[4]) for word in head} == {(first[0][2], first[0][4])}  # one baseline
        assert sum(1 for row in images[0][top:] if row.count(0) > len(row) / 2) == 1  # the head's rule, one line
