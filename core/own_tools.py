"""Put this interpreter's own tools first on PATH, whatever PATH the caller had.

nbgrader starts ``alembic`` by name, and Jupyter finds its helpers by name. When nngrade runs
from a virtual environment that is not activated (``.venv/bin/nngrade ...`` from a plain
shell), those names are not on PATH and nbgrader fails half-way through. Everything nngrade
starts, and every nbgrader process that loads nngrade's configuration, calls
:func:`put_own_tools_first` so that the tools installed beside this interpreter are found first.
"""
from __future__ import annotations

import os
import sys


def own_bin_directory() -> str:
    """The folder that holds this interpreter and the commands installed with it."""
    return os.path.dirname(os.path.abspath(sys.executable))


def put_own_tools_first() -> None:
    """Prepend :func:`own_bin_directory` to ``os.environ["PATH"]`` (once); children inherit it."""
    own = own_bin_directory()
    entries = [entry for entry in os.environ.get("PATH", "").split(os.pathsep) if entry]
    if entries[:1] != [own]:
        os.environ["PATH"] = os.pathsep.join([own, *(entry for entry in entries if entry != own)])
