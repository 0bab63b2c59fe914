"""The report's plots: one figure per layout is drawn again, so no plot may show what the one
before it drew."""
from __future__ import annotations

import random

import pytest

pytest.importorskip("matplotlib")

from nngrade.report.analysis import analyse  # noqa: E402
from nngrade.report.plots import assignment_plot, exercise_plot  # noqa: E402
from nngrade.report.results import ClassResults, PartRecord, ProblemRecord, StudentRecord  # noqa: E402

CODES = ("correct", "wrong", "missing", "misconception:no_bias", "unreadable")


def figures():
    """Three exercises unlike each other: parts, outcomes, variants (one has a single variant)."""
    rng = random.Random(3)
    students = []
    for number in range(60):
        problems = []
        for problem, parts, variants in (("p", ("z",), ("a", "b", "c")), ("q", ("w", "grad", "loss"), ("x",)),
                                         ("r", ("y", "n"), ("u", "v"))):
            records = [PartRecord(part, *((1.0, 1.0, "correct") if (code := rng.choice(CODES)) == "correct"
                                           else (0.0, 1.0, code))) for part in parts]
            problems.append(ProblemRecord(problem, "linear_layer", rng.choice(variants), tuple(records)))
        students.append(StudentRecord(f"s{number}", "hw", tuple(problems)))
    return analyse(ClassResults(students))


def test_a_plot_is_the_same_whatever_was_drawn_before_it():
    report = figures()
    exercises = report["exercises"]
    alone = [exercise_plot(exercise, f"exercise-{index}") for index, exercise in enumerate(exercises)]
    assignment = assignment_plot(report)
    for order in ([2, 0, 1], [1, 2, 0]):
        again = {index: exercise_plot(exercises[index], f"exercise-{index}") for index in order}
        assert [again[index] for index in range(len(exercises))] == alone
    assert assignment_plot(report) == assignment
    for index, exercise in enumerate(exercises):
        for part in exercise["parts"]:
            assert f">{part['part']}<" in alone[index]
        assert all(f">{other['part']}<" not in alone[index] for number, e in enumerate(exercises) if number != index
                   for other in e["parts"] if other["part"] not in {part["part"] for part in exercise["parts"]})
