"""The garbage collector set for a batch: tuned inside, as it was outside, in the pool's workers too."""
from __future__ import annotations

import gc
import subprocess
import sys
import weakref

import pytest

from nngrade.core import batch_collector, run_many

from .run_many_tasks import collector_settings

TUNED = (batch_collector.YOUNG, batch_collector.OLDER, batch_collector.OLDER)


def test_inside_the_batch_the_thresholds_are_tuned_and_what_lived_before_is_frozen():
    before, alive = gc.get_threshold(), object()
    with batch_collector.batch_collection():
        assert gc.get_threshold() == TUNED
        assert gc.get_freeze_count() > 0
        assert gc.is_tracked([alive])
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_settings_come_back_when_the_batch_raises():
    before = gc.get_threshold()
    with pytest.raises(ZeroDivisionError):
        with batch_collector.batch_collection():
            1 / 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_cycles_made_inside_the_batch_are_still_collected_without_being_asked():
    class Node:
        pass

    with batch_collector.batch_collection():
        node = Node()
        node.self = node  # a cycle: reference counting alone never frees it
        gone = weakref.ref(node)
        del node
        kept = [[] for _ in range(3 * batch_collector.YOUNG)]  # allocations that start a collection
        assert gone() is None
    del kept


@pytest.mark.parametrize("processes", [1, 2])
def test_the_loop_and_every_worker_run_with_the_batch_settings(processes):
    seen = set(run_many.run_many(collector_settings, range(40), processes=processes, progress=False))
    assert seen == {(TUNED, True)}
    assert gc.get_threshold() != TUNED and gc.get_freeze_count() == 0


def test_started_work_runs_with_the_batch_settings_and_leaves_the_caller_as_it_was():
    results = run_many.start_many(collector_settings, range(40), processes=2, progress=False)
    assert gc.get_threshold() != TUNED and gc.get_freeze_count() == 0
    assert set(results()) == {(TUNED, True)}


def test_the_exit_skips_the_last_collection_of_what_is_alive():
    script = ("import atexit, gc\n"
              "from nngrade.core import batch_collector\n"
              "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0))\n"
              "print('frozen before:', gc.get_freeze_count() > 0)\n"
              "batch_collector.no_collection_at_exit()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["frozen before: False", "frozen at exit: True"]


def test_every_command_skips_the_last_collection(monkeypatch):
    from click.testing import CliRunner

    from nngrade import cli

    registered = []
    monkeypatch.setattr(batch_collector.atexit, "register", registered.append)
    assert CliRunner().invoke(cli.main, ["list"]).exit_code == 0
    assert registered == [gc.freeze]
