"""The report finds what was planted in a simulated class of the seed lab, graded for real.

Every kind of the catalogue is in the seed lab. The class (``conftest.planted``) has planted
shares of right answers, answers rounded by hand to 3 figures, answers rounded to one figure,
each misconception, random wrong answers, junk and blanks, one unfair variant, and students of
unequal ability. A recovered
share must be within 4 standard errors of the planted one (a binomial share over the students
of the problem), so a fair run fails about once in 15,000 comparisons.
"""
from __future__ import annotations

import math

from nngrade.exercises import registry

from .conftest import STUDENTS

MISCONCEPTION = "misconception:"


def close(recovered: float, planted: float, students: int) -> bool:
    error = math.sqrt(max(planted * (1 - planted), 1 / students) / students)
    return abs(recovered - planted) <= 4 * error


def test_the_class_covers_every_kind(planted):
    _, figures, _ = planted
    assert {exercise["kind"] for exercise in figures["exercises"]} == set(registry.exercises())
    assert figures["students"] == STUDENTS and figures["unread"] == [] and figures["errors"] == []


def test_each_misconception_is_found_at_its_planted_rate(planted):
    simulation, figures, _ = planted
    checked = 0
    for exercise in figures["exercises"]:
        for name, rate in simulation.expected[exercise["problem"]].items():
            if name.startswith(MISCONCEPTION):
                found = max(part["outcomes"].get(name, 0.0) for part in exercise["parts"])
                assert close(found, rate, exercise["students"]), (exercise["problem"], name, found, rate)
                checked += 1
    assert checked >= 60


def test_blank_and_unreadable_submissions_are_found_at_their_rates(planted):
    simulation, figures, _ = planted
    for exercise in figures["exercises"]:
        planted_rates, first = simulation.expected[exercise["problem"]], exercise["parts"][0]
        for name in ("blank", "unreadable"):
            assert close(first["outcomes"].get(name, 0.0), planted_rates[name], exercise["students"]), \
                (exercise["problem"], name)


def test_answers_rounded_by_hand_count_as_right(planted):
    simulation, figures, _ = planted
    for exercise in figures["exercises"]:
        planted_rates, first = simulation.expected[exercise["problem"]], exercise["parts"][0]
        honest = planted_rates["right"] + planted_rates["rounded"]
        # at least the right and the 3-figure answers are right (other answers may leave this part right)
        assert first["outcomes"]["right"] >= honest - 4 * math.sqrt(honest * (1 - honest) / exercise["students"])


def test_the_one_figure_answer_is_the_most_common_unexplained_wrong_value(planted):
    simulation, figures, _ = planted
    found = 0
    for exercise in figures["exercises"]:
        for part in exercise["parts"]:
            for value in part["unexplained"]:
                coarse = simulation.coarse_values.get((exercise["problem"], value["variant"], part["part"]))
                if value["value"] == coarse:
                    found += 1
                    students = next(v["students"] for v in exercise["variants"] if v["variant"] == value["variant"])
                    assert close(value["share"], simulation.expected[exercise["problem"]]["coarse"], students)
                else:  # a misconception's answer in a part the grader does not name, junk in a label
                    # part, or a chance repeat of the random wrong answers
                    mistaken = simulation.mistaken_values.get((exercise["problem"], value["variant"], part["part"]), ())
                    assert value["value"] in mistaken or value["value"] == '"#?!"' or value["count"] <= 4, \
                        (exercise["problem"], part["part"], value)
    assert found >= 30


def test_stronger_students_make_exercises_discriminate(planted):
    # each student's ability scales their right answers on every problem (Plan.ability), so an
    # exercise's score goes with the rest of the assignment; independent students would give r near 0
    _, figures, _ = planted
    indices = sorted(exercise["discrimination"] for exercise in figures["exercises"])
    assert indices[len(indices) // 2] > 0.1 and indices[-1] > 0.2


def test_the_unfair_variant_is_flagged_and_fair_ones_are_not(planted):
    simulation, figures, _ = planted
    flags = {(flag["problem"], flag["variant"]): flag["flag"] for flag in figures["flagged"]}
    assert flags.get(simulation.unfair) == "harder"
    min_difference = figures["settings"]["min_difference"]
    for (problem, variant), direction in flags.items():
        # anything else flagged is a variant the plan itself makes easier or harder
        # (the sign function, where a one-figure answer is right), never a fair sibling
        own = simulation.facility[(problem, variant)]
        siblings = [simulation.facility[(problem, other)] for other in simulation.variants[problem]
                    if other != variant and (problem, other) != simulation.unfair]
        difference = own - sum(siblings) / len(siblings)
        assert abs(difference) >= min_difference / 2 and (difference < 0) == (direction == "harder"), \
            (problem, variant, difference)
