"""Class scale: `nngrade build seed-lab` for a roster, and what a student's kernel pays to import.

Prints the build's wall and CPU time (all processes), the students per second, the files, links
and bytes written, and the kernel's import cost: the notebook's setup cell (import and
Assignment) in a fresh interpreter against ``import numpy`` alone, and with ``show()`` against
numpy and IPython (which a kernel has loaded), in CPU time: fresh interpreters of the two taken in
turns, the median of the pairs' differences and their quartiles; beside it the import time
(``python -X importtime``) of the modules the setup cell imports beyond numpy's.
Run: ``python bench/bench_build.py --students 1000 [--processes 2]``.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nngrade.core.run_many import cores
from nngrade.course.assignment_spec import from_data
from nngrade.course.notebook_cells import setup
from nngrade.handouts import problemset


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bench_build(students: int, processes: int) -> None:
    roster = [f"s{number:04d}" for number in range(students)]
    with tempfile.TemporaryDirectory(prefix="nngrade-bench-build-") as out:
        wall, cpu = time.perf_counter(), cpu_seconds()
        problemset.build(problemset.load("seed-lab"), Path(out), students=roster, secret="bench",
                         assignment="seed-lab", processes=processes)
        wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
        files = links = size = 0
        inodes = set()
        for folder, _, names in os.walk(out):
            for name in names:
                status = os.lstat(Path(folder, name))
                if (status.st_dev, status.st_ino) in inodes:  # a second name of a file (a hard link)
                    links += 1
                else:
                    inodes.add((status.st_dev, status.st_ino))
                    files += 1
                    size += status.st_size
    print(f"build seed-lab, {students} students, {processes} processes: {wall:.1f} s wall (goal <= 15 s for 1000), "
          f"{cpu:.1f} s CPU = {cpu / students * 1000:.0f} ms per student ({students / wall:.1f} students/s; "
          f"CPU/wall {cpu / wall:.2f}; load average {os.getloadavg()[0]:.1f})")
    print(f"  written: {files:,} files, {size / 1e6:.0f} MB, and {links:,} links to the shared examples")


def fresh_cpu(source: str, env: dict) -> float:
    """CPU seconds (not wall: other work on a shared machine does not count) of one fresh
    interpreter running ``source``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", source], check=True, env=env, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def paired_extra(base: str, source: str, runs: int, env: dict) -> tuple[float, float, float]:
    """What ``source`` costs above ``base``: fresh interpreters of the two taken in turns (the
    order swapped every pair, so drift in the machine's load falls on both), and the median and
    the quartiles of the ``runs`` differences, in CPU seconds."""
    extras = []
    for run in range(runs):
        cost = {code: fresh_cpu(code, env) for code in ((source, base) if run % 2 == 0 else (base, source))}
        extras.append(cost[source] - cost[base])
    low, median, high = statistics.quantiles(extras, n=4)
    return median, low, high


def imported_self_seconds(source: str, env: dict) -> dict[str, float]:
    """Each module ``source`` imports, with its own import time (``python -X importtime``)."""
    found = subprocess.run([sys.executable, "-X", "importtime", "-c", source], check=True, env=env,
                           capture_output=True, text=True).stderr
    modules = {}
    for line in found.splitlines():
        if line.startswith("import time:") and "|" in line:
            own, _, name = line[len("import time:"):].split("|")
            if own.strip().isdigit():
                modules[name.strip()] = int(own) / 1e6
    return modules


def importtime_extra(base: str, source: str, runs: int, env: dict) -> float:
    """The median over ``runs`` of the import time of the modules that ``source`` imports and
    ``base`` does not (the modules' own times, so one module's cost is counted once)."""
    extras = []
    for _ in range(runs):
        known = imported_self_seconds(base, env)
        extras.append(sum(seconds for name, seconds in imported_self_seconds(source, env).items()
                          if name not in known))
    return statistics.median(extras)


def bench_kernel(runs: int) -> None:
    spec = from_data({"assignment": "hw1", "key": "bench", "check": "format",
                      "exercises": [{"id": "layer", "kind": "linear_layer", "points": 1}]})
    env = {**os.environ, "NNGRADE_STUDENT": "ada"}
    numpy, low, high = paired_extra("pass", "import numpy", runs, env)
    kernel, kernel_low, kernel_high = paired_extra("import numpy", setup(spec).source, runs, env)
    imports = importtime_extra("import numpy", setup(spec).source, runs, env)
    # a kernel has IPython loaded before any cell runs, so show() is measured on top of it
    shown, shown_low, shown_high = paired_extra(
        "import numpy, IPython.display", f"import IPython.display\n{setup(spec).source}\nnngrade_assignment.show('layer')",
        runs, env)
    print(f"kernel CPU (median of {runs} pairs of fresh interpreters taken in turns, quartiles; load "
          f"{os.getloadavg()[0]:.1f}): import numpy {numpy * 1000:.0f} ms ({low * 1000:.0f}-{high * 1000:.0f}); "
          f"setup cell = numpy + {kernel * 1000:.0f} ms ({kernel_low * 1000:.0f}-{kernel_high * 1000:.0f}; goal <= 50), "
          f"its imports beyond numpy's by -X importtime {imports * 1000:.0f} ms; setup cell and show() with "
          f"IPython loaded, as in a kernel: numpy and IPython + {shown * 1000:.0f} ms "
          f"({shown_low * 1000:.0f}-{shown_high * 1000:.0f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=cores())
    parser.add_argument("--runs", type=int, default=21, help="pairs of fresh interpreters per kernel figure")
    args = parser.parse_args()
    bench_kernel(args.runs)
    bench_build(args.students, args.processes)


if __name__ == "__main__":
    main()
