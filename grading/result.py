"""Grade results: per-part score, correctness, diagnosis and feedback, and their JSON and text.

Scores are shown to people in one way everywhere (feedback, check, nbgrader's gradebook and
export): rounded to :data:`SCORE_DECIMALS` places, ``1.33 of 2``, never ``1.3333333`` or a float's
``4.3332999999999995``.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

#: Decimal places of a score shown to people or recorded for them.
SCORE_DECIMALS = 2


def rounded_points(value: float) -> float:
    """A score rounded as people read it (``1.33``)."""
    return round(float(value), SCORE_DECIMALS) + 0.0


def points_text(value: float) -> str:
    """A score as people read it: ``1.33``, ``2``, ``0.5``."""
    return f"{rounded_points(value):g}"


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

    def to_dict(self) -> dict:
        """The part as plain data (what :func:`dataclasses.asdict` gives, without its deep copy)."""
        return {"part": self.part, "score": self.score, "max_score": self.max_score, "correct": self.correct,
                "feedback": self.feedback, "code": self.code}


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
        data = {"score": self.score, "max_score": self.max_score, "parts": [p.to_dict() for p in self.parts]}
        if self.warnings:
            data["warnings"] = list(self.warnings)
        return data

    def scaled(self, points: float) -> GradeResult:
        """The same grade on a scale of ``points`` (an exercise's points in an assignment), so
        the total and every part are told in one unit."""
        factor = points / self.max_score if self.max_score else 0.0
        return GradeResult([replace(p, score=p.score * factor, max_score=p.max_score * factor) for p in self.parts],
                           list(self.warnings))

    def to_text(self, title: str = "Score") -> str:
        """A readable summary for people: ``title: score / max``, then one line per part."""
        lines = [f"{title}: {points_text(self.score)} / {points_text(self.max_score)}"]
        for p in self.parts:
            mark = "ok " if p.correct else ("~  " if p.score > 0 else "X  ")
            lines.append(f"  {mark}{p.part}: {points_text(p.score)}/{points_text(p.max_score)}  {p.feedback}")
        lines.extend(f"  note: {warning}" for warning in self.warnings)
        return "\n".join(lines)
