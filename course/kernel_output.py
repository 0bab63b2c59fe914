"""Inside the grading kernel: a cap on what one cell prints to stdout and stderr.

This is not a wall (the student's code runs in the same process and can undo it; the grader caps
the outputs it stores by itself). It keeps an honest runaway print, such as a 400 MB string or a
loop that prints for ever, from spending the cell's time and the kernel's memory on messages, so
the cells after it still run and record their answers.
"""
from __future__ import annotations

import sys

NOTE = "\n[output of this cell beyond {limit} characters was dropped]\n"


#: The configuration section that carries the cap (``--KernelOutputCap.limit=N`` on the
#: kernel's command line).
SECTION = "KernelOutputCap"
DEFAULT_LIMIT = 100_000


def load_ipython_extension(shell) -> None:
    """Loaded by the kernel at start-up (``--IPKernelApp.extensions``), outside any cell: IPython
    wraps the streams' ``write`` around each cell and puts back what it found, so the cap must be
    in place before the first cell."""
    install(shell, int(shell.config.get(SECTION, {}).get("limit", DEFAULT_LIMIT)))


def install(shell, limit: int) -> None:
    """Cap each cell's printed characters at ``limit`` (stdout and stderr together)."""
    state = {"written": 0, "noted": False}

    def reset(*_):
        state.update(written=0, noted=False)

    shell.events.register("pre_run_cell", reset)
    for stream in (sys.stdout, sys.stderr):
        stream.write = _capped(stream.write, state, limit)


def _capped(write, state: dict, limit: int):
    def capped_write(text):
        room = limit - state["written"]
        if len(text) <= room:
            state["written"] += len(text)
            return write(text)
        if room > 0:
            write(text[:room])
        state["written"] = limit
        if not state["noted"]:
            state["noted"] = True
            write(NOTE.format(limit=limit))
        return len(text)

    return capped_write
