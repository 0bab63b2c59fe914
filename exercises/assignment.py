"""Build an nbgrader course from an nngrade assignment file.

``build(assignment_file, course_dir)`` writes, inside a real nbgrader course directory:

- ``source/<assignment>/<notebook>.ipynb``: the source notebook (statement, answer and test
  cells with nbgrader metadata) that ``nbgrader generate_assignment`` turns into the release;
- ``nngrade/<assignment>.json``: the assignment spec with its variant key, read by the grading
  preprocessor (outside ``source/``, so nbgrader never copies it to students);
- ``nbgrader_config.py`` when the course has none, with nngrade's autograding switched on.

Building again keeps the stored key, so students' numbers do not change after release.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import nbformat
from nbformat.v4 import new_notebook

from . import notebook_cells
from .assignment_spec import AssignmentSpec, from_json, load
from .autograde import specs_folder

CONFIG_TEMPLATE = '''\
"""nbgrader configuration of course {course!r}, written by nngrade."""
from nngrade.exercises.autograde import configure

c = get_config()  # noqa: F821 (provided by nbgrader)
c.CourseDirectory.course_id = {course!r}
# Grade nngrade's test cells outside the student's kernel, restore deleted test cells,
# and keep hidden tests out of the feedback.
configure(c)
'''

#: What a config written by hand must contain for nngrade's grading to run.
CONFIG_MARKER = "nngrade.exercises.autograde"


def notebook(spec: AssignmentSpec) -> nbformat.NotebookNode:
    """The nbgrader source notebook of ``spec``."""
    nb = new_notebook(cells=notebook_cells.cells(spec))
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def stored_spec(course_dir: str | Path, name: str) -> AssignmentSpec | None:
    path = specs_folder(course_dir) / f"{name}.json"
    return from_json(path.read_text(encoding="utf-8")) if path.exists() else None


def build(assignment_file: str | Path, course_dir: str | Path, course_id: str | None = None) -> dict[str, Path]:
    """Write the course files for ``assignment_file``; returns the paths written, by role."""
    course_dir = Path(course_dir)
    spec = load(assignment_file)
    previous = stored_spec(course_dir, spec.name)
    if previous is not None and previous.key != spec.key and "key" not in _raw_keys(assignment_file):
        spec = replace(spec, key=previous.key)
    config = course_dir / "nbgrader_config.py"
    if config.exists() and CONFIG_MARKER not in config.read_text(encoding="utf-8"):
        raise RuntimeError(
            f"{config} does not switch on nngrade's grading; add these lines to it:\n"
            "    from nngrade.exercises.autograde import configure\n    configure(c)"
        )
    written = {}
    source = course_dir / "source" / spec.name / f"{spec.notebook_name}.ipynb"
    source.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook(spec), str(source))
    written["notebook"] = source
    folder = specs_folder(course_dir)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{spec.name}.json").write_text(spec.to_json() + "\n", encoding="utf-8")
    written["spec"] = folder / f"{spec.name}.json"
    if not config.exists():
        config.write_text(CONFIG_TEMPLATE.format(course=course_id or course_dir.resolve().name), encoding="utf-8")
        written["config"] = config
    return written


def _raw_keys(path: str | Path) -> set:
    from nngrade.core.problem import read_data_file

    data = read_data_file(path)
    return set(data) if isinstance(data, dict) else set()
