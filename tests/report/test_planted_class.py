"""The report finds what was planted in a simulated class of the seed lab, graded for real.

Every kind of the catalogue is in the seed lab. The class (``conftest.planted``) has planted
shares of right answers, answers rounded by hand to 3 figures, answers rounded to one figure,
each misconception, random wrong answers, junk and blanks, one unfair variant, and students of
unequal ability. A recovered
share is a binomial count over the students of the problem; it must not lie in either tail the
planted share gives it less than 1 in 30,000 (``FALSE_ALARM``), so a fair run fails about once in
15,000 comparisons. The tails are the exact binomial ones: for the shares of one misconception
(about 4 students in 300) a normal approximation puts the 4-standard-error bound where the true
upper tail is near 1 in 2,000, and about one run in fifty would fail by chance.
"""
from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from nngrade.exercises import registry

from .conftest import STUDENTS

MISCONCEPTION = "misconception:"


FALSE_ALARM = 1 / 30_000


def binomial_chances(students: int, rate: float) -> list[float]:
    """P(X = k) for k = 0 .. students, X ~ Binomial(students, rate)."""
    return [math.comb(students, k) * rate ** k * (1 - rate) ** (students - k) for k in range(students + 1)]


def binomial_tails(count: int, students: int, rate: float) -> tuple[float, float]:
    """P(X <= count) and P(X >= count) for X ~ Binomial(students, rate)."""
    chance = binomial_chances(students, rate)
    return sum(chance[:count + 1]), sum(chance[count:])


def close(recovered: float, planted: float, students: int) -> bool:
    """Whether a recovered share of ``students`` is in neither far tail of the planted rate's binomial."""
    return min(binomial_tails(round(recovered * students), students, planted)) >= FALSE_ALARM


@settings(max_examples=40, deadline=None)
@given(st.integers(20, 400), st.floats(0.001, 0.999))
def test_a_fair_share_is_rejected_at_most_at_the_false_alarm_rate(students, rate):
    rejected = [count for count in range(students + 1) if not close(count / students, rate, students)]
    chance = binomial_chances(students, rate)
    assert sum(chance[count] for count in rejected) <= 2 * FALSE_ALARM
    # and it still rejects a share three times the planted one, where that is many students
    if 3 * rate <= 1 and rate * students >= 10:
        assert not close(3 * rate, rate, students)


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


def test_nngrade_grade_from_files_gives_the_records_the_simulation_graded(simulated, planted_by_commands):
    _, out = simulated
    for path in sorted((out / "results").glob("*.json")):
        own, graded = (json.loads(folder.joinpath(path.name).read_text()) for folder in (out / "results", out / "graded"))
        assert graded["problems"] == own["problems"] and graded["errors"] == [], path.name
