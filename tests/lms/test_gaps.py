"""Boxes: whole weights in the parts' ratios, the assignment's settings applied, unfit parts left out with a reason."""
from __future__ import annotations

from fractions import Fraction
from math import gcd

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from nngrade.grading.compare import close
from nngrade.lms.gaps import Box, integer_weights
from nngrade.lms.variants import groups


@given(st.lists(st.fractions(min_value=Fraction(1, 50), max_value=5, max_denominator=60), min_size=1, max_size=30))
def test_integer_weights_keep_the_ratios(weights):
    boxes = [Box("numeric", 0.0, -1.0, 1.0, weight, (), "x") for weight in weights]
    whole = integer_weights(boxes)
    assert all(type(value) is int and value > 0 for value in whole)
    assert gcd(*whole) == 1
    assert all(Fraction(a, whole[0]) == weight / weights[0] for a, weight in zip(whole, weights))


def test_an_assignment_s_part_settings_are_the_boxes_rules():
    assignment = {"assignment": "hw", "exercises": [
        {"id": "layer", "kind": "linear_layer", "parts": {"z": {"mode": "sigfigs", "sigfigs": 2}}},
        {"id": "exact", "kind": "linear_layer", "parts": {"z": {"mode": "exact"}}},
        {"id": "gd", "kind": "gd_univariate"}]}
    _, drawn = groups(assignment, 3)
    sigfigs, exact, gd = drawn
    for variant in sigfigs.variants:
        spec = variant.key.spec("z")
        (field,) = [field for field in variant.boxes.fields if field.part == "z"]
        for box in field.boxes:
            for value, accepted in ((box.low, True), (box.high, True),
                                    (np.nextafter(box.low, -np.inf), False), (np.nextafter(box.high, np.inf), False)):
                assert bool(close(np.array([value]), np.array([box.value]), spec)[0]) is accepted
    assert not any(field.part == "z" for variant in exact.variants for field in variant.boxes.fields)
    assert any("z (z) is left out: exact mode" in line for line in exact.warnings)
    assert any("derivative" in line and "expression" in line for line in gd.warnings)
    assert any("stationary_points" in line and "give away" in line for line in gd.warnings)


def test_an_exercise_with_no_part_for_boxes_is_left_out_with_a_warning():
    assignment = {"assignment": "hw", "exercises": [
        {"id": "act", "kind": "activation", "knobs": {"function": "relu"}, "parts": {"a": {"mode": "exact"}}}]}
    _, (group,) = groups(assignment, 2)
    assert group.variants == []
    assert any("none of its parts can be asked as boxes" in line for line in group.warnings)
