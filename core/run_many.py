"""Run one picklable function over many items, in order: serially, on a process pool, or on Dask.

Class-scale jobs (building a thousand students' folders, grading a thousand submissions) are
the same loop: one independent call per item, results wanted in the items' order. This module
is that loop, once, with three ways to run it:

- ``processes=1`` and no scheduler: a plain loop in this process (the reference path);
- ``processes=N``: a pool of N worker processes on this machine (``fork`` where the platform
  has it, so workers start warm with what the caller already imported and cached);
- ``scheduler=ADDRESS`` (or ``"local"`` for a local cluster of ``processes`` workers): a Dask
  distributed cluster. A worker that dies mid-run loses nothing: Dask runs its tasks again on
  another worker (``retries`` counts the further attempts a task may have after an exception),
  and a broken pool runs its unfinished chunks again on a new pool (``retries`` more times).

Items travel in chunks, so the cost per item is a function call, not a message. A progress
bar (tqdm, on standard error, shown only on a terminal unless ``progress=True``) counts items
as chunks finish. tqdm and Dask are imported only when a run needs them. :func:`start_many`
starts a pool's work and leaves the caller free until it asks for the results. The loop and
the pool's workers run with the garbage collector set for a batch (:mod:`.batch_collector`).
"""
from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterable, Sequence

from .batch_collector import batch_collection

#: Chunks per worker: enough that a slow chunk does not hold the others up, few enough to be cheap.
CHUNKS_PER_WORKER = 8
#: Scheduler name that starts a Dask cluster on this machine for the run.
LOCAL_SCHEDULER = "local"


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run_many(function: Callable[[Any], Any], items: Iterable[Any], *, processes: int | None = None,
             scheduler: str | None = None, retries: int = 2, description: str = "",
             progress: bool | None = None) -> list[Any]:
    """``[function(item) for item in items]``, on ``processes`` workers (default: all cores) or on
    the Dask cluster at ``scheduler``. ``function`` and the items must pickle when more than one
    process runs them. An exception raised by a call is raised here."""
    items = list(items)
    workers = max(1, processes or cores())
    with _bar(len(items), description, progress) as bar:
        if scheduler is not None:
            return _on_dask(function, items, scheduler, workers, retries, bar)
        if workers == 1 or len(items) <= 1:
            results = []
            with batch_collection():
                for item in items:
                    results.append(function(item))
                    bar.update(1)
            return results
        return _on_pool(function, items, workers, retries, bar)


def start_many(function: Callable[[Any], Any], items: Iterable[Any], *, processes: int | None = None,
               description: str = "", progress: bool | None = None) -> Callable[[], list[Any]]:
    """:func:`run_many` on a process pool, started now: returns the function that waits for
    its results (with the progress bar), so the caller can do other work while the workers run.
    On one process the work is done when the results are asked for."""
    items = list(items)
    workers = max(1, processes or cores())
    if workers == 1 or len(items) <= 1:
        return lambda: run_many(function, items, processes=1, description=description, progress=progress)
    parts = chunks(items, workers)
    pool = _pool(min(workers, len(parts)))
    with batch_collection():  # the workers fork at the first submit, and keep its settings
        futures = {pool.submit(apply_chunk, function, part): index for index, part in enumerate(parts)}

    def results() -> list[Any]:
        with pool, _bar(len(items), description, progress) as bar:
            return _gather(futures, parts, bar, as_completed)

    return results


def chunks(items: Sequence[Any], workers: int) -> list[Sequence[Any]]:
    """``items`` cut, in order, into about ``CHUNKS_PER_WORKER`` slices per worker."""
    size = max(1, -(-len(items) // (workers * CHUNKS_PER_WORKER)))
    return [items[start:start + size] for start in range(0, len(items), size)]


def apply_chunk(function: Callable[[Any], Any], chunk: Sequence[Any]) -> list[Any]:
    """``function`` over one chunk (what a worker runs)."""
    return [function(item) for item in chunk]


def _on_pool(function, items, workers, retries, bar) -> list[Any]:
    """The chunks on a pool; where a worker dies (killed, out of memory, a call that exits the
    process), the pool breaks and every chunk not finished is run again on a new pool, up to
    ``retries`` more times, as Dask runs a lost worker's tasks again."""
    parts = chunks(items, workers)
    results: list[list[Any] | None] = [None] * len(parts)
    pending, attempts = list(range(len(parts))), 0
    while pending:
        with _pool(min(workers, len(pending))) as pool:
            with batch_collection():  # the workers fork at the first submit, and keep its settings
                futures = {pool.submit(apply_chunk, function, parts[index]): index for index in pending}
            broken = _collect(futures, parts, results, bar, as_completed)
        pending = [index for index in pending if results[index] is None]
        if pending and attempts == retries:
            raise broken
        attempts += 1
    return [result for part in results for result in part]


def _pool(workers: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def _on_dask(function, items, scheduler, workers, retries, bar) -> list[Any]:
    from distributed import Client, LocalCluster
    from distributed import as_completed as dask_completed

    cluster = None
    if scheduler == LOCAL_SCHEDULER:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        scheduler = cluster
    try:
        with Client(scheduler) as client:
            count = max(1, len(client.scheduler_info()["workers"]))
            parts = chunks(items, count)
            futures = {client.submit(apply_chunk, function, part, retries=retries, pure=False): index
                       for index, part in enumerate(parts)}
            return _gather(futures, parts, bar, dask_completed)
    finally:
        if cluster is not None:
            cluster.close()


def _gather(futures: dict, parts: list, bar, completed) -> list[Any]:
    """Results of the chunk futures, in the chunks' order, ticking the bar as each finishes."""
    results: list[list[Any] | None] = [None] * len(parts)
    broken = _collect(futures, parts, results, bar, completed)
    if broken is not None:
        raise broken
    return [result for part in results for result in part]


def _collect(futures: dict, parts: list, results: list, bar, completed) -> BrokenProcessPool | None:
    """Each chunk future's results into ``results`` at its chunk's index as it finishes, ticking
    the bar; an exception of a call is raised here. A chunk that a broken pool lost is left None,
    and the break is returned."""
    broken = None
    for future in completed(list(futures)):
        index = futures[future]
        if isinstance(future.exception(), BrokenProcessPool):
            broken = future.exception()
            continue
        results[index] = future.result()
        bar.update(len(parts[index]))
    return broken


def _bar(total: int, description: str, progress: bool | None):
    from tqdm import tqdm

    return tqdm(total=total, desc=description or None, unit="item", disable=None if progress is None else not progress,
                leave=False, dynamic_ncols=True)
