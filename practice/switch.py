"""Whether practice is allowed in this Python process.

An assessed release can switch practice off (``practice: false`` in the assignment file): the
notebook's locked setup cell builds its :class:`~nngrade.notebook.Assignment`, which calls
:func:`switch_off`, and from then on :func:`nngrade.practice.practice` refuses in that kernel.
This keeps drilling out of an exam notebook; it is a rule the kernel follows, not a wall, since
the same kernel has nngrade's solver and grader (see the README).
"""
from __future__ import annotations


class PracticeOffError(RuntimeError):
    """Raised by :func:`nngrade.practice.practice` where an assessed release switched practice off."""


_reason: str | None = None


def switch_off(reason: str) -> None:
    """Refuse practice in this process from now on, saying ``reason``."""
    global _reason
    _reason = reason


def ensure_allowed() -> None:
    """Raise :class:`PracticeOffError` if practice was switched off here."""
    if _reason is not None:
        raise PracticeOffError(_reason)
