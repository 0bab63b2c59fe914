"""Every figure of the report, as plain data, from a class's graded records.

Per exercise and part: the share of students in each outcome (right, each named misconception,
carried forward from their own earlier answers, otherwise wrong, blank, unreadable, not graded,
undecided),
Moodle's facility and discrimination index, and the most common wrong values that no
misconception explains. Per exercise: a score histogram and the facility of each variant, with
the variants much harder or easier than their siblings flagged (:mod:`.statistics` says how).
The same for the assignment's totals. The result is what the JSON file holds, and the page and
the CSV files are written from it alone.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from functools import lru_cache

from . import statistics
from .results import ClassResults, ProblemRecord

MISCONCEPTION = "misconception:"
#: Outcomes in the order the report lists them; misconceptions come after "right", by name.
FIRST_OUTCOMES = ("right",)
LAST_OUTCOMES = ("follow_through", "wrong", "blank", "unreadable", "not_graded", "undecided")
_OUTCOME_OF_CODE = {"correct": "right", "follow_through": "follow_through", "missing": "blank",
                    "unreadable": "unreadable", "not_graded": "not_graded", "timeout": "undecided",
                    "undecided": "undecided"}


@lru_cache(maxsize=4096)  # a class has a few dozen codes, each met thousands of times
def outcome(code: str) -> str:
    """The report's outcome for a part's grading code: a named misconception keeps its name; a
    code with no outcome of its own (``wrong``, ``partial``, ``shape``, ``no_work``, ...) is
    otherwise wrong."""
    if code.startswith(MISCONCEPTION):
        return code
    return _OUTCOME_OF_CODE.get(code, "wrong")


_LABELS = {"right": "right", "follow_through": "carried forward (own earlier answers)", "wrong": "otherwise wrong",
           "blank": "blank", "unreadable": "unreadable", "not_graded": "not graded (the notebook's cell did not finish)",
           "undecided": "undecided (over budget)"}


def outcome_label(name: str, short: bool = False) -> str:
    """An outcome in words; ``short`` leaves out what a legend beside a table need not repeat."""
    if name.startswith(MISCONCEPTION):
        return name[len(MISCONCEPTION):] if short else "misconception: " + name[len(MISCONCEPTION):]
    label = _LABELS.get(name, name)
    return label.split(" (")[0] if short else label


def ordered_outcomes(names) -> list[str]:
    names = set(names)
    named = sorted(name for name in names if name.startswith(MISCONCEPTION))
    return [n for n in FIRST_OUTCOMES if n in names] + named + [n for n in LAST_OUTCOMES if n in names]


@dataclass(frozen=True)
class Settings:
    """How the report decides what to flag and show."""

    min_students: int = 10
    """A variant is tested only with at least this many students (and siblings)."""
    alpha: float = 0.05
    """Family-wise error rate of the variant flags, over every variant tested (Holm)."""
    min_difference: float = 0.10
    """Smallest facility difference from the siblings that is flagged."""
    top_values: int = 5
    """Most common unexplained wrong values listed per part."""
    min_repeats: int = 2
    """A wrong value is listed only when at least this many students wrote it."""
    exercise_bins: int = 10
    assignment_bins: int = 20


def analyse(results: ClassResults, settings: Settings = Settings()) -> dict:
    """The report's figures for ``results``."""
    students = results.students
    by_problem: dict[str, list[tuple[int, ProblemRecord]]] = defaultdict(list)
    for index, student in enumerate(students):
        for record in student.problems:
            by_problem[record.problem].append((index, record))
    max_scores = {problem: max(record.max_score for _, record in rows) for problem, rows in by_problem.items()}
    totals = [sum(record.score for record in student.problems) for student in students]
    max_total = sum(max_scores.values())
    exercises = [_exercise(problem, rows, totals, max_scores[problem], settings) for problem, rows in by_problem.items()]
    flagged = _flag_variants(exercises, settings)
    assignments = sorted({student.assignment for student in students})
    return {
        "assignment": ", ".join(assignments),
        "students": len(students),
        "max_score": max_total,
        "mean": sum(totals) / len(totals) if totals else None,
        "facility": statistics.facility(totals, max_total),
        "histogram": statistics.histogram(totals, max_total, settings.assignment_bins),
        "settings": asdict(settings),
        "unread": list(results.unread),
        "errors": _errors(results),
        "flagged": flagged,
        "exercises": exercises,
    }


def _exercise(problem: str, rows, totals, max_score: float, settings: Settings) -> dict:
    scores = [record.score for _, record in rows]
    rest = [totals[index] - record.score for index, record in rows]
    kinds = sorted({record.kind for _, record in rows})
    part_rows: dict[str, list] = defaultdict(list)
    for (index, record), rest_score in zip(rows, rest):
        for part in record.parts:
            part_rows[part.part].append((record.variant, part, rest_score))
    variant_size = Counter(record.variant for _, record in rows)
    parts = [_part(name, entries, variant_size, settings) for name, entries in part_rows.items()]
    return {
        "problem": problem,
        "kind": ", ".join(kinds),
        "students": len(rows),
        "max_score": max_score,
        "facility": statistics.facility(scores, max_score),
        "discrimination": statistics.discrimination(scores, rest),
        "histogram": statistics.histogram(scores, max_score, settings.exercise_bins),
        "outcomes": ordered_outcomes(name for part in parts for name in part["counts"]),
        "variants": _variants(rows, max_score),
        "parts": parts,
    }


def _part(name: str, entries, variant_size: Counter, settings: Settings) -> dict:
    max_score = max(part.max_score for _, part, _ in entries)
    scores = [part.score for _, part, _ in entries]
    counts = Counter(outcome(part.code) for _, part, _ in entries)
    wrong_values = Counter((variant, part.value) for variant, part, _ in entries
                           if part.value is not None and outcome(part.code) == "wrong")
    common = [{"variant": variant, "value": value, "count": count, "share": count / variant_size[variant]}
              for (variant, value), count in sorted(wrong_values.items(), key=lambda item: (-item[1], item[0]))
              if count >= settings.min_repeats][:settings.top_values]
    total = len(entries)
    ordered = ordered_outcomes(counts)
    return {
        "part": name,
        "max_score": max_score,
        "students": total,
        "facility": statistics.facility(scores, max_score),
        "discrimination": statistics.discrimination(scores, [rest for _, _, rest in entries]),
        "counts": {key: counts[key] for key in ordered},
        "outcomes": {key: counts[key] / total for key in ordered},
        "answers_read": sum(part.value is not None for _, part, _ in entries),
        "unexplained": common,
    }


def _variants(rows, max_score: float) -> list[dict]:
    """Each variant's students and facility, most students first; the test comes later, over
    the whole report (:func:`_flag_variants`). ``scores`` is dropped before the figures leave."""
    groups: dict[str, list[float]] = defaultdict(list)
    for _, record in rows:
        groups[record.variant].append(record.score)
    return [{"variant": variant, "students": len(scores), "facility": statistics.facility(scores, max_score),
             "siblings_facility": None, "difference": None, "p_value": None, "p_adjusted": None, "flag": None,
             "scores": scores}
            for variant, scores in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))]


def _flag_variants(exercises: list[dict], settings: Settings) -> list[dict]:
    """Flag the variants much harder or easier than their siblings, by Holm's step-down over
    every variant tested in the report.

    Each round compares every variant not yet flagged with its siblings not yet flagged
    (Welch's t-test) and takes the smallest p-value among those whose facility differs by
    ``min_difference`` or more. In round k (from 0) of m tests, Holm's adjusted p is
    ``(m - k) * p`` (never below the previous round's); the variant is flagged when that is under
    ``alpha``, and then leaves its siblings' reference, so one unfair variant does not make its
    fair siblings look easier. The first round that flags nothing ends the procedure."""
    testable = [(exercise, variant) for exercise in exercises for variant in exercise["variants"]
                if variant["students"] >= settings.min_students
                and exercise["students"] - variant["students"] >= settings.min_students
                and exercise["max_score"] > 0]
    flagged: list[dict] = []
    running, rounds = 0.0, len(testable)
    for step in range(rounds + 1):
        open_tests = [(exercise, variant) for exercise, variant in testable if variant["flag"] is None]
        for exercise, variant in open_tests:
            _compare(exercise, variant, settings)
        candidates = [variant for exercise, variant in open_tests if variant["p_value"] is not None
                      and abs(variant["difference"]) >= settings.min_difference]
        for _, variant in open_tests:
            variant["p_adjusted"] = None if variant["p_value"] is None else \
                statistics.holm_step(variant["p_value"], step, rounds, running)
        best = min(candidates, key=lambda variant: variant["p_value"], default=None)
        if best is None or best["p_adjusted"] >= settings.alpha:
            break
        running = best["p_adjusted"]
        best["flag"] = "harder" if best["difference"] < 0 else "easier"
        flagged.append(best)
    for exercise in exercises:
        for variant in exercise["variants"]:
            del variant["scores"]
    problem_of = {id(variant): exercise["problem"] for exercise in exercises for variant in exercise["variants"]}
    return [{"problem": problem_of[id(variant)], **variant} for variant in flagged]


def _compare(exercise: dict, variant: dict, settings: Settings) -> None:
    """The variant's test against its siblings that are not flagged (p None with too few)."""
    siblings = [score for other in exercise["variants"] if other is not variant and other["flag"] is None
                for score in other["scores"]]
    rest = statistics.facility(siblings, exercise["max_score"])
    variant["siblings_facility"] = rest
    variant["difference"] = None if rest is None else variant["facility"] - rest
    test = statistics.welch(variant["scores"], siblings) if len(siblings) >= settings.min_students else None
    variant["p_value"] = None if test is None else test.p_value


def _errors(results: ClassResults) -> list[dict]:
    """The grading errors in the students' files, alike ones counted together."""
    counts = Counter((error.get("problem"), error.get("error", "")) for student in results.students
                     for error in student.errors)
    return [{"problem": problem, "error": error, "students": count}
            for (problem, error), count in sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))]
