"""nngrade: write, solve and grade exercises on the mathematics of neural networks.

The front door::

    from nngrade import generate, solve, grade, check, list_exercises
"""
from .api import check, generate, grade, list_exercises, solve

__version__ = "0.1.0"
__all__ = ["generate", "solve", "grade", "check", "list_exercises", "__version__"]
