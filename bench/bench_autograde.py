"""nbgrader autograde time: an nngrade assignment against plain asserts, and a class in parallel.

Builds a throwaway course with two assignments of the same size (``--exercises`` linear-layer
exercises each): ``nn``, built by nngrade (per-student variants, answers recorded in the kernel
and graded outside it), and ``plain``, a hand-written nbgrader notebook whose test cells hold
``numpy.testing.assert_allclose`` against fixed numbers; and a vanilla course (nbgrader as it
ships, no nngrade configuration) with the same ``plain`` notebook, the baseline. Every student
submits right answers. Prints seconds per notebook for each (one ``nbgrader autograde`` for the
whole class, so the 5-6 s start-up is shared), nbgrader's bare start-up, the ratio to vanilla,
and the wall time of ``nngrade course autograde`` with 1 and ``--processes`` processes, with the
load, and the two goals' ratios (nngrade / vanilla per notebook <= 1.1; the class's speed-up with
``--processes`` >= 1.8). Beside each wall time it prints the machine's busy CPU seconds over the
run (from ``/proc/stat``): a sandboxed kernel's CPU reaches no process's rusage (see ``main``),
and on a shared machine the figure includes the other processes' work, which the load shows.
Run: ``python bench/bench_autograde.py [--students 12] [--exercises 3] [--processes 2] [--repeat 2]``.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from nngrade.core.own_tools import put_own_tools_first
from nngrade.course.assignment import build, stored_spec
from nngrade.course.class_autograde import autograde

NBGRADER = (sys.executable, "-m", "nbgrader")


def machine_cpu_seconds() -> float:
    """CPU seconds every core of the machine has spent busy (not idle, not waiting on I/O)."""
    with open("/proc/stat") as stat:
        ticks = [int(field) for field in stat.readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def timed(run) -> tuple[float, float]:
    """Wall seconds of ``run()`` and the machine's busy CPU seconds meanwhile."""
    start, cpu = time.perf_counter(), machine_cpu_seconds()
    run()
    return time.perf_counter() - start, machine_cpu_seconds() - cpu


def nbgrader(course: Path, *args: str) -> tuple[float, float]:
    return timed(lambda: subprocess.run([*NBGRADER, *args], cwd=course, check=True, capture_output=True))


def meta(grade_id, *, locked, solution=False, points=None):
    data = {"grade": points is not None, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        data["points"] = points
    return {"nbgrader": data}


def plain_notebook(exercises: int) -> nbformat.NotebookNode:
    """A hand-written nbgrader notebook: the same numbers for all, asserts in the test cells."""
    cells = [new_code_cell("import numpy as np\nimport numpy.testing as npt", metadata=meta("setup", locked=True))]
    for index in range(exercises):
        cells += [
            new_markdown_cell(f"Compute z = X W + b for X = [[1, 2], [3, {index}]], W = [[2], [-1]], b = [1].",
                              metadata=meta(f"e{index}-statement", locked=True)),
            new_code_cell(f"### BEGIN SOLUTION\nanswer_{index} = np.array([[1], [{7 - index}]])\n### END SOLUTION",
                          metadata=meta(f"e{index}-answer", locked=False, solution=True)),
            new_code_cell(f"assert np.shape(answer_{index}) == (2, 1)\n### BEGIN HIDDEN TESTS\n"
                          f"npt.assert_allclose(answer_{index}, [[1], [{7 - index}]], rtol=5e-3)\n"
                          "### END HIDDEN TESTS", metadata=meta(f"e{index}-test", locked=True, points=1)),
        ]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return nb


def submit_plain(course: Path, students: list[str], exercises: int) -> None:
    release = nbformat.read(str(course / "release" / "plain" / "plain.ipynb"), as_version=4)
    for cell in release.cells:
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        if grade_id.endswith("-answer"):
            index = int(grade_id[1:].split("-")[0])
            cell.source = f"answer_{index} = np.array([[1], [{7 - index}]])"
    for student in students:
        path = course / "submitted" / student / "plain" / "plain.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(release, str(path))


def submit_nn(course: Path, students: list[str]) -> None:
    spec = stored_spec(course, "nn")
    for student in students:
        nb = nbformat.read(str(course / "release" / "nn" / "nn.ipynb"), as_version=4)
        for cell in nb.cells:
            grade_id = cell.metadata["nbgrader"]["grade_id"]
            if grade_id.endswith("-answer"):
                exercise = grade_id[: -len("-answer")]
                expected = spec.answer_key(exercise, spec.variant(exercise, student)).expected
                cell.source = f"answer_{exercise} = {json.dumps(expected)}"
        path = course / "submitted" / student / "nn" / "nn.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, str(path))


def vanilla_course(course: Path, exercises: int, students: list[str]) -> Path:
    """A course with no nngrade configuration at all: nbgrader as it ships, the plain notebook."""
    (course / "source" / "plain").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text("c = get_config()\nc.CourseDirectory.course_id = 'vanilla'\n")
    nbformat.write(plain_notebook(exercises), str(course / "source" / "plain" / "plain.ipynb"))
    nbgrader(course, "generate_assignment", "plain")
    submit_plain(course, students, exercises)
    return course


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=12)
    parser.add_argument("--exercises", type=int, default=3)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the fastest is shown")
    args = parser.parse_args()
    put_own_tools_first()  # the vanilla course's nbgrader starts alembic by name too
    students = [f"s{index:03d}" for index in range(args.students)]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        entries = "\n".join(f"  - {{id: e{i}, kind: linear_layer, points: 1}}" for i in range(args.exercises))
        (root / "nn.yaml").write_text(f"assignment: nn\nexercises:\n{entries}\n")
        course = root / "course"
        build(root / "nn.yaml", course, course_id="bench")
        (course / "source" / "plain").mkdir(parents=True)
        nbformat.write(plain_notebook(args.exercises), str(course / "source" / "plain" / "plain.ipynb"))
        nbgrader(course, "generate_assignment", "nn")
        nbgrader(course, "generate_assignment", "plain")
        submit_nn(course, students)
        submit_plain(course, students, args.exercises)
        vanilla = vanilla_course(root / "vanilla", args.exercises, students)
        startup, bare, plain, nn, one, many = [], [], [], [], [], []
        for _ in range(args.repeat):  # alternate, keep the best of each: the machine is shared
            startup.append(nbgrader(course, "--version"))
            bare.append(nbgrader(vanilla, "autograde", "plain", "--force"))
            plain.append(nbgrader(course, "autograde", "plain", "--force"))
            nn.append(nbgrader(course, "autograde", "nn", "--force"))
            one.append(timed(lambda: autograde(course, "nn", processes=1, progress=False)))
            many.append(timed(lambda: autograde(course, "nn", processes=args.processes, progress=False)))
        startup, bare, plain, nn, one, many = (min(times) for times in (startup, bare, plain, nn, one, many))
    count = args.students
    # A sandboxed kernel ends killed inside its own PID namespace, never waited for, so its CPU
    # time reaches no one's rusage: the CPU column is the whole machine's, busy with anything.
    print(f"{count} students, {args.exercises} exercises per notebook; load {os.getloadavg()[0]:.1f}; "
          f"nbgrader start-up {startup[0]:.1f} s")
    print(f"{'assignment':<44}{'wall s':>8}{'CPU s':>8}{'s/notebook':>12}{'s/nb less start-up':>20}")
    for name, (seconds, cpu) in (("vanilla nbgrader course, plain asserts", bare),
                                 ("nngrade course, plain asserts (sandboxed)", plain),
                                 ("nngrade course, nngrade assignment", nn)):
        print(f"{name:<44}{seconds:>8.1f}{cpu:>8.1f}{seconds / count:>12.2f}{(seconds - startup[0]) / count:>20.2f}")
    print(f"nngrade / plain asserts in the nngrade course (less start-up): "
          f"{(nn[0] - startup[0]) / (plain[0] - startup[0]):.2f}")
    print(f"class autograde, 1 process:  {one[0]:.1f} s wall, {one[1]:.1f} s machine CPU")
    print(f"class autograde, {args.processes} processes: {many[0]:.1f} s wall, {many[1]:.1f} s machine CPU")
    print(f"goal nngrade / vanilla per notebook <= 1.1: {nn[0] / bare[0]:.2f} "
          f"({(nn[0] - startup[0]) / (bare[0] - startup[0]):.2f} less start-up)")
    print(f"goal class speed-up with {args.processes} processes >= 1.8: {one[0] / many[0]:.2f}x "
          f"(load {os.getloadavg()[0]:.1f}: other work on the machine lowers it)")


if __name__ == "__main__":
    main()
