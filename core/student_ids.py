"""Student ids that can name a folder and a results file of their own, on every file system.

A roster's ids become folder names in a build and file names in the class results, so an id
that could leave its folder (``../x``), be read as markup (``\\input``, ``<script>``) or clash with
another on a file system that ignores case is refused before anything is written. Used by the
build, class grading and autograde alike: one rule for what a student id may be.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from .one_line import one_line

#: A student id that is safe as a file name on every system: letters, digits, ``._@+-``, not
#: starting or ending with a dot (Windows drops trailing dots, so ``ada.`` would be ``ada``), at
#: most 100 characters.
_SAFE_ID = re.compile(r"[A-Za-z0-9_@+-](?:[A-Za-z0-9._@+-]{0,98}[A-Za-z0-9_@+-])?")
#: Names Windows keeps for devices, in any case and before any extension (``nul.json`` is the
#: null device): a results file or folder of that name would be lost.
_WINDOWS_DEVICE = re.compile(r"(?:CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(?:\..*)?", re.IGNORECASE)


def safe_student_id(student: Any) -> bool:
    """True when ``student`` is text that can be a results file's name as it is."""
    return (type(student) is str and _SAFE_ID.fullmatch(student) is not None
            and _WINDOWS_DEVICE.fullmatch(student) is None)


def check_roster(students: Iterable[str]) -> None:
    """Raise ValueError unless every id can name a folder and a results file of its own: safe
    as a file name (:func:`safe_student_id`, so none leaves its folder or is read as markup), and
    no two ids the same up to case, which a case-insensitive file system (macOS, Windows) would
    make one file."""
    seen: dict[str, str] = {}
    for student in students:
        if not safe_student_id(student):
            shown = student if type(student) is not str or len(student) <= 40 else student[:40] + "..."
            raise ValueError(f"student id {one_line(repr(shown))} cannot name a file "
                             "(letters, digits and ._@+- only, at most 100, not starting or ending with a dot, "
                             "no Windows device name such as nul or com1)")
        other = seen.get(student.casefold())
        if other is not None:
            raise ValueError(f"student id {student!r} is in the roster twice (as {other!r}): on a file system that "
                             "ignores case both would be one folder and one results file")
        seen[student.casefold()] = student
