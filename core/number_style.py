"""The number style a course chooses for its handouts, worked solutions and feedback.

A problem set or an assignment says how numbers that are not short exact decimals are written
(``numbers: {style: both, sigfigs: 4}``); :func:`nngrade.solvers.latex.number` writes them so
while the style is current (:func:`number_style`). This module holds only the setting, free of
sympy, so that an assignment can be read in a student's kernel without loading the solvers.
"""
from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass

#: The ways a course may write numbers: short fractions, decimals to k figures, or both.
STYLES = ("fraction", "decimal", "both")
#: Significant figures a style may ask for.
SIGFIGS_RANGE = (1, 15)

#: JSON Schema of a ``numbers`` mapping, for the problem-set and assignment schemas.
SCHEMA = {"type": ["object", "null"], "title": "number style", "additionalProperties": False,
          "properties": {"style": {"title": "number style", "enum": list(STYLES)},
                         "sigfigs": {"type": "integer", "minimum": SIGFIGS_RANGE[0], "maximum": SIGFIGS_RANGE[1],
                                     "description": "significant figures of a decimal, from 1 to 15"}}}


@dataclass(frozen=True)
class NumberStyle:
    """How numbers are written: ``style`` one of :data:`STYLES`, decimals to ``sigfigs`` figures."""

    style: str = "fraction"
    sigfigs: int = 4

    def __post_init__(self):
        if self.style not in STYLES:
            raise ValueError(f"numbers: style must be one of {', '.join(STYLES)}, got {self.style!r}")
        low, high = SIGFIGS_RANGE
        if not (isinstance(self.sigfigs, int) and not isinstance(self.sigfigs, bool) and low <= self.sigfigs <= high):
            raise ValueError(f"numbers: sigfigs must be a whole number from {low} to {high}, got {self.sigfigs!r}")

    @classmethod
    def read(cls, data) -> NumberStyle:
        """The style of a ``numbers`` mapping (None or empty: the default)."""
        return cls(**(data or {}))

    def to_dict(self) -> dict:
        return {"style": self.style, "sigfigs": self.sigfigs}


_STYLE: contextvars.ContextVar[NumberStyle] = contextvars.ContextVar("number_style", default=NumberStyle())


@contextmanager
def number_style(style: NumberStyle | None):
    """Write numbers in ``style`` (the default where None) inside the ``with`` block."""
    token = _STYLE.set(style or NumberStyle())
    try:
        yield
    finally:
        _STYLE.reset(token)


def current_style() -> NumberStyle:
    """The style numbers are written in here."""
    return _STYLE.get()
