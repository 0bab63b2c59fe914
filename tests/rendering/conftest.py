"""What the rendered-output tests share: the problems every layout check lays out, per kind."""
from __future__ import annotations

import pytest

from nngrade.exercises import problems, registry

#: Seeds drawn at every difficulty of every kind for the layout checks (pdflatex's and Chromium's).
LAYOUT_SEEDS = range(6)


@pytest.fixture
def layout_problems():
    """A function of a kind (and seeds, :data:`LAYOUT_SEEDS` unless given): its fixed examples and
    draws over the seeds at each difficulty."""
    def of_kind(kind: str, seeds=LAYOUT_SEEDS) -> list:
        exercise = registry.get(kind)
        drawn = [problems.draw(exercise, seed, difficulty=level)
                 for level in exercise.knobs.get("difficulty", ("easy",)) for seed in seeds]
        return [problems.example(kind, name) for name in exercise.examples] + drawn
    return of_kind
