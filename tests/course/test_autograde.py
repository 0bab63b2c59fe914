"""Reading a test cell's recorded answers in nbgrader's process: whatever the kernel printed."""
from __future__ import annotations

import json

import pytest

pytest.importorskip("nbgrader")

from nbformat import NotebookNode  # noqa: E402

from nngrade.course.autograde import ANSWERS_MIME, _recorded_answers  # noqa: E402


def cell_with(payload):
    return NotebookNode(outputs=[NotebookNode(output_type="display_data", metadata={}, data={ANSWERS_MIME: payload})])


@pytest.mark.parametrize("depth", [50, 900, 5000])
def test_answers_nested_deeper_than_python_recurses_are_no_answers_not_a_crash(depth):
    nested = "[" * depth + "]" * depth
    read = _recorded_answers(cell_with('{"answers": {"z": ' + nested + "}}"))
    if depth < 100:
        assert read == {"z": json.loads(nested)}
    else:  # too deep to walk here: read as no answers (0 points), never an exception
        assert read is None
    assert _recorded_answers(cell_with('{"answers": {"z": 1' + "0" * 5000 + "}}")) is None


def test_plain_answers_are_read():
    assert _recorded_answers(cell_with(json.dumps({"answers": {"z": [[1.5]]}}))) == {"z": [[1.5]]}
