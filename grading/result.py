"""Grade results: per-part score, correctness, diagnosis and feedback, and their JSON and text."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class PartResult:
    """The grade of one answer part."""

    part: str
    """Name of the part."""
    score: float
    """Points earned, from 0 to ``max_score``."""
    max_score: float
    """Points available (the part's weight)."""
    correct: bool
    """True only when the part earned full marks on its own merit (not by follow-through)."""
    feedback: str
    """What is right or wrong, without revealing the expected value."""
    code: str = ""
    """Machine-readable diagnosis: ``correct``, ``missing``, ``unreadable``, ``shape``,
    ``misconception:<name>``, ``follow_through``, ``partial``, ``wrong``, or, for an expression
    that could not be compared, ``timeout`` (over the time or memory budget) or ``undecided``."""


@dataclass
class GradeResult:
    """The grade of a whole submission."""

    parts: list[PartResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """Notes on the submission as a whole, such as a name that is no part of the problem."""

    @property
    def score(self) -> float:
        return round(sum(p.score for p in self.parts), 10)

    @property
    def max_score(self) -> float:
        return round(sum(p.max_score for p in self.parts), 10)

    @property
    def all_correct(self) -> bool:
        return all(p.correct for p in self.parts)

    def to_dict(self) -> dict:
        """The contract's JSON shape, with ``warnings`` where there are any."""
        data = {"score": self.score, "max_score": self.max_score, "parts": [asdict(p) for p in self.parts]}
        if self.warnings:
            data["warnings"] = list(self.warnings)
        return data

    def to_text(self) -> str:
        """A readable summary for people."""
        lines = [f"Score: {_points(self.score)} / {_points(self.max_score)}"]
        for p in self.parts:
            mark = "ok " if p.correct else ("~  " if p.score > 0 else "X  ")
            lines.append(f"  {mark}{p.part}: {_points(p.score)}/{_points(p.max_score)}  {p.feedback}")
        lines.extend(f"  note: {warning}" for warning in self.warnings)
        return "\n".join(lines)


def _points(value: float) -> str:
    return f"{value:g}"
