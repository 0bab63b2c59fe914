"""The assignment specs a course keeps in ``nngrade-specs/<assignment>.json``.

``nngrade course build`` writes them outside ``source/``, so nbgrader never releases them; the
grading step reads them to redraw each student's variant. Courses built before kept them in a
folder named ``nngrade/``, which, in the course folder, is importable as the ``nngrade``
package (a namespace package) ahead of an editable install. They are still read there, and
the next ``nngrade course build`` of the assignment moves the file over. They hold each assignment's variant
key, so a file that cannot be read is a one-line error that says what is at stake, never a
traceback, and never silently a new key.

Nothing here needs nbgrader: the builder, ``nngrade course variant`` and the checks before an
autograde read these files where nbgrader may not be installed.
"""
from __future__ import annotations

from pathlib import Path

from .assignment_spec import AssignmentError, AssignmentSpec, from_json

#: Folder of the course directory that holds the assignment specs (outside source/, so never released).
SPECS_FOLDER = "nngrade-specs"
#: Where courses built by earlier versions kept them (it shadowed the package; still read).
OLD_SPECS_FOLDER = "nngrade"


def specs_folder(course_root: str | Path) -> Path:
    return Path(course_root) / SPECS_FOLDER


def spec_path(course_root: str | Path, name: str) -> Path:
    return specs_folder(course_root) / f"{name}.json"


def old_spec_path(course_root: str | Path, name: str) -> Path:
    return Path(course_root) / OLD_SPECS_FOLDER / f"{name}.json"


def drop_old_copy(course_root: str | Path, name: str) -> None:
    """Remove the spec of ``name`` from the old folder (and the folder, once empty): once
    :func:`spec_path` holds it, the old copy would only go on shadowing the package."""
    old = old_spec_path(course_root, name)
    if old.is_file():
        old.unlink()
        try:
            old.parent.rmdir()
        except OSError:  # other assignments' specs are still there
            pass


def read(path: Path) -> AssignmentSpec:
    """The spec stored at ``path``; :class:`AssignmentError` names the file when it is unusable."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise AssignmentError(_corrupt(path, "not UTF-8 text")) from None
    except OSError as error:
        raise AssignmentError(f"{path}: {error.strerror}") from None
    try:
        spec = from_json(text, str(path))
    except AssignmentError as error:
        raise AssignmentError(_corrupt(path, str(error).removeprefix(f"{path}: "))) from None
    if spec.name != path.stem:
        raise AssignmentError(_corrupt(path, f"it holds assignment {spec.name!r}, not {path.stem!r}"))
    return spec


def stored_spec(course_root: str | Path, name: str) -> AssignmentSpec | None:
    """The stored spec of assignment ``name``, or None when it was never built."""
    for path in (spec_path(course_root, name), old_spec_path(course_root, name)):
        if path.exists():
            return read(path)
    return None


def all_specs(course_root: str | Path) -> dict[str, AssignmentSpec]:
    """Every stored spec of the course, by assignment name."""
    specs = {}
    for folder in (Path(course_root) / OLD_SPECS_FOLDER, specs_folder(course_root)):  # the new folder wins
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            spec = read(path)
            specs[spec.name] = spec
    return specs


def _corrupt(path: Path, reason: str) -> str:
    return (f"{path}: the stored assignment is corrupt ({reason}); it holds the students' variant key: "
            "restore it from a backup, or rebuild with --new-key (every student's numbers change)")
