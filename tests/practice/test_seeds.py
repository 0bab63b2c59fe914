"""Practice seeds lie in a domain of their own: no practice draw has an assessed variant's seed."""
from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nngrade.exercises import registry
from nngrade.generators.seeds import SEED_BITS, student_seed
from nngrade.practice import Practice
from nngrade.practice.seeds import PRACTICE_BASE, PRACTICE_COUNT, is_practice_seed, practice_seed

names = st.text(min_size=1, max_size=30)


@given(names, names, names, names, st.integers(0, PRACTICE_COUNT - 1))
def test_no_keyed_assessed_seed_is_a_practice_seed(secret, assignment, exercise, student, index):
    assessed = student_seed(secret, assignment, exercise, student)
    practised = practice_seed(index)
    assert 0 <= assessed < PRACTICE_BASE <= practised
    assert not is_practice_seed(assessed) and is_practice_seed(practised)


def test_the_domains_split_the_seed_range_at_the_assessed_seeds_bound():
    assert PRACTICE_BASE == 2**SEED_BITS and practice_seed(0) == 2**SEED_BITS
    assert practice_seed(PRACTICE_COUNT - 1) == 2**64 - 1
    assert all(is_practice_seed(practice_seed()) for _ in range(100))


def test_the_practice_domain_is_not_negative_because_random_forgets_the_sign():
    """Why the practice domain is above the assessed one and not below 0: Random(-s) draws what Random(s) does."""
    assert random.Random(-12345).random() == random.Random(12345).random()
    assert practice_seed(0) > 0


@pytest.mark.parametrize("index", [-1, PRACTICE_COUNT, True, 1.0, "3"])
def test_an_index_outside_the_domain_is_refused(index):
    with pytest.raises(ValueError, match="practice seed index"):
        practice_seed(index)


@pytest.mark.parametrize("kind", registry.kinds())
def test_every_variant_of_a_session_is_drawn_from_a_practice_seed(kind):
    session = Practice(kind, show=False)
    session.another()
    session.another()
    seeds = [variant.seed for variant in session.record.variants]
    assert all(is_practice_seed(seed) for seed in seeds)
    assert session.problem.seed == seeds[-1] and len(set(seeds)) == 3


def test_a_chosen_practice_variant_is_the_same_problem_every_time():
    first = Practice("backprop", "easy", seed=42, show=False).problem
    again = Practice("backprop", "easy", seed=42, show=False).problem
    assert first == again and first.seed == PRACTICE_BASE + 42
