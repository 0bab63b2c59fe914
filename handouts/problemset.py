"""Problem sets: a YAML list of exercises built into handouts, answer keys and problem files.

A set lists entries of three forms::

    title: Lab
    exercises:
      - example: linear_layer/seed-lab          # a fixed problem of the catalogue
      - kind: activation                        # drawn variants
        knobs: {difficulty: medium}
        count: 2
      - problem: {kind: loss, params: {...}}    # a problem written out by hand
    numbers: {style: both, sigfigs: 4}          # how numbers are written (optional)

Building writes, for the whole class or for each student of a roster (each with an own keyed
variant of every drawn entry), the problem and solution JSON files, a handout and an answer key
with worked solutions in Markdown, LaTeX and HTML. Its steps, per folder: draw the variants,
solve and render each problem (the fixed ones once per build), write the problem and solution
files, then the documents.
"""
from __future__ import annotations

import base64
import hashlib
import html
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nngrade.core.number_style import NumberStyle, number_style
from nngrade.core.problem import Problem, ProblemFileError, dumps_json, read_data_file
from nngrade.core.run_many import run_many
from nngrade.core.schema import SchemaError
from nngrade.core.student_ids import check_roster
from nngrade.generators.seeds import student_seed

from nngrade.exercises import problems, registry
from nngrade.rendering import render

@dataclass(frozen=True)
class Entry:
    """One entry of a set: a fixed problem, or ``count`` drawn variants of a kind."""

    kind: str
    knobs: dict[str, Any] = field(default_factory=dict)
    count: int = 1
    fixed: Problem | None = None
    points: float | None = None


@dataclass(frozen=True)
class ProblemSet:
    """A titled list of entries."""

    title: str
    entries: list[Entry]
    intro: str = ""
    numbers: NumberStyle = NumberStyle()
    """How the handouts and worked solutions write numbers."""


def load(source: str | Path | dict) -> ProblemSet:
    """A problem set from a YAML/JSON file, a mapping, or the name of a set shipped with nngrade.

    The set is checked against the problem-set schema first, so an unknown key, kind, knob or
    example is named with its place in the file and its near miss."""
    from nngrade.exercises.schemas import problemset as schema

    name = None
    if isinstance(source, dict):
        data = source
    else:
        path = Path(source)
        if not path.exists() and (shipped := _shipped(str(source))):
            path = shipped
        data, name = read_data_file(path), str(path)
    try:
        schema.checker().check(data, name)
    except SchemaError as error:
        raise ProblemFileError(str(error)) from None
    prefix = f"{name}: " if name else ""
    entries = [_entry(item, index, prefix) for index, item in enumerate(data["exercises"])]
    return ProblemSet(data.get("title", "Problem set"), entries, data.get("intro", ""),
                      NumberStyle.read(data.get("numbers")))


def _shipped(name: str) -> Path | None:
    folder = Path(__file__).parent / "problemsets"
    candidate = folder / f"{name}.yaml"
    return candidate if candidate.exists() else None


def shipped_sets() -> list[str]:
    """Names of the problem sets that ship with nngrade."""
    return sorted(p.stem for p in (Path(__file__).parent / "problemsets").glob("*.yaml"))


def _entry(item: dict, index: int, prefix: str) -> Entry:
    """One entry of a set the schema has accepted."""
    points = item.get("points")
    if "example" in item:
        kind, _, name = item["example"].partition("/")
        return Entry(kind, fixed=problems.example(kind, name), points=points)
    if "problem" in item:
        fixed = problems.read(item["problem"], f"{prefix}exercises[{index}].problem")
        return Entry(fixed.kind, fixed=fixed, points=points)
    return Entry(item["kind"], item.get("knobs") or {}, item.get("count", 1), points=points)


def instantiate(problem_set: ProblemSet, seed: int = 0, student: str | None = None, secret: str | None = None,
                assignment: str = "default") -> list[Problem]:
    """The problems of the set: fixed ones as they are, drawn ones from the seed or the student's keyed seed."""
    out = []
    for index, entry in enumerate(problem_set.entries):
        if entry.fixed is not None:
            out.append(entry.fixed)
            continue
        exercise = registry.get(entry.kind)
        for copy in range(entry.count):
            if student is not None:
                item_seed = student_seed(secret, assignment, f"{index}:{entry.kind}:{copy}", student)
            else:
                item_seed = seed * 1_000_003 + index * 1_009 + copy
            try:
                out.append(problems.draw(exercise, item_seed, **entry.knobs))
            except ValueError as error:
                raise ProblemFileError(f"exercise {index + 1} ({entry.kind}): {error}") from None
    return out


def problem_id(number: int, problem: Problem) -> str:
    """The id of the ``number``-th problem of a set (from 1): the stem of its files in a built
    folder (``03-activation``), and how submissions and class results name it."""
    return f"{number:02d}-{problem.kind}"


def build(problem_set: ProblemSet, out: Path, seed: int = 0, students: list[str] | None = None,
          secret: str | None = None, assignment: str = "default", *, processes: int | None = None,
          scheduler: str | None = None, progress: bool | None = None, reuse_shared: bool = True) -> list[Path]:
    """Write the set into ``out``; with a roster, one folder per student. Returns the folders written.

    With a roster, the set's fixed problems are solved and rendered once, their problem and
    solution files are written once into ``out/shared/`` and each student's folder hard-links them;
    the students' folders are built on ``processes`` worker processes (default: all cores) or on
    the Dask cluster at ``scheduler`` (see :mod:`nngrade.core.run_many`), whose workers must see
    ``out``. ``reuse_shared=False`` renders the fixed problems again for every student: the plain
    path the fast one is checked against."""
    if students and not secret:
        raise ValueError("per-student variants need the course secret")
    if students:
        check_roster(students)
    with number_style(problem_set.numbers):
        if not students:
            items = instantiate(problem_set, seed)
            _write_folder(problem_set, [render_item(number, problem) for number, problem in enumerate(items, start=1)],
                          out, None, assignment)
            return [out]
        shared = {number: render_item(number, problem) for number, problem in fixed_problems(problem_set).items()}
    _make_item_folders(out / SHARED_FOLDER)
    for item in shared.values():
        _write_item_files(out / SHARED_FOLDER, item)
    job = StudentFolder(problem_set, out, secret, assignment, shared if reuse_shared else {}, frozenset(shared))
    return run_many(job, students, processes=processes, scheduler=scheduler, description="students",
                    progress=progress)


#: Folder of a roster build that holds the files of the fixed problems, which students' folders hard-link.
SHARED_FOLDER = "shared"


@dataclass(frozen=True)
class RenderedItem:
    """One problem of a built folder, ready to write: its two files' text and its document sections."""

    problem: Problem
    stem: str
    written: dict
    """The problem's JSON form (:func:`problems.write`)."""
    problem_json: str
    solution_json: str
    handout: dict[str, str]
    answers: dict[str, str]


def render_item(number: int, problem: Problem) -> RenderedItem:
    """The ``number``-th problem of a folder, solved and rendered in every format."""
    solution = registry.get(problem.kind).solve(problem.params)
    title = f"Exercise {number}"
    handout, answers = {}, {}
    for fmt, (statement, worked) in render.statements_and_solutions(problem, solution).items():
        handout[fmt] = _section(fmt, title, statement)
        answers[fmt] = _section(fmt, title, statement + "\n" + worked)
    written = problems.write(problem)
    return RenderedItem(problem, problem_id(number, problem), written, dumps_json(written) + "\n",
                        dumps_json(render.solution_json(problem, solution)) + "\n", handout, answers)


def fixed_problems(problem_set: ProblemSet) -> dict[int, Problem]:
    """The set's fixed problems by their number in every folder (drawn entries before them count
    ``count`` numbers each, the same for every student)."""
    numbers, number = {}, 1
    for entry in problem_set.entries:
        if entry.fixed is not None:
            numbers[number] = entry.fixed
        number += 1 if entry.fixed is not None else entry.count
    return numbers


@dataclass(frozen=True)
class StudentFolder:
    """Builds one student's folder (picklable, so that worker processes can run it)."""

    problem_set: ProblemSet
    out: Path
    secret: str
    assignment: str
    rendered: dict[int, RenderedItem]
    """Fixed problems already rendered, by number; the others are rendered for the student."""
    linked: frozenset[int]
    """Numbers of the problems whose files are in the shared folder."""

    def __call__(self, student: str) -> Path:
        folder = self.out / "students" / student
        items = instantiate(self.problem_set, 0, student, self.secret, self.assignment)
        with number_style(self.problem_set.numbers):  # a worker process starts in the default style
            rendered = [self.rendered.get(number) or render_item(number, problem)
                        for number, problem in enumerate(items, start=1)]
            _write_folder(self.problem_set, rendered, folder, student, self.assignment, self.linked)
        return folder


def _write_folder(problem_set: ProblemSet, items: list[RenderedItem], folder: Path, student: str | None,
                  assignment: str, linked: frozenset[int] = frozenset()) -> None:
    """The problem and solution files (hard links to the shared folder's for the ``linked`` numbers),
    then the handout and the answer key in every format."""
    _make_item_folders(folder)
    for number, item in enumerate(items, start=1):
        if number in linked:
            _link_item_files(folder, item)
        else:
            _write_item_files(folder, item)
    handout = {fmt: [item.handout[fmt] for item in items] for fmt in render.MARKUPS}
    answers = {fmt: [item.answers[fmt] for item in items] for fmt in render.MARKUPS}
    # The student is named in the heading on screen and in the head of every printed page, so the
    # printed pages common to the whole class are the same for everybody (typeset once for all).
    heading = problem_set.title + (f" (student {student})" if student else "")
    header = PageHeader(student or "", assignment, variant_code(items))
    _write_document(folder / "handout", (heading, problem_set.title), problem_set.intro, handout, header)
    answers_title = ": worked solutions"
    _write_document(folder / "answers", (heading + answers_title, problem_set.title + answers_title), "", answers, header)


#: The sub-folders of a built folder that hold one file per problem.
ITEM_FOLDERS = ("problems", "solutions")


def _make_item_folders(folder: Path) -> None:
    for sub in ITEM_FOLDERS:
        (folder / sub).mkdir(parents=True, exist_ok=True)


def _write_item_files(folder: Path, item: RenderedItem) -> None:
    for sub, text in zip(ITEM_FOLDERS, (item.problem_json, item.solution_json)):
        _write_new(os.path.join(folder, sub, f"{item.stem}.json"), text)


def _write_new(path: str, text: str) -> None:
    """``text`` into the file at ``path``. A file there of its own (a rebuild) is rewritten in
    place, keeping its inode; a link there is replaced, never written through, so a rebuild
    cannot change the shared file that other folders link to."""
    try:
        file = open(path, "x", encoding="utf-8")
    except FileExistsError:
        found = os.lstat(path)
        if stat.S_ISREG(found.st_mode) and found.st_nlink == 1:
            file = open(path, "w", encoding="utf-8")
        else:
            os.unlink(path)
            file = open(path, "x", encoding="utf-8")
    with file:
        file.write(text)


def _link_item_files(folder: Path, item: RenderedItem) -> None:
    """Hard links from a student's folder (``out/students/<id>``) to the shared files (a rebuild
    replaces what it finds). A hard link is a second name of the same file: no second copy, no
    new inode (on this machine's file system creating inodes after a large delete costs more
    system time than the rest of the build's writes), and a student's folder copied or zipped on
    its own still holds its files. Where the file system refuses one (no hard links there, or
    the file has too many), the file is written instead: the same bytes."""
    for sub, text in zip(ITEM_FOLDERS, (item.problem_json, item.solution_json)):
        name = f"{item.stem}.json"
        link, target = os.path.join(folder, sub, name), os.path.join(folder, "..", "..", SHARED_FOLDER, sub, name)
        _link_or_write(target, link, text)


def _link_or_write(target: str, link: str, text: str) -> None:
    """A hard link at ``link`` to ``target`` (what is there first is replaced), else ``text`` written there."""
    try:
        os.link(target, link)
    except FileExistsError:
        os.unlink(link)
        _link_or_write(target, link, text)
    except OSError:
        _write_new(link, text)


def variant_code(items: list[RenderedItem]) -> str:
    """A short code of the problems themselves (six letters and digits): of their JSON form as
    one list, ``dumps_json([item.written for item in items])``, printed on every page of a
    handout so a sheet found on a desk can be matched to its variant; equal problems, equal code.
    The list's text is put together from each problem file's text (the shared ones are dumped
    once per build, not once per student): ``dumps_json`` nests a mapping in a list by indenting
    each of its lines one level more, and its strings never hold a raw newline."""
    if not items:
        return _code(dumps_json([]))
    nested = (item.problem_json.rstrip("\n").replace("\n", "\n  ") for item in items)
    return _code("[\n  " + ",\n  ".join(nested) + "\n]")


def _code(text: str) -> str:
    return base64.b32encode(hashlib.sha256(text.encode()).digest()).decode()[:6]


def _section(fmt: str, title: str, body: str) -> str:
    headings = {"markdown": f"## {title}\n\n", "latex": f"\\section*{{{title}}}\n\n",
                "html": f"<section>\n<h2>{html.escape(title)}</h2>\n"}
    return headings[fmt] + body + ("</section>\n" if fmt == "html" else "")


def _write_document(stem: Path, titles: tuple[str, str], intro: str, parts: dict[str, list[str]],
                    header: PageHeader) -> None:
    """The Markdown, LaTeX and HTML files of one document; ``titles``: on screen, and printed."""
    title, printed = titles
    stem.with_suffix(".md").write_text(
        f"# {title}\n\n" + (intro + "\n\n" if intro else "") + "\n\n".join(parts["markdown"]), encoding="utf-8")
    stem.with_suffix(".tex").write_text(latex_document(printed, intro, parts["latex"], header), encoding="utf-8")
    stem.with_suffix(".html").write_text(html_document(title, intro, parts["html"]), encoding="utf-8")


def html_document(title: str, intro: str, sections: list[str]) -> str:
    """A self-contained page: math as native MathML, so it renders offline in any current browser."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n" + (f"<p>{html.escape(intro)}</p>\n" if intro else "")
        + "\n".join(sections) + "</body>\n</html>\n"
    )


_CSS = (
    "body{font-family:Georgia,serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
    "math[display=block]{margin:.8rem 0;padding:.2rem 0;overflow-x:auto;overflow-y:hidden}section{border-top:1px solid #ccc;margin-top:1.5rem}"
    "code{background:#f3f3f3;padding:0 .2rem}"
    "math{font-family:'Latin Modern Math','STIX Two Math','Cambria Math',math}"
)


@dataclass(frozen=True)
class PageHeader:
    """What the head of every printed page says: whose sheet, of which assignment, which variant."""

    student: str
    assignment: str
    variant: str


#: The preamble every handout and answer key shares, so the PDF step can typeset many in one run.
#: ``\nngradetitle`` is a title block that, unlike ``\maketitle``, can be used again in one run.
LATEX_PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage{lmodern}
\usepackage{amsmath,amssymb}
\usepackage[margin=2.5cm,headheight=14pt]{geometry}
\usepackage{fancyhdr}
\pagestyle{fancy}
\fancyhf{}
\renewcommand{\headrulewidth}{0.4pt}
\fancyfoot[C]{\thepage}
\sloppy
% a long derivation may break between its lines; paragraphs start flush left
\interdisplaylinepenalty=150
\setlength{\parindent}{0pt}
\newcommand{\nngradeheader}[3]{\fancyhead[L]{#1}\fancyhead[C]{#2}\fancyhead[R]{#3}}
\newcommand{\nngradetitle}[1]{\begin{center}\LARGE #1\end{center}\par\medskip}
"""


def latex_document(title: str, intro: str, sections: list[str], header: PageHeader | None = None) -> str:
    """A complete LaTeX article around the rendered sections, with ``header`` on every page."""
    head = header or PageHeader("", "", "")
    fields = (render.latex_text(head.student), render.latex_text(head.assignment),
              f"variant {head.variant}" if head.variant else "")
    body = "\n\n".join(sections)
    return (
        LATEX_PREAMBLE + "\\begin{document}\n"
        + "\\nngradeheader" + "".join(f"{{{field}}}" for field in fields) + "\n"
        + f"\\nngradetitle{{{render.latex_text(title)}}}\n\n"
        + (render.latex_text(intro) + "\n\n" if intro else "")
        + body + "\n\\end{document}\n"
    )
