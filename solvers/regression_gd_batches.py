"""Which rows of the data each gradient-descent step uses: batch, stochastic or mini-batch.

The rules, as in the seed lab:

* ``batch``: every step uses all ``n`` rows;
* ``sgd``: step ``t`` uses one row, ``order[t mod len(order)]``;
* ``minibatch``: ``order`` is cut into consecutive batches of ``batch_size`` rows, and step
  ``t`` uses batch ``t mod (len(order) // batch_size)``; rows left over after the last full
  batch are not visited (the lab's ``num_batches = N // batch_size``).

``order`` defaults to ``0, 1, ..., n - 1`` and is repeated, in the same order, every epoch.
Storing the order in the problem (rather than a shuffle seed) keeps a run reproducible and
lets the statement show exactly which rows each step visits.
"""
from __future__ import annotations

METHODS = ("batch", "sgd", "minibatch")


class ScheduleError(ValueError):
    """Parameters that do not describe a valid visiting schedule."""


def schedule(n: int, method: str, steps: int, batch_size: int | None = None, order: list[int] | None = None) -> list[list[int]]:
    """The row indices used by each of ``steps`` steps."""
    check(n, method, batch_size, order)
    if method == "batch":
        return [list(range(n)) for _ in range(steps)]
    order = list(range(n)) if order is None else list(order)
    size = 1 if method == "sgd" else batch_size
    batches = [order[start:start + size] for start in range(0, len(order) - size + 1, size)]
    return [batches[t % len(batches)] for t in range(steps)]


def check(n: int, method: str, batch_size: int | None, order: list[int] | None) -> None:
    """Raise :class:`ScheduleError` with a readable reason when the schedule makes no sense."""
    if method not in METHODS:
        raise ScheduleError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if method == "batch" and (order is not None or batch_size is not None):
        raise ScheduleError("batch gradient descent uses every row at every step: leave out order and batch_size")
    if method == "sgd" and batch_size not in (None, 1):
        raise ScheduleError("sgd visits one row per step: leave out batch_size (or use method minibatch)")
    if order is not None:
        if not order:
            raise ScheduleError("order must list at least one row")
        bad = [index for index in order if not 0 <= index < n]
        if bad:
            raise ScheduleError(f"order refers to row {bad[0]}, but X has rows 0 to {n - 1}")
    if method == "minibatch":
        visited = n if order is None else len(order)
        if batch_size is None:
            raise ScheduleError("minibatch needs batch_size")
        if not 1 <= batch_size <= visited:
            raise ScheduleError(f"batch_size must be from 1 to {visited}, got {batch_size}")


def batch_size_of(n: int, method: str, batch_size: int | None) -> int:
    """The number of rows in every batch."""
    return {"batch": n, "sgd": 1}.get(method, batch_size)
