"""Layers, top to bottom: nngrade -> lms -> report -> practice -> course -> classwork -> handouts -> rendering ->
exercises -> grading -> sandbox -> solvers -> generators -> core.

A module may import its own layer and the layers below it, never one above. The check reads
every import statement of every module (including imports inside functions).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["core", "generators", "solvers", "sandbox", "grading", "exercises", "rendering", "handouts", "classwork",
         "course", "practice", "report", "lms", "nngrade"]
FOLDERS = {"core": "core", "generators": "generators", "solvers": "solvers", "sandbox": "sandbox",
           "grading": "grading", "exercises": "exercises", "rendering": "rendering", "handouts": "handouts",
           "classwork": "classwork", "course": "course", "practice": "practice", "report": "report", "lms": "lms",
           "nngrade": "nngrade"}


def imported_layers(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "nngrade":
                yield (parts[1] if len(parts) > 1 and parts[1] in ORDER else "nngrade"), node.lineno


@pytest.mark.parametrize("layer", ORDER)
def test_no_import_from_a_higher_layer(layer):
    rank = ORDER.index(layer)
    offences = []
    for path in sorted((ROOT / FOLDERS[layer]).rglob("*.py")):
        for imported, line in imported_layers(path):
            if ORDER.index(imported) > rank:
                offences.append(f"{path.relative_to(ROOT)}:{line} imports nngrade.{imported}")
    assert not offences, "\n".join(offences)


#: Layers side by side over the catalogue: each stands alone, so none imports another.
SIBLINGS = ("report", "lms")


@pytest.mark.parametrize("layer", SIBLINGS)
def test_sibling_layers_never_import_each_other(layer):
    offences = [f"{path.relative_to(ROOT)}:{line} imports nngrade.{imported}"
                for path in sorted((ROOT / FOLDERS[layer]).rglob("*.py"))
                for imported, line in imported_layers(path) if imported in SIBLINGS and imported != layer]
    assert not offences, "\n".join(offences)
