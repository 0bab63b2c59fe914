"""Run one grading decision under a hard time and memory budget, in a forked child process.

Deciding whether two expressions are equal is bounded inside (capped sympy work, guarded
intervals: :mod:`nngrade.core.equivalence`), but a bound that rests on every path of sympy and
mpmath staying small is a promise, not a guarantee. This module makes it one: the decision runs
in a child forked from the grader (so it starts with sympy already loaded; the fork costs a few
milliseconds), under ``RLIMIT_AS`` and ``RLIMIT_CPU``, and the parent waits at most ``SECONDS``
of wall-clock time, then kills it. The child's answer comes back through a pipe as JSON, plain
data that the caller validates; nothing else of the child's survives it.

Where ``fork`` does not exist (Windows), the decision runs in-process with its inner bounds only.
Numeric parts never come here: they are bounded by the reader's caps and graded in-process.
"""
from __future__ import annotations

import json
import os
import select
import signal
import time

#: Wall-clock seconds one decision may take (an honest answer takes well under one).
SECONDS = 5.0
#: Memory, in bytes, the child may allocate beyond what the grader already holds.
MEMORY = 1024 * 2**20
#: Largest answer, in bytes, the child may send back.
MAX_REPLY = 1 << 16


class BudgetExceeded(Exception):
    """The decision ran out of time or memory, or its process died; the message says which."""


def run(decision, *args, seconds: float | None = None, memory: int | None = None):
    """``decision(*args)``, which must return JSON-able plain data, within the budget
    (``SECONDS`` and ``MEMORY`` unless given)."""
    seconds = SECONDS if seconds is None else seconds
    memory = MEMORY if memory is None else memory
    if not hasattr(os, "fork"):
        return decision(*args)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: decide, reply, and leave without running the parent's exit code
        os.close(read_end)
        _child(decision, args, write_end, seconds, memory)
    os.close(write_end)
    try:
        reply = _read(read_end, time.monotonic() + seconds)
    finally:
        os.close(read_end)
        _reap(pid)
    return _answer(reply)


def _child(decision, args, write_end: int, seconds: float, memory: int) -> None:
    status = 0
    try:
        _limit(seconds, memory)
        payload = {"value": decision(*args)}
    except MemoryError:
        payload = {"error": "memory"}
    except BaseException as error:  # noqa: BLE001 - reported as data, the parent decides
        payload = {"error": f"{type(error).__name__}: {str(error)[:200]}"}
    try:
        data = json.dumps(payload).encode()
        os.write(write_end, data[:MAX_REPLY])
        os.close(write_end)  # the parent reads the end of the reply now, not after the exit
    except BaseException:  # noqa: BLE001 - nothing may escape the child
        status = 1
    finally:
        os._exit(status)


def _limit(seconds: float, memory: int) -> None:
    """RLIMIT_AS above what the forked image already maps, and RLIMIT_CPU as a second stop."""
    try:
        import resource
    except ImportError:
        return
    try:
        with open("/proc/self/statm") as statm:
            mapped = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        mapped = 0
    for limit, value in ((resource.RLIMIT_AS, mapped + memory), (resource.RLIMIT_CPU, int(seconds) + 2)):
        try:
            soft, hard = resource.getrlimit(limit)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(limit, (value, hard))
        except (ValueError, OSError):
            continue  # the platform refuses this limit: the wall clock still holds


def _read(read_end: int, deadline: float) -> bytes:
    chunks = []
    size = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise BudgetExceeded("time")
        ready, _, _ = select.select([read_end], [], [], left)
        if not ready:
            raise BudgetExceeded("time")
        chunk = os.read(read_end, MAX_REPLY)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_REPLY:
            raise BudgetExceeded("reply too large")


def _reap(pid: int) -> None:
    """Kill the child (it may still run after a timeout) and collect it."""
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass  # already collected (a host that reaps every child itself, such as an event loop)


def _answer(reply: bytes):
    try:
        payload = json.loads(reply.decode())
    except (UnicodeDecodeError, ValueError):
        raise BudgetExceeded("the checking process died") from None
    if type(payload) is not dict:
        raise BudgetExceeded("the checking process sent no answer")
    if "error" in payload:
        raise BudgetExceeded("memory" if payload["error"] == "memory" else f"failed ({payload['error']})")
    return payload.get("value")
