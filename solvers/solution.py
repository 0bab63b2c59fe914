"""What a solver returns: exact answers per part and the worked derivation."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Step:
    """One step of a worked solution.

    ``title`` names the step ("Multiply", "Add the bias"); ``latex`` is display math;
    ``text`` is an optional sentence of explanation shown before the math. Title and text are
    prose in which ``$...$`` marks inline math, typeset as math in every output format. The
    math is written with its signs tidied (``2 - 3``, never ``2 + -3``).
    """

    title: str
    latex: str
    text: str = ""

    def __post_init__(self):
        from .latex import tidy_signs

        object.__setattr__(self, "latex", tidy_signs(self.latex))


@dataclass
class Solution:
    """Exact answers keyed by part name, and the steps that derive them.

    An answer is a sympy number, a nested list of them (vectors, matrices, lists over layers or
    steps), a sympy expression for expression parts, or plain ints, bools and strings for
    counting and labelling parts.
    """

    answers: dict[str, Any]
    steps: list[Step] = field(default_factory=list)
