"""nngrade: write, solve and grade exercises on the mathematics of neural networks.

The front door::

    from nngrade import generate, solve, grade, check, list_exercises
    from nngrade import practice        # practice("backprop", difficulty="easy")

The front door's names are loaded on first use, so that a notebook's kernel, which imports only
``nngrade.notebook``, does not pay for the solvers, the templates and the registry.
``nngrade.practice`` is the practice package, which is callable (see its docstring); it too is
imported only when asked for.
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["generate", "solve", "grade", "check", "list_exercises", "practice", "__version__"]


def __getattr__(name: str):
    if name == "practice":
        import importlib

        return importlib.import_module(".practice", __name__)
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'nngrade' has no attribute {name!r}")
