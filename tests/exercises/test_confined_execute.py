"""The confined kernel sees every folder of nngrade's code, so `import nngrade` works inside it."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def test_every_top_folder_of_the_package_is_bound_into_the_kernel():
    pytest.importorskip("nbclient")
    tomllib = pytest.importorskip("tomllib")  # Python 3.11 and later
    from nngrade.exercises.confined_execute import nngrade_folders

    package_dir = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-dir"]
    tops = {str((ROOT / folder).resolve()) for folder in package_dir.values() if "/" not in folder}
    assert tops - set(nngrade_folders()) == set()
