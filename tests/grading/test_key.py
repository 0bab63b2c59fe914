"""The answer key's deferred fields: :class:`~nngrade.grading.key.OneByOne` works out a
misconception only when a reader reaches it, and reads like the list it stands for."""
from __future__ import annotations

import pickle
import threading

import pytest

from nngrade.exercises import registry
from nngrade.exercises.keys import answer_key, wrong_answers
from nngrade.exercises.problems import draw
from nngrade.grading.key import OneByOne


class Counted:
    """Yields 0..n-1 and counts how many it made; fails at ``fail_at`` where given."""

    def __init__(self, n: int, fail_at: int | None = None):
        self.n, self.fail_at, self.made = n, fail_at, 0

    def __call__(self):
        for index in range(self.n):
            if index == self.fail_at:
                raise RuntimeError(f"item {index}")
            self.made += 1
            yield index


def test_items_are_made_only_as_far_as_read():
    source = Counted(5)
    items = OneByOne(source)
    assert source.made == 0
    assert next(item for item in items if item == 1) == 1
    assert source.made == 2
    assert items[3] == 3 and source.made == 4
    assert list(items) == [0, 1, 2, 3, 4] and source.made == 5
    assert list(items) == [0, 1, 2, 3, 4] and source.made == 5  # kept, never made again


def test_reads_like_the_list_it_stands_for():
    items = OneByOne(Counted(4))
    assert len(items) == 4
    assert items[-1] == 3 and items[1:3] == [1, 2]
    assert 2 in items and items.index(2) == 2
    with pytest.raises(IndexError):
        items[4]
    assert pickle.loads(pickle.dumps(items)) == [0, 1, 2, 3]
    assert OneByOne(Counted(0))[:] == [] and not list(OneByOne(Counted(0)))


def test_a_failure_is_raised_to_every_reader_that_gets_as_far():
    items = OneByOne(Counted(5, fail_at=2))
    assert items[1] == 1
    for _ in range(2):
        with pytest.raises(RuntimeError, match="item 2"):
            list(items)
    assert items[0] == 0


def test_a_source_that_reads_its_own_sequence_raises_instead_of_hanging():
    def make():
        yield 0
        yield len(items)  # reads the sequence while its next item is being made

    items = OneByOne(make)
    outcome = []

    def read():
        try:
            outcome.append(list(items))
        except ValueError as error:  # a generator already running
            outcome.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading hung"
    assert isinstance(outcome[0], ValueError)


def test_threads_reading_at_once_see_the_same_items_made_once():
    source = Counted(200)
    items = OneByOne(source)
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(list(items))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [list(range(200))] * 8 and source.made == 200


@pytest.mark.parametrize("kind", registry.kinds())
def test_a_keys_misconceptions_are_the_kinds_wrong_answers(kind):
    exercise = registry.get(kind)
    problem = draw(exercise, seed=3)
    key = answer_key(exercise, problem)
    assert isinstance(key.misconceptions, OneByOne)
    assert list(key.misconceptions) == list(wrong_answers(exercise, problem.params, key.specs))
