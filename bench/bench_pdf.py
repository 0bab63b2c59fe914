"""The PDF step of ``nngrade build`` at class scale: the seed lab's handouts and answer keys for a roster.

The ``.tex`` files are built first (not timed: that is the build's own step), then the PDF step
is timed alone: every student's handout and answer key, and the two class PDFs. It prints the
wall time (the goal: 60 s for 1000 students), the CPU time of pdflatex and of this process,
the load average while it ran, the pages made and the pages per second.
Run: ``python bench/bench_pdf.py [--students 1000] [--workers N]``.
"""
from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from nngrade.handouts import pdf, problemset


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=None, help="pdflatex runs at once (default: all cores)")
    arguments = parser.parse_args()
    roster = [f"student{number:04d}" for number in range(arguments.students)]
    with tempfile.TemporaryDirectory(prefix="nngrade-bench-pdf-") as scratch:
        out = Path(scratch)
        folders = problemset.build(problemset.load("seed-lab"), out, students=roster, secret="bench",
                                   assignment="seed-lab")
        start, cpu, child = time.perf_counter(), time.process_time(), children_cpu()
        combined = pdf.typeset_build(out, folders, per_student=True, workers=arguments.workers)
        wall = time.perf_counter() - start
        cpu, child = time.process_time() - cpu, children_cpu() - child
        import pikepdf

        pages = sum(len(pikepdf.open(path).pages) for path in combined)
        size = sum(path.stat().st_size for path in out.rglob("*.pdf"))
    print(f"PDFs for {len(roster)} students (seed lab, {pages} pages: handouts and answer keys, "
          f"each in its own file and in the class PDFs, {size / 1e6:.0f} MB in all)")
    print(f"  wall {wall:.1f} s ({pages / wall:.0f} pages/s, {1000 * wall / len(roster):.0f} ms a student); "
          f"CPU: pdflatex {child:.1f} s, splitting and joining {cpu:.1f} s, {child + cpu:.1f} s in all; "
          f"load average {os.getloadavg()[1]:.1f} over the last 5 minutes")


if __name__ == "__main__":
    main()
