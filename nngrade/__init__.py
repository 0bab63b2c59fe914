"""nngrade: write, solve and grade exercises on the mathematics of neural networks.

The front door::

    from nngrade import generate, solve, grade, check, list_exercises
    from nngrade import practice        # practice("backprop", difficulty="easy")

``nngrade.practice`` is the practice package, which is callable (see its docstring).
"""
from . import practice
from .api import check, generate, grade, list_exercises, solve

__version__ = "0.1.0"
__all__ = ["generate", "solve", "grade", "check", "list_exercises", "practice", "__version__"]
