"""The confined kernel sees every folder of nngrade's code a notebook imports, so `import nngrade` works inside it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

#: What an assignment notebook's kernel imports: the setup cell's module, and practice mode.
KERNEL_IMPORTS = "import nngrade, nngrade.notebook, nngrade.practice.terminal"


def test_every_folder_a_notebook_imports_from_is_bound_into_the_kernel():
    pytest.importorskip("nbclient")
    from nngrade.course.confined_execute import nngrade_folders

    code = (f"import json, sys; {KERNEL_IMPORTS}; print(json.dumps(sorted(m.__file__ for n, m in sys.modules.items() "
            "if n.startswith('nngrade') and getattr(m, '__file__', None))))")
    files = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    folders = [Path(folder) for folder in nngrade_folders()]
    unbound = [file for file in files if not any(Path(file).resolve().is_relative_to(folder) for folder in folders)]
    assert len(files) > 20 and unbound == []
