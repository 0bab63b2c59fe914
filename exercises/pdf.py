"""PDFs of the built handouts and answer keys: pdflatex over chunks of documents, split per document.

pdflatex costs about 0.2 s to start and about 5 ms a page, so a class of a thousand students
(two documents each) is typeset as a few dozen long runs, not two thousand short ones. Every
document the build writes has the same preamble (``problemset.LATEX_PREAMBLE``); a chunk is that
preamble followed by the bodies of its documents, each starting on a fresh page with the page
number set back to 1. pdflatex writes where each document begins into its log, and pikepdf
(qpdf) cuts the chunk's PDF into one file per document. The class PDFs are put together from
the chunks' pages, with one outline entry and page labels per student, so that the fonts are
stored once a chunk, not once a student. Chunks run on all cores, in threads: the work is in the
pdflatex processes and in qpdf.

The ``.tex`` files stay the instructor's: a PDF is always what pdflatex makes of them.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

#: Documents per pdflatex run at most: long enough that the start-up does not count, short
#: enough that every core has several runs to take.
CHUNK_DOCUMENTS = 40
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
    groups = _chunks(list(documents))
    with tempfile.TemporaryDirectory(prefix="nngrade-pdf-") as scratch:
        jobs = [(program, chunk, Path(scratch) / f"chunk{number:04d}") for number, chunk in enumerate(groups)]
        with ThreadPoolExecutor(max_workers=workers or _cores()) as pool:
            typeset_chunks = list(pool.map(lambda job: _typeset_chunk(*job), jobs))
        for target, members in (collections or {}).items():
            _collect(target, members, typeset_chunks)


@dataclass(frozen=True)
class _Chunk:
    pdf: Path
    pages: dict[Path, range]  # each document's pages in the chunk's PDF, by its source


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _chunks(documents: list[Document]) -> list[list[tuple[Document, str, str]]]:
    """The documents with their preamble and body, cut into runs of one preamble each."""
    out: list[list[tuple[Document, str, str]]] = []
    for document in documents:
        preamble, body = _parts(document.source)
        if not out or len(out[-1]) == CHUNK_DOCUMENTS or out[-1][0][1] != preamble:
            out.append([])
        out[-1].append((document, preamble, body))
    return out


def _parts(source: Path) -> tuple[str, str]:
    text = source.read_text(encoding="utf-8")
    begin, end = text.find("\\begin{document}"), text.rfind("\\end{document}")
    if begin < 0 or end < begin:
        raise PdfError(f"{source}: not a LaTeX document (no \\begin{{document}} ... \\end{{document}})")
    return text[:begin], text[begin + len("\\begin{document}"):end]


def _typeset_chunk(program: str, chunk: list[tuple[Document, str, str]], stem: Path) -> _Chunk:
    stem.parent.mkdir(parents=True, exist_ok=True)
    bodies = [f"\\clearpage\\setcounter{{page}}{{1}}\\typeout{{{_MARK} \\the\\ReadonlyShipoutCounter}}\n{body}"
              for _, _, body in chunk]
    stem.with_suffix(".tex").write_text(chunk[0][1] + "\\begin{document}\n" + "\n".join(bodies)
                                        + "\\end{document}\n", encoding="utf-8")
    try:
        run = subprocess.run([program, "-interaction=nonstopmode", "-halt-on-error", stem.with_suffix(".tex").name],
                             cwd=stem.parent, capture_output=True, text=True, errors="replace", timeout=RUN_SECONDS)
    except subprocess.TimeoutExpired:
        raise PdfError(f"pdflatex took over {RUN_SECONDS} s on {_names(chunk)}") from None
    log = stem.with_suffix(".log").read_text(encoding="latin-1") if stem.with_suffix(".log").exists() else run.stdout
    if run.returncode != 0 or not stem.with_suffix(".pdf").exists():
        first = next((line for line in log.splitlines() if line.startswith("!")), "no PDF written")
        raise PdfError(f"pdflatex failed on {_names(chunk)}: {first.lstrip('! ')}")
    starts = [int(found) for found in re.findall(rf"^{_MARK} (\d+)$", log, re.M)]
    return _split(stem.with_suffix(".pdf"), [document for document, _, _ in chunk], starts)


def _names(chunk) -> str:
    sources = [str(document.source) for document, _, _ in chunk]
    return sources[0] if len(sources) == 1 else f"{sources[0]} (or one of the {len(sources) - 1} typeset with it)"


def _split(pdf: Path, documents: list[Document], starts: list[int]) -> _Chunk:
    import pikepdf

    with pikepdf.open(pdf) as whole:
        if len(starts) != len(documents):
            raise PdfError(f"pdflatex marked {len(starts)} of {len(documents)} documents in {pdf.name}")
        ends = starts[1:] + [len(whole.pages)]
        pages = {}
        for document, first, last in zip(documents, starts, ends):
            part = pikepdf.new()
            part.pages.extend(whole.pages[first:last])
            part.save(document.target)
            pages[document.source] = range(first, last)
    return _Chunk(pdf, pages)


def _collect(target: Path, members: Sequence[Document], chunks: list[_Chunk]) -> None:
    """One PDF of ``members``' pages in order, an outline entry and a page-label range for each."""
    import pikepdf

    where = {source: (chunk, pages) for chunk in chunks for source, pages in chunk.pages.items()}
    opened: dict[Path, pikepdf.Pdf] = {}
    combined = pikepdf.new()
    labels = []
    try:
        with combined.open_outline() as outline:
            for document in members:
                chunk, pages = where[document.source]
                if chunk.pdf not in opened:
                    opened[chunk.pdf] = pikepdf.open(chunk.pdf)
                start = len(combined.pages)
                combined.pages.extend(opened[chunk.pdf].pages[pages.start:pages.stop])
                outline.root.append(pikepdf.OutlineItem(document.label or document.source.stem, start))
                labels += [start, pikepdf.Dictionary(S=pikepdf.Name.D, P=pikepdf.String(f"{document.label} "))]
        combined.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(labels))
        target.parent.mkdir(parents=True, exist_ok=True)
        combined.save(target)
    finally:
        for pdf in opened.values():
            pdf.close()


#: The class PDFs of a build with a roster, by the document of each student's folder they gather.
CLASS_PDFS = {"handout": "class-handouts.pdf", "answers": "class-answers.pdf"}


def typeset_build(out: Path, folders: Sequence[Path], per_student: bool, workers: int | None = None) -> list[Path]:
    """The PDF step of ``nngrade build``, after its ``.tex`` files are written: a handout and an
    answer key in every folder and, for a roster, the two class PDFs in ``out``. Returns the
    class PDFs written."""
    documents = {stem: [Document(folder / f"{stem}.tex", folder.name if per_student else "") for folder in folders]
                 for stem in CLASS_PDFS}
    collections = {out / name: documents[stem] for stem, name in CLASS_PDFS.items()} if per_student else {}
    typeset([document for pair in zip(*documents.values()) for document in pair], collections, workers)
    return list(collections)
