"""Practice mode: drill any exercise kind on fresh variants, with feedback, hints and solutions.

In a notebook::

    from nngrade import practice
    p = practice("backprop", difficulty="easy")   # a fresh variant, rendered
    p.check({"output": ..., "loss": ...})          # the full diagnosis
    p.hint()                                       # the next step of the worked solution
    p.solution(); p.another(); p.summary()

In a terminal: ``nngrade practice KIND [--difficulty D]`` (:mod:`.terminal`).

Practice variants come from seeds of their own (:mod:`.seeds`), never an assessed variant's,
and an assessed release can switch practice off (:mod:`.switch`). This package sits between
``exercises`` and the front door; importing it loads no sympy.

The package itself is callable, so that ``from nngrade import practice`` gives one name that
both starts a session (``practice("loss")``) and is the package its modules live in
(``import nngrade.practice.seeds`` keeps working, as it would not if a function shadowed it).
Sessions (:mod:`.session`, which loads the renderer) are imported on first use, so that a
notebook's setup cell, which may only switch practice off (:mod:`.switch`), stays light.
"""
import sys
import types

from .switch import PracticeOffError


class _CallablePackage(types.ModuleType):
    """This package's module type: calling it calls :func:`practice`."""

    def __call__(self, kind, difficulty=None, **options):
        from .session import practice

        return practice(kind, difficulty, **options)


def __getattr__(name: str):
    if name in ("practice", "Practice"):
        from . import session

        return getattr(session, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


sys.modules[__name__].__class__ = _CallablePackage

__all__ = ["practice", "Practice", "PracticeOffError"]
