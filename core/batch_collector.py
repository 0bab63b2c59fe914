"""Python's cyclic garbage collector set for a class-scale batch, for the length of the batch.

A batch (building or grading a thousand students) keeps growing caches: parsed problems, answer
keys, graded answers. With the collector's default thresholds the oldest generation is walked
again and again as they grow, each walk visiting every object the process holds (the imported
modules and the caches too), for garbage that is almost never there: nearly everything a
student's work allocates is freed by reference counting. Inside :func:`batch_collection`:

- the objects alive at its start are frozen (:func:`gc.freeze`): no collection visits them again,
  and a worker forked inside it (the pool of :mod:`.run_many`) starts with them frozen too, so
  its collections do not touch the pages it shares with its parent (as the :mod:`gc` docs advise
  before a ``fork``);
- young objects are collected after :data:`YOUNG` allocations rather than 700, and the older
  generations after :data:`OLDER` collections of the one below, so cycles (an exception's
  traceback) are still freed while the batch runs, at a fraction of the walks.

On leaving, the thresholds are set back and the frozen objects are collectable again.

A command that ends a batch can also skip the interpreter's last collection
(:func:`no_collection_at_exit`): at exit the collector walks every object still alive once more,
0.1 s after grading a class, to free garbage that the process's end frees anyway.
"""
from __future__ import annotations

import atexit
import gc
from contextlib import contextmanager
from typing import Iterator

#: Net allocations between two collections of the youngest generation.
YOUNG = 10_000
#: Collections of a generation between two of the next older one.
OLDER = 50


@contextmanager
def batch_collection() -> Iterator[None]:
    """The collector set for a batch until the block ends (see the module's docstring)."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(YOUNG, OLDER, OLDER)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def no_collection_at_exit() -> None:
    """Freeze, as the interpreter exits, whatever is still alive, so that its final collection
    does not walk it (see the module's docstring). Exit handlers registered before this one
    still run after it, with the objects alive; nothing is freed that the exit would not free."""
    atexit.register(gc.freeze)
