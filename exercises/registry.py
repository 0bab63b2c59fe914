"""The registry of exercise kinds: every module in :mod:`.catalogue` that defines ``EXERCISE``.

:func:`get` imports only the kind's own module where it is named after the kind (as every
catalogue module is), so a notebook's kernel that draws one kind does not load them all.
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from . import catalogue
from .exercise import Exercise


class UnknownKindError(KeyError):
    """An exercise kind that the catalogue does not have."""

    def __str__(self) -> str:
        return f"unknown exercise kind {self.args[0]!r}; known kinds: {', '.join(kinds())}"


@lru_cache(maxsize=1)
def exercises() -> dict[str, Exercise]:
    """All registered exercises by kind, in catalogue order (alphabetical by module)."""
    found = {}
    for module_info in sorted(pkgutil.iter_modules(catalogue.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{catalogue.__name__}.{module_info.name}")
        exercise = getattr(module, "EXERCISE", None)
        if isinstance(exercise, Exercise):
            if exercise.kind in found:
                raise RuntimeError(f"exercise kind {exercise.kind!r} registered twice")
            found[exercise.kind] = exercise
    return found


def kinds() -> list[str]:
    """The names of all registered kinds."""
    return list(exercises())


@lru_cache(maxsize=1)
def _module_names() -> frozenset[str]:
    return frozenset(module_info.name for module_info in pkgutil.iter_modules(catalogue.__path__))


def get(kind: str) -> Exercise:
    """The exercise of ``kind``; raises :class:`UnknownKindError`."""
    if type(kind) is str:
        exercise = _own_module_exercise(kind)
        if exercise is not None:
            return exercise
    try:
        return exercises()[kind]
    except (KeyError, TypeError):
        raise UnknownKindError(kind) from None


@lru_cache(maxsize=64)
def _own_module_exercise(kind: str) -> Exercise | None:
    """The exercise of the catalogue module named ``kind``, looked up once per kind (a class's
    grading asks for a kind a few times per student, and an import, even of a loaded module,
    costs microseconds); None where no module has that name or it defines another kind."""
    if kind not in _module_names():
        return None
    exercise = getattr(importlib.import_module(f"{catalogue.__name__}.{kind}"), "EXERCISE", None)
    return exercise if isinstance(exercise, Exercise) and exercise.kind == kind else None
