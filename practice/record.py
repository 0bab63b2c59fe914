"""The record of a practice session: variants tried, tries, hints, and misconceptions met.

Plain bookkeeping over the grader's results (:class:`~nngrade.grading.result.GradeResult`),
so the notebook and the terminal summarise a session the same way.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from nngrade.grading.result import GradeResult

#: The prefix of a part's code when the grader named a misconception.
MISCONCEPTION = "misconception:"


@dataclass
class VariantRecord:
    """One variant: its seed, every graded try, hints shown, and whether the solution was shown."""

    kind: str
    seed: int
    tries: list[GradeResult] = field(default_factory=list)
    hints: int = 0
    solution_shown: bool = False
    helped_before_first_try: bool = False

    @property
    def solved(self) -> bool:
        """Some try had every part right."""
        return any(result.all_correct for result in self.tries)

    @property
    def right_first_time(self) -> bool:
        """The first try had every part right, before any hint or the solution."""
        return bool(self.tries) and self.tries[0].all_correct and not self.helped_before_first_try

    def note_help(self) -> None:
        """A hint or the solution was shown."""
        if not self.tries:
            self.helped_before_first_try = True


@dataclass
class SessionRecord:
    """Every variant of a session, in order."""

    variants: list[VariantRecord] = field(default_factory=list)

    @property
    def tries(self) -> int:
        return sum(len(variant.tries) for variant in self.variants)

    def misconceptions(self) -> Counter:
        """How often each named mistake was met: (code, message) -> count of parts."""
        met: Counter = Counter()
        for variant in self.variants:
            for result in variant.tries:
                for part in result.parts:
                    if part.code.startswith(MISCONCEPTION):
                        message = part.feedback.split(": ", 1)[-1]
                        met[part.code[len(MISCONCEPTION):], message] += 1
        return met

    def to_text(self) -> str:
        """The summary a student asks for."""
        attempted = [variant for variant in self.variants if variant.tries]
        lines = [
            f"Variants: {len(self.variants)} shown, {len(attempted)} tried, "
            f"{sum(variant.solved for variant in self.variants)} solved",
            f"Tries: {self.tries}",
            f"Right first time: {sum(variant.right_first_time for variant in self.variants)} of {len(attempted)}",
            f"Hints used: {sum(variant.hints for variant in self.variants)}; solutions shown: "
            f"{sum(variant.solution_shown for variant in self.variants)}",
        ]
        met = self.misconceptions()
        if met:
            lines.append("Misconceptions met:")
            lines.extend(f"  {count} x {message} ({code})" for (code, message), count in met.most_common())
        else:
            lines.append("Misconceptions met: none")
        return "\n".join(lines)


__all__ = ["SessionRecord", "VariantRecord"]
