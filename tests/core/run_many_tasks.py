"""Functions the run_many tests send to worker processes (importable by name there: spawned Dask
workers cannot import a test module that pytest loaded by path)."""
from __future__ import annotations

import os
from pathlib import Path


def square_plus(offset: int, item: int) -> int:
    return item * item + offset


def fail_on(bad: int, item: int) -> int:
    if item == bad:
        raise ValueError(f"item {bad} is bad")
    return item


def exit_once(marker: str, doomed: int, item: int) -> tuple[int, int]:
    """Kills the process that runs ``doomed`` the first time (as a submission that ``os._exit``s would)."""
    if item == doomed and not os.path.exists(marker):
        Path(marker).write_text("killed once")
        os._exit(1)
    return item, item * 3


def collector_settings(item: int) -> tuple[tuple[int, int, int], bool]:
    """The garbage collector's thresholds where the item runs, and whether objects are frozen."""
    import gc

    return gc.get_threshold(), gc.get_freeze_count() > 0


def exit_always(doomed: int, item: int) -> int:
    """Kills the process that runs ``doomed``, every time."""
    if item == doomed:
        os._exit(1)
    return item
