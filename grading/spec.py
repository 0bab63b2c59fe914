"""How one answer part is graded: its kind, comparison mode, tolerances and weight."""
from __future__ import annotations

from dataclasses import dataclass

#: Kinds of answer part.
KINDS = ("numeric", "expression", "integer", "label", "boolean")
#: Comparison modes for numeric parts.
MODES = ("tolerance", "sigfigs", "decimals", "exact")
#: Rules of the ``sigfigs`` and ``decimals`` modes: the answer rounds to a correct rounding of the
#: expected value, or lies strictly within half a unit of it (see :mod:`nngrade.grading.compare`).
RULES = ("rounds", "band")


@dataclass(frozen=True)
class AnswerSpec:
    """The grading rules of one answer part."""

    part: str
    """Name of the part in the solution and the submission (``z``, ``grad_w``)."""
    label: str = ""
    """What the part is, in words, for feedback ("the pre-activation z")."""
    kind: str = "numeric"
    """``numeric`` (numbers, vectors, matrices, lists of them), ``expression`` (text such as
    ``6*x - 4``), ``integer`` (counts), ``label`` (a class name) or ``boolean``."""
    mode: str = "tolerance"
    """For numeric parts: ``tolerance`` (relative + absolute), ``sigfigs``, ``decimals`` or ``exact``."""
    rtol: float = 5e-3
    """Relative tolerance: 5e-3 accepts any answer correctly rounded to 3 significant figures."""
    atol: float = 5e-4
    """Absolute floor, so answers near zero rounded to 3 decimals are accepted."""
    sigfigs: int = 3
    """Significant figures required in ``sigfigs`` mode."""
    decimals: int = 2
    """Decimal places required in ``decimals`` mode."""
    rule: str = "rounds"
    """In ``sigfigs`` and ``decimals`` modes: ``rounds`` (the answer, rounded to the figures or
    places, is a correct rounding of the expected value) or ``band`` (strictly within half a unit)."""
    written_form: bool = False
    """In ``sigfigs`` and ``decimals`` modes: the answer must also be written with exactly that
    many significant figures or decimal places ("2.50", not "2.5"), as for assessed work."""
    weight: float = 1.0
    """Points of this part."""
    flat_ok: bool = True
    """Accept a flat list for a one-column or one-row matrix (and the reverse)."""
    per_entry: bool = False
    """Give credit per correct entry of a vector or matrix instead of all or nothing."""
    unordered: bool = False
    """The entries form a set (stationary points): their order does not matter."""
    shape_is_answer: bool = False
    """The number of entries is itself part of the answer (how many mistakes, how many
    stationary points): a format-only check says just "a list of numbers" there."""
    follows: tuple[str, ...] = ()
    """Earlier parts this part is computed from, for follow-through credit."""
    follow_credit: float = 1.0
    """Fraction of the weight granted for a correct method applied to wrong earlier values."""
    variables: tuple[str, ...] = ("x",)
    """For expression parts: the names of the variables the expression may use."""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown answer kind {self.kind!r}")
        if self.mode not in MODES:
            raise ValueError(f"unknown comparison mode {self.mode!r}")
        if self.weight < 0 or not 0 <= self.follow_credit <= 1:
            raise ValueError("weight must be >= 0 and follow_credit in [0, 1]")
        if self.rule not in RULES:
            raise ValueError(f"unknown rule {self.rule!r}; the rules are {', '.join(RULES)}")
        if type(self.written_form) is not bool:
            raise ValueError("written_form must be true or false")
        if self.written_form and self.mode not in ("sigfigs", "decimals"):
            raise ValueError("written_form applies to the sigfigs and decimals modes only")
        if self.rtol < 0 or self.atol < 0 or self.sigfigs < 1 or self.decimals < 0:
            raise ValueError("rtol and atol must be >= 0, sigfigs >= 1 and decimals >= 0")

    @property
    def name(self) -> str:
        return self.label or self.part
