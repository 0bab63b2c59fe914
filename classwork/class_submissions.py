"""A class's JSON submissions: where each student's answers are, read without trusting them.

Three layouts are read, the first two mirroring what ``nngrade build --students`` writes:

- a folder of folders, ``<folder>/<student>/<problem>.json`` (or ``.yaml``), each file the
  student's answers to one problem (part name -> answer), named by the problem's id in the set
  (``03-activation``, the stem of ``students/<student>/problems/03-activation.json``);
- a folder of files, ``<folder>/<student>.json`` (or ``.yaml``), each a mapping of problem id
  to answers;
- a JSON Lines file, one object per line: ``{"student": id, "problem": id, "answers": {...}}``,
  or ``{"student": id, "answers": {problem id: {...}, ...}}``; lines of one student merge.

A problem answered twice for one student (two lines, or ``<student>.json`` beside
``<student>/``) keeps neither answer: it is an error line naming both places.

Nothing here grades. A file or line that cannot be read (a link, FIFO or device, too large, not
JSON, nested too deep, a number too long, not a mapping, a student id that cannot name a results
file) becomes one error line for that student, or for the run when no student can be told, never
an exception: the rest are read as usual. Files are read lazily (:meth:`Submission.read`), in the process that grades them, so a
class's reading is spread over the workers too.

Short answer files are parsed once per distinct text (right answers to a shared problem are the
same text for much of the class): the parsed data are shared between those students, which is
safe because nothing downstream changes answers, grading only reads them.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nngrade.core.problem import (MAX_FILE_BYTES, NUMBER_TOO_LONG, DuplicateKeyError, ProblemFileError, loads_data,
                                  parse_json, read_text_file)

from nngrade.core.student_ids import safe_student_id

#: File endings read as submissions.
SUFFIXES = (".json", ".yaml", ".yml")


@dataclass
class Submission:
    """One student's answers: already read (``answers``), or files still to read."""

    student: str
    answers: dict[str, Any] = field(default_factory=dict)
    """Problem id -> the answers given to it (anything: the grader judges it)."""
    files: list[tuple[str | None, str]] = field(default_factory=list)
    """Files to read: ``(problem id, path)`` for one problem's answers, ``(None, path)`` for a
    mapping of problem id to answers (paths as text: a class is tens of thousands of files, and
    joining text costs a tenth of building a :class:`~pathlib.Path`)."""
    folder: str | None = None
    """The student's folder of answer files (one per problem), listed when the submission is
    read (in the worker, not in the process that spreads the class); its files are read before
    ``files`` (``<student>/`` sorts before ``<student>.json``)."""
    errors: list[tuple[str | None, str]] = field(default_factory=list)
    """``(problem id or None, one-line reason)`` for what could not be read."""
    sources: dict[str, str] = field(default_factory=dict)
    """Problem id -> where its answers came from (a file, or a line of JSON Lines)."""
    texts: dict[str, str] = field(default_factory=dict)
    """Problem id -> the text of the short file that holds exactly its answers: the same text
    is the same answers, so the grader looks alike answers up by it (no walk of the data)."""

    def give(self, problem: str, answers: Any, where: str) -> None:
        """Record ``answers`` to ``problem`` from ``where``. A problem answered a second time
        (two lines, or a file beside a folder) keeps neither answer and becomes an error line
        naming both places: which one is the student's cannot be told here, and keeping either
        would let whoever wrote the other replace a classmate's work unseen."""
        if problem in self.sources:
            if problem in self.answers:
                self.errors.append((problem, f"answered twice ({self.sources[problem]} and {where}): neither used"))
                del self.answers[problem]
                self.texts.pop(problem, None)
            return
        self.sources[problem] = where
        self.answers[problem] = answers

    def read(self) -> "Submission":
        """The submission with its files read (a file that cannot be read is an error line)."""
        if self.folder is not None:
            self.files = self._listed(self.folder) + self.files
            self.folder = None
        for problem, path in self.files:
            try:
                data, text = _read_answers(path)
            except ProblemFileError as error:
                self.errors.append((problem, str(error)))
                continue
            if problem is not None:
                self.give(problem, data, path)
                if text is not None and self.answers.get(problem) is data:
                    self.texts[problem] = text
            elif type(data) is dict:
                for name, value in data.items():
                    self.give(str(name), value, path)
            else:
                self.errors.append((None, f"{path}: not a mapping of problem ids to answers"))
        self.files = []
        return self

    def _listed(self, path: str) -> list[tuple[str, str]]:
        """The answer files in the student's folder ``path`` (one per problem, named by its id),
        in name order; a symbolic link among them is an error line, not read."""
        try:
            with os.scandir(path) as entries:  # one directory read; a link is told from its entry, no stat
                listed = sorted((entry.name, entry.is_symlink()) for entry in entries)
        except OSError as error:
            self.errors.append((None, f"{path}: {error.strerror or type(error).__name__}, not read"))
            return []
        files = []
        for name, linked in listed:
            stem, suffix = os.path.splitext(name)
            if suffix in SUFFIXES and not name.startswith("."):
                item = os.path.join(path, name)
                if linked:
                    self.errors.append((stem, f"{item}: a symbolic link, not read"))
                else:
                    files.append((stem, item))
        return files


#: Longest answer file text parsed once and shared, and most such texts remembered per process.
SHARED_TEXT, SHARED_ENTRIES = 2_000, 50_000
_parsed: dict[str, Any] = {}


def _read_answers(path: str) -> tuple[Any, str | None]:
    """:func:`~nngrade.core.problem.read_data_file` of ``path``, parsed once per distinct short
    text, and that text (None for a long one)."""
    text = read_text_file(path)
    if len(text) > SHARED_TEXT:
        return loads_data(text, path), None
    if text not in _parsed:
        if len(_parsed) >= SHARED_ENTRIES:
            _parsed.clear()
        _parsed[text] = loads_data(text, path)
    return _parsed[text], text


def load(source: str | Path) -> tuple[dict[str, Submission], list[str]]:
    """The submissions at ``source`` (a folder, or a ``.jsonl`` file) by student, and the
    error lines that belong to no student."""
    source = Path(source)
    if source.is_dir():
        return _folder(source)
    return _json_lines(source)


def _folder(folder: Path) -> tuple[dict[str, Submission], list[str]]:
    """The students at ``folder``, told from one directory read (a link, file or folder is told
    from its entry, without a stat); each student's own folder is listed when it is read."""
    found: dict[str, Submission] = {}
    problems: list[str] = []
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        path = entry.path
        stem, suffix = os.path.splitext(name)
        if entry.is_symlink():
            if suffix in SUFFIXES or entry.is_dir():
                problems.append(f"{path}: a symbolic link, not read")
            continue
        is_file, is_dir = entry.is_file(), entry.is_dir()
        if not is_file and not is_dir:
            problems.append(f"{path}: not a file or a folder, not read")
            continue
        if is_file and suffix not in SUFFIXES:
            continue
        student = stem if is_file else name
        if not safe_student_id(student):
            problems.append(f"{path}: {student!r} cannot be a student id (letters, digits and ._@+- only)")
            continue
        submission = found.setdefault(student, Submission(student))
        if is_file:
            submission.files.append((None, path))
        else:
            submission.folder = path
    return found, problems


def _json_lines(path: Path) -> tuple[dict[str, Submission], list[str]]:
    found: dict[str, Submission] = {}
    problems: list[str] = []
    try:
        stream = path.open("r", encoding="utf-8", errors="replace")
    except OSError as error:
        raise ProblemFileError(f"{path}: {error.strerror}") from None
    with stream:
        number = 0
        while True:
            line = stream.readline(MAX_FILE_BYTES + 1)
            if not line:
                break
            number += 1
            where = f"{path}:{number}"
            if len(line) > MAX_FILE_BYTES and not line.endswith("\n"):
                _skip_rest_of_line(stream)
                problems.append(f"{where}: line longer than {MAX_FILE_BYTES} bytes, not read")
                continue
            if not line.strip():
                continue
            _line(line, where, found, problems)
    return found, problems


def _skip_rest_of_line(stream) -> None:
    while True:
        chunk = stream.readline(1 << 20)
        if not chunk or chunk.endswith("\n"):
            return


def _line(line: str, where: str, found: dict[str, Submission], problems: list[str]) -> None:
    try:
        data = loads_json(line, where)
    except ProblemFileError as error:
        problems.append(str(error))
        return
    student = data.get("student") if type(data) is dict else None
    if not safe_student_id(student):
        problems.append(f"{where}: no usable \"student\" (text of letters, digits and ._@+-)")
        return
    submission = found.setdefault(student, Submission(student))
    answers, problem = data.get("answers"), data.get("problem")
    if problem is not None:
        if type(problem) is not str:
            submission.errors.append((None, f"{where}: \"problem\" must be text"))
        else:
            submission.give(problem, answers, where)
    elif type(answers) is dict:
        for name, value in answers.items():
            submission.give(str(name), value, where)
    else:
        submission.errors.append((None, f"{where}: \"answers\" must map problem ids to answers"))


def loads_json(text: str, where: str) -> Any:
    """One JSON value, read as :func:`~nngrade.core.problem.loads_data` reads JSON, but JSON
    only: a line of JSON Lines is never read as YAML."""
    try:
        return parse_json(text)
    except DuplicateKeyError as error:
        raise ProblemFileError(f"{where}: {error}") from None
    except json.JSONDecodeError as error:
        raise ProblemFileError(f"{where}: not valid JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise ProblemFileError(f"{where}: nested too deeply") from None
    except ValueError:  # an integer of more digits than Python converts
        raise ProblemFileError(f"{where}: {NUMBER_TOO_LONG}") from None


__all__ = ["Submission", "load", "loads_json"]
