"""Build an nbgrader course from an nngrade assignment file.

``build(assignment_file, course_dir)`` writes, inside a real nbgrader course directory:

- ``source/<assignment>/<notebook>.ipynb``: the source notebook (statement, answer and test
  cells with nbgrader metadata) that ``nbgrader generate_assignment`` turns into the release;
- ``nngrade-specs/<assignment>.json``: the assignment spec with its variant key, read by the grading
  preprocessor (outside ``source/``, so nbgrader never copies it to students);
- ``nbgrader_config.py`` when the course has none, with nngrade's autograding switched on.

Building again keeps the stored key, so students' numbers do not change after release. A
rebuild never replaces that key silently: an assignment file whose ``key`` differs from the
stored one, or a stored file that cannot be read, is refused unless ``new_key`` is set. A
blank, null or 0 ``key`` in the file is an error (the schema asks for text); leaving the line
out is how an instructor says "make one, then keep it".

Nothing here needs nbgrader, which only the later ``generate_assignment`` and autograde steps run.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from nngrade.core.problem import ProblemFileError, read_data_file

from .assignment_spec import AssignmentError, AssignmentSpec, from_data
from .course_checks import CONFIG_MARKER
from .stored import drop_old_copy, spec_path, stored_spec

CONFIG_TEMPLATE = '''\
"""nbgrader configuration of course {course!r}, written by nngrade."""
from nngrade.course.autograde import configure

c = get_config()  # noqa: F821 (provided by nbgrader)
c.CourseDirectory.course_id = {course!r}
# Grade nngrade's test cells outside the student's kernel, restore deleted test cells,
# and keep hidden tests out of the feedback.
configure(c)
'''



def notebook(spec: AssignmentSpec):
    """The nbgrader source notebook of ``spec`` (an nbformat NotebookNode).

    nbformat is imported here, once the assignment file has been checked: nbformat imports
    jsonschema, and :mod:`nngrade.core.schema` has by then imported it without its optional IRI
    checker, which takes seconds to load."""
    from nbformat.v4 import new_notebook

    from . import notebook_cells

    nb = new_notebook(cells=notebook_cells.cells(spec))
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def build(assignment_file: str | Path, course_dir: str | Path, course_id: str | None = None,
          new_key: bool = False) -> dict[str, Path]:
    """Write the course files for ``assignment_file``; returns the paths written, by role.

    ``new_key`` replaces a stored key: with the file's ``key`` if it has one, else a new one."""
    course_dir = Path(course_dir)
    try:
        data = read_data_file(assignment_file)
    except ProblemFileError as error:
        raise AssignmentError(str(error)) from None
    spec = from_data(data, str(assignment_file))
    spec = replace(spec, key=_kept_key(spec, "key" in data, course_dir, assignment_file, new_key))
    config = course_dir / "nbgrader_config.py"
    if config.exists() and CONFIG_MARKER not in config.read_text(encoding="utf-8"):
        raise RuntimeError(
            f"{config} does not switch on nngrade's grading; add these lines to it:\n"
            "    from nngrade.course.autograde import configure\n    configure(c)"
        )
    written = {}
    source = course_dir / "source" / spec.name / f"{spec.notebook_name}.ipynb"
    source.parent.mkdir(parents=True, exist_ok=True)
    import nbformat

    nbformat.write(notebook(spec), str(source))
    written["notebook"] = source
    stored = spec_path(course_dir, spec.name)
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_text(spec.to_json() + "\n", encoding="utf-8")
    drop_old_copy(course_dir, spec.name)
    written["spec"] = stored
    if not config.exists():
        config.write_text(CONFIG_TEMPLATE.format(course=course_id or course_dir.resolve().name), encoding="utf-8")
        written["config"] = config
    return written


def _kept_key(spec: AssignmentSpec, file_has_key: bool, course_dir: Path, assignment_file, new_key: bool) -> str:
    """The key to build with: the stored one unless ``new_key``; a clash is refused with one line."""
    if new_key:
        return spec.key  # the file's key, or the new one from_data made
    previous = stored_spec(course_dir, spec.name)  # a corrupt file is an AssignmentError here
    if previous is None or previous.key == spec.key:
        return spec.key
    if not file_has_key:
        return previous.key
    raise AssignmentError(
        f"{assignment_file}: its key differs from the one stored in {spec_path(course_dir, spec.name)}, so every "
        "student's numbers would change; remove 'key' from the file to keep the stored one, "
        "or rebuild with --new-key to replace it")
