"""``nngrade report`` at class scale: a simulated class of the seed lab (21 problems), reported.

The class is simulated and graded for real first (``nngrade.simulated_class``; not timed as the
report); then the report runs as the installed command does, in a fresh process, reading every
student's results and submissions and writing the page, the JSON and the CSV files.
Run: ``python bench/bench_report.py [--students 1000] [--variants 4]``.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nngrade.simulated_class import Plan, simulate


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--variants", type=int, default=4, help="variants per drawn problem")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="nngrade-bench-report-"))
    try:
        start = time.perf_counter()
        simulate(folder, args.students, variants=args.variants, plan=Plan(unfair_problem="21-backprop"))
        simulated = time.perf_counter() - start
        files = sorted((folder / "results").glob("*.json"))
        size = sum(path.stat().st_size for path in files) + sum(p.stat().st_size for p in (folder / "submissions").glob("*"))
        print(f"simulated and graded {args.students} students x 21 problems in {simulated:.1f} s "
              f"({size / 1e6:.1f} MB of results and submissions)")

        command = [sys.executable, "-m", "nngrade", "report", str(folder / "results"),
                   "--submissions", str(folder / "submissions"), "--out", str(folder / "report")]
        for processes in (1, 2):
            before, start = _children_cpu(), time.perf_counter()
            run = subprocess.run([*command, "--processes", str(processes)], capture_output=True, text=True)
            wall, cpu = time.perf_counter() - start, _children_cpu() - before
            if run.returncode:
                sys.exit(run.stderr)
            parts = len(list((folder / "report" / "parts").glob("*.csv")))
            print(f"nngrade report --processes {processes}: {wall:.2f} s wall, {cpu:.2f} s CPU, start to end of "
                  f"the command ({parts} parts, {(folder / 'report' / 'report.html').stat().st_size / 1e6:.2f} MB page; "
                  f"load average {os.getloadavg()[0]:.1f})")
        print(run.stdout.strip())

        from nngrade.report.analysis import analyse
        from nngrade.report.results import read_class
        from nngrade.report.write import write_report

        start = time.process_time()
        loaded = read_class(folder / "results", folder / "submissions", processes=1)
        read = time.process_time()
        analyse(loaded)
        figures = time.process_time()
        write_report(loaded, folder / "again", processes=1)
        print(f"CPU in one process, imports done: reading {read - start:.2f} s, figures {figures - read:.2f} s, "
              f"figures again with plots, page and files {time.process_time() - figures:.2f} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
