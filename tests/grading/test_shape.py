"""Shape diagnosis: what was expected and what came, forgiving only harmless orientation."""
from __future__ import annotations

import numpy as np
import pytest

from nngrade.grading import shape


def conform(got, expected_shape, flat_ok=True):
    return shape.conform(np.asarray(got, dtype=float), expected_shape, flat_ok)


@pytest.mark.parametrize("shape_,words", [
    ((), "a single number"),
    ((0,), "an empty list"),
    ((3,), "a flat list of 3 numbers"),
    ((3, 1), "a 3x1 matrix (a column)"),
    ((1, 3), "a 1x3 matrix (a row)"),
    ((2, 2), "a 2x2 matrix"),
    ((2, 3, 1), "a list of 2 matrices of shape 3x1"),
])
def test_describe(shape_, words):
    assert shape.describe(shape_) == words


def test_same_shape_passes_through():
    fitted, code, message = conform([[1, 2]], (1, 2))
    assert fitted.shape == (1, 2) and code == message == ""


@pytest.mark.parametrize("got", [[1, 2, 3], [[1, 2, 3]], [[1], [2], [3]]])
def test_row_column_and_flat_are_one_thing_where_the_spec_allows(got):
    for expected in ((3,), (3, 1), (1, 3)):
        fitted, code, _ = conform(got, expected)
        assert code == "" and fitted.shape == expected


def test_orientation_is_diagnosed_where_it_matters():
    fitted, code, message = conform([1, 2, 3], (3, 1), flat_ok=False)
    assert fitted is None and code == "orientation"
    assert message == "expected a 3x1 matrix (a column), got a flat list of 3 numbers: here the orientation matters"
    _, code, message = conform([[1, 2, 3]], (3, 1), flat_ok=False)
    assert code == "orientation" and "got a 1x3 matrix (a row)" in message


def test_one_number_in_a_list_is_a_number():
    fitted, code, _ = conform([4], ())
    assert code == "" and fitted.shape == ()


@pytest.mark.parametrize("got,expected,words", [
    ([1, 2], (3,), "expected a flat list of 3 numbers, got a flat list of 2 numbers"),
    (5, (2, 2), "expected a 2x2 matrix, got a single number"),
    ([[1, 2, 3], [4, 5, 6]], (3, 2), "expected a 3x2 matrix, got a 2x3 matrix: the answer looks transposed"),
    ([[1, 2], [3, 4]], (2, 3), "expected a 2x3 matrix, got a 2x2 matrix"),
    ([], (2,), "expected a flat list of 2 numbers, got an empty list"),
    ([[1, 2], [3, 4]], (4,), "expected a flat list of 4 numbers, got a 2x2 matrix"),
])
def test_wrong_shapes_say_expected_and_got(got, expected, words):
    fitted, code, message = conform(got, expected)
    assert fitted is None and code in ("shape", "transposed")
    assert message == words


def test_components_split_per_layer_values_of_different_shapes():
    same = shape.components([[[1, 2]], [[3, 4]]])
    assert len(same) == 1 and same[0].shape == (2, 1, 2)
    ragged = shape.components([[[1, 2], [3, 4]], [[5], [6]]])
    assert [c.shape for c in ragged] == [(2, 2), (2, 1)]
