"""round_sigfigs' entry-by-entry path rounds bit for bit as its NumPy formula does.

Keys are compared by their bits across versions (a draw accepted today is accepted tomorrow),
so the Python-float path of :func:`nngrade.exercises.keys.round_sigfigs` must give exactly the
floats of :func:`~nngrade.exercises.keys._round_array`: on random magnitudes, short decimals and
ties, numbers next to every power of ten, the edges of the ordinary range and what lies beyond it,
as one number (where NumPy's scalar power differs from its array power) and as small arrays.
"""
from __future__ import annotations

import numpy as np
import pytest

from nngrade.exercises.keys import ENTRY_BY_ENTRY, _round_array, round_sigfigs


def _near_powers_of_ten() -> list[float]:
    out = []
    for k in range(-300, 301, 3):
        for power in (10.0 ** k, float(f"1e{k}")):
            below = above = power
            for _ in range(4):
                below, above = np.nextafter(below, 0.0), np.nextafter(above, np.inf)
                out += [float(below), float(above)]
            out += [power, 5 * power, 2.5 * power]
    return out


def _pool() -> np.ndarray:
    rng = np.random.default_rng(12)
    random_sizes = rng.choice([-1, 1], 1000) * 10.0 ** rng.uniform(-30, 30, 1000)
    decimals = rng.integers(-10**5, 10**5, 1000) / rng.choice([1, 2, 3, 4, 7, 8, 10, 16, 100, 1000], 1000)
    edges = [0.0, -0.0, np.inf, -np.inf, np.nan, 5e-324, 1e-310, 1e-300, 1e-281, 1e-280, 1e280, 1e281, 1e300,
             1.7e308, 0.125, 0.0125, 12.5, 2.675, 0.04975, 82.5]
    near = np.array(_near_powers_of_ten())
    return np.concatenate([random_sizes, decimals, edges, near, -near])


POOL = _pool()


def _bits(value: np.ndarray) -> tuple:
    return value.shape, value.dtype.str, value.tobytes()


@pytest.mark.parametrize("ties", ["up", "even"])
@pytest.mark.parametrize("figures", [1, 3, 4, 16])
def test_one_number_rounds_as_numpy_does(figures, ties):
    for value in POOL:
        assert _bits(round_sigfigs(float(value), figures, ties)) == _bits(_round_array(np.asarray(value), figures, ties)), value


@pytest.mark.parametrize("ties", ["up", "even"])
@pytest.mark.parametrize("size", [1, 3, 4, 7, ENTRY_BY_ENTRY, ENTRY_BY_ENTRY + 1])
def test_small_arrays_round_as_numpy_does(size, ties):
    for figures in (1, 3, 4):
        rows = POOL[: len(POOL) // size * size].reshape(-1, size)
        for row in rows:
            assert _bits(round_sigfigs(row, figures, ties)) == _bits(_round_array(row, figures, ties)), row
        matrix = rows[:6].reshape(2, 3, size)
        assert _bits(round_sigfigs(matrix, figures, ties)) == _bits(_round_array(matrix, figures, ties))


def test_rounding_by_hand():
    assert round_sigfigs(0.125, 2, "up") == 0.13
    assert round_sigfigs(0.125, 2) == 0.12
    assert round_sigfigs([-2.675, 0.0, 1234.5], 3, "up").tolist() == [-2.68, 0.0, 1230.0]
