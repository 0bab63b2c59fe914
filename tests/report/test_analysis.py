"""The report's figures on small classes whose every number is known."""
from __future__ import annotations

import pytest

from nngrade.report.analysis import Settings, analyse, outcome
from nngrade.report.results import ClassResults, PartRecord, ProblemRecord, StudentRecord, shown_value


@pytest.mark.parametrize("code, expected", [
    ("correct", "right"), ("misconception:no_bias", "misconception:no_bias"), ("follow_through", "follow_through"),
    ("missing", "blank"), ("unreadable", "unreadable"), ("not_graded", "not_graded"), ("timeout", "undecided"),
    ("undecided", "undecided"),
    ("wrong", "wrong"), ("partial", "wrong"), ("shape", "wrong"), ("transposed", "wrong"), ("no_work", "wrong"),
])
def test_every_grading_code_has_an_outcome(code, expected):
    assert outcome(code) == expected


def record(problem, variant, *parts):
    return ProblemRecord(problem, "linear_layer", variant, tuple(PartRecord(*part) for part in parts))


def klass(rows):
    """Students from rows of problem records."""
    return ClassResults([StudentRecord(f"s{index}", "hw", tuple(problems)) for index, problems in enumerate(rows)])


def test_shares_facility_and_discrimination_of_a_small_class():
    rows = [
        [record("p", "a", ("z", 1, 1, "correct"), ("n", 1, 1, "correct")), record("q", "a", ("y", 2, 2, "correct"))],
        [record("p", "a", ("z", 0, 1, "misconception:no_bias"), ("n", 1, 1, "correct")), record("q", "a", ("y", 0, 2, "wrong"))],
        [record("p", "a", ("z", 0, 1, "missing"), ("n", 0, 1, "missing")), record("q", "a", ("y", 0, 2, "missing"))],
        [record("p", "a", ("z", 0.5, 1, "partial"), ("n", 0, 1, "unreadable")), record("q", "a", ("y", 2, 2, "correct"))],
    ]
    figures = analyse(klass(rows))
    assert figures["students"] == 4 and figures["max_score"] == 4 and figures["mean"] == pytest.approx(7.5 / 4)
    p = figures["exercises"][0]
    assert p["problem"] == "p" and p["facility"] == pytest.approx((2 + 1 + 0 + 0.5) / 4 / 2)
    z = p["parts"][0]
    assert z["outcomes"] == {"right": 0.25, "misconception:no_bias": 0.25, "wrong": 0.25, "blank": 0.25}
    assert z["facility"] == pytest.approx(1.5 / 4)
    assert p["outcomes"] == ["right", "misconception:no_bias", "wrong", "blank", "unreadable"]
    # Moodle's discrimination: the item against the rest of the assignment (here, the other exercise)
    import numpy as np
    assert p["discrimination"] == pytest.approx(np.corrcoef([2, 1, 0, 0.5], [2, 0, 0, 2])[0, 1])
    assert z["discrimination"] == pytest.approx(np.corrcoef([1, 0, 0, 0.5], [2, 0, 0, 2])[0, 1])
    assert figures["histogram"]["counts"][-1] == 1 and sum(figures["histogram"]["counts"]) == 4


def scores_class(facilities: dict[str, float], students: int = 40):
    """One problem; per variant, a share of the students right (score 1), the rest 0."""
    rows = []
    for variant, share in facilities.items():
        right = round(share * students)
        rows += [[record("p", variant, ("z", 1 if index < right else 0, 1, "correct" if index < right else "wrong"))]
                 for index in range(students)]
    return klass(rows)


def test_one_unfair_variant_is_flagged_and_its_fair_siblings_are_not():
    figures = analyse(scores_class({"a": 0.8, "b": 0.8, "c": 0.8, "d": 0.2}))
    assert [(flag["variant"], flag["flag"]) for flag in figures["flagged"]] == [("d", "harder")]
    others = [variant for variant in figures["exercises"][0]["variants"] if variant["variant"] != "d"]
    # their reference leaves the flagged variant out
    assert all(variant["siblings_facility"] == pytest.approx(0.8) and variant["flag"] is None for variant in others)


def test_an_easier_variant_is_flagged_easier_and_small_differences_are_not_flagged():
    assert [(f["variant"], f["flag"]) for f in analyse(scores_class({"a": 0.3, "b": 0.3, "c": 0.9}))["flagged"]] \
        == [("c", "easier")]
    # 1500 students a variant make a 5-point difference significant, but it is under min_difference
    figures = analyse(scores_class({"a": 0.70, "b": 0.75}, students=1500))
    assert figures["flagged"] == [] and min(v["p_value"] for v in figures["exercises"][0]["variants"]) < 0.05
    assert analyse(scores_class({"a": 0.70, "b": 0.75}, students=1500), Settings(min_difference=0.04))["flagged"]


def test_variants_with_too_few_students_are_not_tested():
    figures = analyse(scores_class({"a": 1.0, "b": 0.0}, students=9))
    assert figures["flagged"] == [] and all(v["p_value"] is None for v in figures["exercises"][0]["variants"])


def test_common_unexplained_wrong_values_are_counted_per_variant():
    def answer(variant, code, value):
        return [record("p", variant, ("z", 0 if code != "correct" else 1, 1, code, shown_value(value)))]

    rows = ([answer("a", "wrong", [[0], [7]])] * 3 + [answer("b", "wrong", [[0], [7]])] * 2
            + [answer("a", "misconception:no_bias", [[0], [8]])] * 5 + [answer("a", "wrong", [[9], [9]])]
            + [answer("a", "correct", [[1], [8]])] * 4)
    z = analyse(klass(rows))["exercises"][0]["parts"][0]
    assert z["unexplained"] == [{"variant": "a", "value": "[[0.0], [7.0]]", "count": 3, "share": 3 / 13},
                                {"variant": "b", "value": "[[0.0], [7.0]]", "count": 2, "share": 1.0}]
    assert z["answers_read"] == 15
