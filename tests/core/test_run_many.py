"""run_many gives the plain loop's results, in order, on one process, a pool, or a Dask cluster
(where a worker killed mid-run loses nothing)."""
from __future__ import annotations

import logging
import sys
from functools import partial
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nngrade.core.run_many import chunks, run_many, start_many

sys.path.insert(0, str(Path(__file__).parent))  # workers find the tasks by module name (they inherit sys.path)
from run_many_tasks import exit_always, exit_once, fail_on, square_plus  # noqa: E402


@given(st.lists(st.integers(), max_size=200), st.integers(1, 9))
def test_chunks_cover_the_items_in_order(items, workers):
    parts = chunks(items, workers)
    assert [item for part in parts for item in part] == items
    assert all(parts)


@pytest.mark.parametrize("processes", [1, 2, 3])
def test_results_are_the_plain_loops_in_order(processes):
    items = list(range(-40, 97))
    assert run_many(partial(square_plus, 5), items, processes=processes) == [i * i + 5 for i in items]


@pytest.mark.parametrize("processes", [1, 2, 3])
def test_started_work_gives_the_plain_loops_results_when_asked(processes):
    items = list(range(-40, 97))
    results = start_many(partial(square_plus, 5), items, processes=processes)
    assert results() == [i * i + 5 for i in items]


@pytest.mark.parametrize("processes", [1, 2])
def test_an_exception_of_started_work_reaches_the_caller_when_it_asks(processes):
    results = start_many(partial(fail_on, 17), range(40), processes=processes)
    with pytest.raises(ValueError, match="item 17 is bad"):
        results()


def test_no_items_and_one_item():
    assert run_many(partial(square_plus, 1), [], processes=2) == []
    assert run_many(partial(square_plus, 1), [3], processes=2) == [10]


@pytest.mark.parametrize("processes", [1, 2])
def test_an_exception_of_a_call_reaches_the_caller(processes):
    with pytest.raises(ValueError, match="item 17 is bad"):
        run_many(partial(fail_on, 17), range(50), processes=processes)


def test_progress_bar_counts_every_item(capsys):
    run_many(partial(square_plus, 0), range(30), processes=2, description="squaring", progress=True)
    shown = capsys.readouterr().err
    assert "squaring" in shown and "/30" in shown


@pytest.fixture(scope="module")
def dask_cluster():
    """A LocalCluster of 2 worker processes, as in CI."""
    pytest.importorskip("distributed")
    from distributed import LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR)
    yield cluster
    cluster.close()


def test_dask_results_equal_the_serial_ones(dask_cluster):
    items = list(range(120))
    serial = run_many(partial(square_plus, 2), items, processes=1)
    assert run_many(partial(square_plus, 2), items, scheduler=dask_cluster.scheduler_address) == serial


def test_a_worker_killed_mid_run_loses_nothing(dask_cluster, tmp_path):
    marker = tmp_path / "killed"
    items = list(range(64))
    function = partial(exit_once, str(marker), 37)
    result = run_many(function, items, scheduler=dask_cluster.scheduler_address)
    assert marker.exists(), "the doomed item never killed its worker"
    assert result == run_many(partial(exit_once, str(tmp_path / "unused"), -1), items, processes=1)


def test_local_scheduler_starts_its_own_cluster():
    pytest.importorskip("distributed")
    assert run_many(partial(pow, 2), range(10), scheduler="local", processes=2) == [2**i for i in range(10)]


def test_a_pool_worker_killed_mid_run_loses_nothing(tmp_path):
    """A worker that dies breaks the pool: its unfinished chunks run again on a new one."""
    marker = tmp_path / "killed"
    items = list(range(64))
    result = run_many(partial(exit_once, str(marker), 37), items, processes=2)
    assert marker.exists(), "the doomed item never killed its worker"
    assert result == run_many(partial(exit_once, str(tmp_path / "unused"), -1), items, processes=1)


def test_a_worker_that_dies_every_time_breaks_the_run_after_its_retries(tmp_path):
    from concurrent.futures.process import BrokenProcessPool

    with pytest.raises(BrokenProcessPool):
        run_many(partial(exit_always, 5), list(range(20)), processes=2, retries=1)
