"""What a solver returns: exact answers per part and the worked derivation."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Step:
    """One step of a worked solution.

    ``title`` names the step ("Multiply", "Add the bias"); ``latex`` is display math;
    ``text`` is an optional sentence of explanation shown before the math.
    """

    title: str
    latex: str
    text: str = ""


@dataclass
class Solution:
    """Exact answers keyed by part name, and the steps that derive them.

    An answer is a sympy number, a nested list of them (vectors, matrices, lists over layers or
    steps), a sympy expression for expression parts, or plain ints, bools and strings for
    counting and labelling parts.
    """

    answers: dict[str, Any]
    steps: list[Step] = field(default_factory=list)
