r"""PDFs of the built handouts and answer keys: pdflatex over chunks of documents, split per document.

pdflatex costs about 0.2 s to start and about 5 ms a page, so a class of a thousand students
(two documents each) is typeset as about twenty long runs, not two thousand short ones. Every
document the build writes has the same preamble (``problemset.LATEX_PREAMBLE``); a chunk is that
preamble followed by the bodies of its documents, each starting on a fresh page with the page
number set back to 1. pdflatex writes where each document begins into its log, and pikepdf
(qpdf) cuts the chunk's PDF into one file per document.

Most of a class's pages are the same for everybody: the set's fixed examples, and their worked
solutions, only the head of the page (whose sheet, which variant) and the page number differ.
So the sections (``\section*``) that several documents have word for word are typeset once, in
one run before the chunks, without head or page number; a document places those pages whole
(``\pdfrefximage``, once per chunk's PDF) under its own head and numbers, and typesets only its
own sections. A run of shared sections ends its last page, so the document's own sections start
on a fresh page after it. The class PDFs are put together from the chunks' pages, with one
outline entry and page labels per student, so that what pages share is stored once a chunk,
not once a student. Chunks run on all cores, in threads: the work is in the pdflatex processes
and in qpdf.

The ``.tex`` files stay the instructor's, whole: pdflatex on one of them gives the same content.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from nngrade.core.run_many import cores

#: Documents per pdflatex run at most: long enough that the start-up does not count, short
#: enough that every core has several runs to take.
CHUNK_DOCUMENTS = 100
#: Seconds one pdflatex run may take before the build gives up on it.
RUN_SECONDS = 600
#: Written into pdflatex's log where a document of the chunk begins, with its first page's index.
_MARK = "nngrade-document-starts-after-page"


class PdfError(RuntimeError):
    """No PDF can be made: pdflatex or pikepdf is missing, or pdflatex failed on a document."""


@dataclass(frozen=True)
class Document:
    """One ``.tex`` file to typeset; ``label`` names it in a class PDF (the student's id)."""

    source: Path
    label: str = ""

    @property
    def target(self) -> Path:
        return self.source.with_suffix(".pdf")


def pdflatex() -> str:
    """The pdflatex program, or a :class:`PdfError` that says how to get it."""
    found = shutil.which("pdflatex")
    if found is None:
        raise PdfError("pdflatex not found: install TeX Live (Debian: texlive-latex-base) or build with --no-pdf")
    return found


def require() -> None:
    """Check, before a build starts, that PDFs can be made here."""
    pdflatex()
    try:
        import pikepdf  # noqa: F401
    except ImportError:
        raise PdfError("PDFs need pikepdf: pip install 'nngrade[pdf]', or build with --no-pdf") from None


def typeset(documents: Sequence[Document], collections: dict[Path, Sequence[Document]] | None = None,
            workers: int | None = None) -> None:
    """Write ``document.target`` for every document, and each collection's PDF: its documents'
    pages in order, one outline entry each, page labels that start again at each document."""
    require()
    program = pdflatex()
    with tempfile.TemporaryDirectory(prefix="nngrade-pdf-") as scratch:
        parsed = [(document, *_parts(document.source)) for document in documents]
        parsed = _share(program, parsed, Path(scratch))
        jobs = [(program, chunk, Path(scratch) / f"chunk{number:04d}") for number, chunk in enumerate(_chunks(parsed))]
        with ThreadPoolExecutor(max_workers=workers or cores()) as pool:
            typeset_chunks = list(pool.map(lambda job: _typeset_chunk(*job), jobs))
        try:
            for target, members in (collections or {}).items():
                _collect(target, members, typeset_chunks)
        finally:
            for chunk in typeset_chunks:
                chunk.pdf.close()


@dataclass(frozen=True)
class _Chunk:
    pdf: object  # the chunk's PDF (pikepdf.Pdf), open until the class PDFs are made
    pages: dict[Path, range]  # each document's pages in the chunk's PDF, by its source


def _chunks(parsed: list[tuple[Document, str, str]]) -> list[list[tuple[Document, str, str]]]:
    """The documents (with their preamble and body) cut into runs of one preamble each."""
    out: list[list[tuple[Document, str, str]]] = []
    for document, preamble, body in parsed:
        if not out or len(out[-1]) == CHUNK_DOCUMENTS or out[-1][0][1] != preamble:
            out.append([])
        out[-1].append((document, preamble, body))
    return out


#: Where a document's body is cut into sections that other documents may share.
_SECTION = re.compile(r"(?=^\\section\*\{)", re.M)
#: The line that sets a document's page head; never shared.
_HEADER = re.compile(r"\A\s*(\\nngradeheader\{[^\n]*\}\n)")
#: Defined in front of every chunk: page #2 of the shared PDF #1, whole, under this document's
#: head and page number; each page is read into the chunk's PDF once, however many use it.
#: Four pages in five of a class's documents are such pages, so they do not go through LaTeX's
#: output routine (about 1 ms a page, as much as typesetting a page of maths): the page is
#: built as ``\@outputpage`` builds it (head, an empty text block, foot, with the page style's
#: own head and foot) over the placed page, and shipped with ``\RawShipout``, which skips the
#: shipout hooks; that is a third of the cost, and the pages come out pixel for pixel the same.
#: The chunk's first page goes the usual way, so that the hooks of a first page run as they would.
_SHARED_PAGE = r"""\makeatletter
\newcommand{\nngradesharedpage}[2]{\ifcsname nngrade#1#2\endcsname\else
  \pdfximage page #2 {#1}\expandafter\xdef\csname nngrade#1#2\endcsname{\the\pdflastximage}\fi
  \ifnum\ReadonlyShipoutCounter=\z@
    \null\AddToHookNext{shipout/background}{\put(0,-\paperheight){\pdfrefximage\csname nngrade#1#2\endcsname\relax}}%
    \clearpage
  \else\nngrade@shippage{\pdfrefximage\csname nngrade#1#2\endcsname\relax}\fi}
\newcommand{\nngrade@shippage}[1]{\begingroup\let\protect\noexpand\@parboxrestore
  \if@twoside\ifodd\c@page\else\let\@oddhead\@evenhead\let\@oddfoot\@evenfoot\let\oddsidemargin\evensidemargin\fi\fi
  \RawShipout\vbox{\set@typeset@protect\reset@font\normalsize\normalsfcodes
    \baselineskip\z@skip\lineskip\z@skip\lineskiplimit\z@
    \vbox to\z@{\kern-1in\kern-\voffset\moveleft\dimexpr1in+\hoffset\relax\hbox to\z@{#1\hss}\vss}%
    \vskip\topmargin
    \moveright\oddsidemargin\vbox{%
      \setbox\@tempboxa\vbox to\headheight{\vfil\color@hbox\normalcolor\hb@xt@\textwidth{\@oddhead}\color@endbox}%
      \dp\@tempboxa\z@\box\@tempboxa
      \vskip\headsep\vbox to\textheight{}%
      \baselineskip\footskip\color@hbox\normalcolor\hb@xt@\textwidth{\@oddfoot}\color@endbox}}%
  \endgroup\stepcounter{page}}
\makeatother
"""


def _share(program: str, parsed: list[tuple[Document, str, str]], scratch: Path) -> list[tuple[Document, str, str]]:
    """The documents with every run of sections that another document has too replaced by the
    pages of one typesetting of it (see the module's docstring)."""
    out = list(parsed)
    for number, preamble in enumerate(dict.fromkeys(preamble for _, preamble, _ in parsed)):
        members = [index for index, (_, own, _) in enumerate(parsed) if own == preamble]
        cut = {index: _sections(parsed[index][2]) for index in members}
        seen: dict[str, int] = {}
        for index in members:
            for section in set(cut[index][1]):
                seen[section] = seen.get(section, 0) + 1
        runs = {index: _runs(cut[index][1], lambda section: seen[section] > 1) for index in members}
        blocks = list(dict.fromkeys("".join(run) for index in members for shared, run in runs[index] if shared))
        if not blocks:
            continue
        stem = scratch / f"shared{number:02d}"
        pages = _typeset_blocks(program, preamble, blocks, stem)
        for index in members:
            document, _, _ = parsed[index]
            placed = ("\\clearpage\n" + "".join(f"\\nngradesharedpage{{{stem.name}.pdf}}{{{page}}}"
                                                  for page in pages["".join(run)]) + "\n"
                      if shared else "".join(run) for shared, run in runs[index])
            out[index] = (document, preamble, cut[index][0] + "".join(placed))
    return out


def _sections(body: str) -> tuple[str, list[str]]:
    """A body as its page-head line and the pieces that start at each section (the first piece:
    what comes before the first section, the title and the introduction)."""
    header = _HEADER.match(body)
    return (header.group(1) if header else "",
            [piece for piece in _SECTION.split(body[header.end() if header else 0:]) if piece])


def _runs(pieces: list[str], shared) -> list[tuple[bool, list[str]]]:
    """The pieces grouped into maximal runs that are all shared or all own."""
    runs: list[tuple[bool, list[str]]] = []
    for piece in pieces:
        if runs and runs[-1][0] == shared(piece):
            runs[-1][1].append(piece)
        else:
            runs.append((shared(piece), [piece]))
    return runs


def _typeset_blocks(program: str, preamble: str, blocks: list[str], stem: Path) -> dict[str, list[int]]:
    """One run of pdflatex over the shared blocks, without page heads or numbers; the pages
    (counted from 1) of each block."""
    bodies = "".join(f"\\clearpage\\typeout{{{_MARK} \\the\\ReadonlyShipoutCounter}}\n{block}" for block in blocks)
    log = _pdflatex(program, stem, preamble + "\\begin{document}\n\\pagestyle{empty}\n" + bodies + "\\end{document}\n",
                    "the pages shared by several documents")
    import pikepdf

    with pikepdf.open(stem.with_suffix(".pdf")) as whole:
        total = len(whole.pages)
    starts = _starts(log, len(blocks), stem)
    ends = starts[1:] + [total]
    return {block: list(range(first + 1, last + 1)) for block, first, last in zip(blocks, starts, ends)}


def _parts(source: Path) -> tuple[str, str]:
    text = source.read_text(encoding="utf-8")
    begin, end = text.find("\\begin{document}"), text.rfind("\\end{document}")
    if begin < 0 or end < begin:
        raise PdfError(f"{source}: not a LaTeX document (no \\begin{{document}} ... \\end{{document}})")
    return text[:begin], text[begin + len("\\begin{document}"):end]


def _typeset_chunk(program: str, chunk: list[tuple[Document, str, str]], stem: Path) -> _Chunk:
    bodies = [f"\\clearpage\\setcounter{{page}}{{1}}\\typeout{{{_MARK} \\the\\ReadonlyShipoutCounter}}\n{body}"
              for _, _, body in chunk]
    log = _pdflatex(program, stem, chunk[0][1] + _SHARED_PAGE + "\\begin{document}\n" + "\n".join(bodies)
                    + "\\end{document}\n", _names(chunk))
    return _split(stem.with_suffix(".pdf"), [document for document, _, _ in chunk], _starts(log, len(chunk), stem))


def _pdflatex(program: str, stem: Path, source: str, what: str) -> str:
    """Run pdflatex on ``source`` written to ``stem.tex``; its log, or a :class:`PdfError` naming ``what``."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    stem.with_suffix(".tex").write_text(source, encoding="utf-8")
    try:
        run = subprocess.run([program, "-interaction=nonstopmode", "-halt-on-error", stem.with_suffix(".tex").name],
                             cwd=stem.parent, capture_output=True, text=True, errors="replace", timeout=RUN_SECONDS)
    except subprocess.TimeoutExpired:
        raise PdfError(f"pdflatex took over {RUN_SECONDS} s on {what}") from None
    log = stem.with_suffix(".log").read_text(encoding="latin-1") if stem.with_suffix(".log").exists() else run.stdout
    if run.returncode != 0 or not stem.with_suffix(".pdf").exists():
        first = next((line for line in log.splitlines() if line.startswith("!")), "no PDF written")
        raise PdfError(f"pdflatex failed on {what}: {first.lstrip('! ')}")
    return log


def _starts(log: str, count: int, stem: Path) -> list[int]:
    """Where each of the ``count`` documents of a run begins (pages before it), from the run's log."""
    starts = [int(found) for found in re.findall(rf"^{_MARK} (\d+)$", log, re.M)]
    if len(starts) != count:
        raise PdfError(f"pdflatex marked {len(starts)} of {count} documents in {stem.name}.pdf")
    return starts


def _names(chunk) -> str:
    sources = [str(document.source) for document, _, _ in chunk]
    return sources[0] if len(sources) == 1 else f"{sources[0]} (or one of the {len(sources) - 1} typeset with it)"


def _split(pdf: Path, documents: list[Document], starts: list[int]) -> _Chunk:
    import pikepdf

    whole = pikepdf.open(pdf)
    _merge_copied_fonts(whole)
    ends = starts[1:] + [len(whole.pages)]
    pages = {}
    for document, first, last in zip(documents, starts, ends):
        part = pikepdf.new()
        part.pages.extend(whole.pages[first:last])
        part.save(document.target)
        pages[document.source] = range(first, last)
    return _Chunk(whole, pages)


def _merge_copied_fonts(whole) -> None:
    """Point every shared page's fonts at one font dictionary each.

    pdfTeX writes, for every page it places from another PDF, its own copy of each font
    dictionary (widths, encoding, ToUnicode map) the page uses, all naming the same embedded
    font. A document cut from the chunk would carry each copy (twenty shared pages: twenty
    copies of every font), which makes its file twice as large and the cutting twice as slow.
    Copies that are equal, entry by entry, become one."""
    import pikepdf

    keys: dict[tuple[int, int], object] = {}

    def key(value):
        if isinstance(value, pikepdf.Object) and value.is_indirect:
            if value.objgen not in keys:
                embedded = isinstance(value, pikepdf.Dictionary) and "/FontFile" in value
                keys[value.objgen] = ("object", value.objgen) if embedded else _key(value)
            return keys[value.objgen]
        return _key(value)

    def _key(value):
        if isinstance(value, pikepdf.Stream):
            return ("stream", tuple((name, key(item)) for name, item in sorted(value.items()) if name != "/Length"),
                    bytes(value.read_raw_bytes()))
        if isinstance(value, pikepdf.Dictionary):
            return ("dictionary", tuple((name, key(item)) for name, item in sorted(value.items())))
        if isinstance(value, pikepdf.Object):  # an array (widths, encoding differences) or a number or name
            return ("value", bytes(value.unparse(resolved=True)))
        return ("value", repr(value))

    kept: dict[object, object] = {}
    forms = {}
    for page in whole.pages:
        for form in page.obj.get("/Resources", {}).get("/XObject", {}).values():
            forms.setdefault(form.objgen, form)
    for form in forms.values():
        fonts = form.get("/Resources", {}).get("/Font")
        for name, font in list((fonts or {}).items()):
            fonts[name] = kept.setdefault(key(font), font if font.is_indirect else whole.make_indirect(font))


def _collect(target: Path, members: Sequence[Document], chunks: list[_Chunk]) -> None:
    """One PDF of ``members``' pages in order, an outline entry and a page-label range for each.

    The pages are put straight into the new PDF's page tree: qpdf's own page insertion looks
    through the pages already there, for every page, so a class PDF of 18,000 pages took 14 s
    of CPU that way and takes under 1 s this way. qpdf copies a page without its parent, and
    pdfTeX writes every page's resources and media box on the page itself, so nothing that a
    page would inherit from the chunk's page tree is left behind."""
    import pikepdf

    where = {source: (chunk, pages) for chunk in chunks for source, pages in chunk.pages.items()}
    combined = pikepdf.new()
    tree = combined.Root.Pages
    kids, starts = [], []
    for document in members:
        chunk, pages = where[document.source]
        starts.append(len(kids))
        kids.extend(combined.copy_foreign(chunk.pdf.pages[index].obj) for index in pages)
    for kid in kids:
        kid.Parent = tree
    tree.Kids, tree.Count = pikepdf.Array(kids), len(kids)
    with combined.open_outline() as outline:
        for document, start in zip(members, starts):
            outline.root.append(pikepdf.OutlineItem(document.label or document.source.stem, start))
    combined.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(
        [item for document, start in zip(members, starts)
         for item in (start, pikepdf.Dictionary(S=pikepdf.Name.D, P=pikepdf.String(f"{document.label} ")))]))
    target.parent.mkdir(parents=True, exist_ok=True)
    combined.save(target)


#: The class PDFs of a build with a roster, by the document of each student's folder they gather.
CLASS_PDFS = {"handout": "class-handouts.pdf", "answers": "class-answers.pdf"}


def typeset_build(out: Path, folders: Sequence[Path], per_student: bool, workers: int | None = None) -> list[Path]:
    """The PDF step of ``nngrade build``, after its ``.tex`` files are written: a handout and an
    answer key in every folder and, for a roster, the two class PDFs in ``out``. Returns the
    class PDFs written."""
    documents = {stem: [Document(folder / f"{stem}.tex", folder.name if per_student else "") for folder in folders]
                 for stem in CLASS_PDFS}
    collections = {out / name: documents[stem] for stem, name in CLASS_PDFS.items()} if per_student else {}
    # all handouts, then all answer keys: a chunk then holds one class PDF's pages in a run
    typeset([document for stem in CLASS_PDFS for document in documents[stem]], collections, workers)
    return list(collections)
