"""The kernel and the nbgrader steps share one definition of the notebook protocol's constants."""
from __future__ import annotations

import ast
import inspect

import pytest

from nngrade import notebook
from nngrade.course import assignment_spec, notebook_protocol


def test_the_protocol_module_imports_nothing():
    tree = ast.parse(inspect.getsource(notebook_protocol))
    assert not [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]


def test_the_kernel_side_uses_the_protocol():
    assert notebook.ANSWERS_MIME is notebook_protocol.ANSWERS_MIME
    assert notebook.MAX_RECORD_CHARS is notebook_protocol.MAX_RECORD_CHARS
    assert assignment_spec.STUDENT_VARIABLES[0] == notebook_protocol.STUDENT_VARIABLE


def test_the_nbgrader_side_uses_the_protocol():
    pytest.importorskip("nbgrader")
    from nngrade.course import autograde, confined_execute

    assert autograde.ANSWERS_MIME is notebook_protocol.ANSWERS_MIME is confined_execute.ANSWERS_MIME
    assert autograde.STUDENT_VARIABLE is notebook_protocol.STUDENT_VARIABLE is confined_execute.STUDENT_VARIABLE
