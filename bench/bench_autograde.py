"""nbgrader autograde time: an nngrade assignment against vanilla nbgrader, and a class in parallel.

Builds a throwaway course with two assignments of the same size (``--exercises`` linear-layer
exercises each): ``nn``, built by nngrade (per-student variants, answers recorded in the kernel
and graded outside it), and ``plain``, a hand-written nbgrader notebook whose test cells hold
``numpy.testing.assert_allclose`` against fixed numbers; and a vanilla course (nbgrader as it
ships, no nngrade configuration) with the same ``plain`` notebook, the baseline. Every student
submits right answers.

The runs are taken in turns, ``--repeat`` times (vanilla, nngrade, plain-in-nngrade's-course,
then the next round in the opposite order), so that the machine's load, which other work
changes from one minute to the next, falls on both sides of each ratio. Each ``nbgrader
autograde`` grades the whole class (its 5-6 s of start-up is shared); the per-notebook ratio
nngrade / vanilla is taken within each round, and the median and the range over the rounds are
printed, in wall time and in CPU time. The CPU is that of the run's whole process tree,
sandboxed kernels included, counted by a cgroup of the bench's own (a sandboxed kernel ends
killed inside its own PID namespace, never waited for, so its CPU reaches no process's rusage);
where no cgroup can be made (not root, no CPU accounting) it is the machine's busy CPU from
``/proc/stat``, which includes other processes' work, and the output says which. Also printed:
nbgrader's bare start-up, and ``nngrade course autograde`` with 1 and ``--processes`` processes
(goal: a speed-up >= 1.8), in the same rounds.
Run: ``python bench/bench_autograde.py [--students 12] [--exercises 3] [--processes 2] [--repeat 5]``.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
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


#: cgroup CPU accounting: the hierarchy's mount, the controller's name in /proc/self/cgroup
#: (empty: cgroup v2), the file that counts CPU, and the unit of its figure in seconds.
CGROUP_CPU = (("/sys/fs/cgroup/cpuacct", "cpuacct", "cpuacct.usage", 1e-9),
              ("/sys/fs/cgroup/cpu,cpuacct", "cpuacct", "cpuacct.usage", 1e-9),
              ("/sys/fs/cgroup", "", "cpu.stat", 1e-6))


class TreeCpu:
    """CPU seconds of this process and of every process it starts, however they end: the bench
    moves itself into a cgroup of its own, which counts its descendants' CPU, those that no one
    waits for too, once :meth:`join` has moved it there. Until then, or where that cannot be
    done, the machine's busy CPU instead (``counts`` says which)."""

    def __init__(self):
        self.counts, self._group, self._home, self._file, self._unit = "the machine's busy CPU", None, None, None, 0

    def join(self) -> None:
        """Move this process into a cgroup of its own, where one can be made."""
        for mount, controller, name, unit in CGROUP_CPU:
            home = self._own_group(mount, controller)
            if home is None or not (home / name).is_file():
                continue
            group = home / f"nngrade-bench-{os.getpid()}"
            try:
                group.mkdir()
                (group / "cgroup.procs").write_text(str(os.getpid()))
            except OSError:
                if group.is_dir():
                    group.rmdir()
                continue
            self.counts, self._group, self._home, self._file, self._unit = \
                "CPU of the run's processes (a cgroup)", group, home, group / name, unit
            return

    @staticmethod
    def _own_group(mount: str, controller: str) -> Path | None:
        """This process's cgroup in the hierarchy mounted at ``mount``, or None."""
        with open("/proc/self/cgroup") as groups:
            for line in groups:
                _, controllers, path = line.rstrip("\n").split(":", 2)
                if (controller in controllers.split(",")) if controller else controllers == "":
                    return Path(mount) / path.lstrip("/")
        return None

    def seconds(self) -> float:
        if self._file is None:
            return machine_cpu_seconds()
        text = self._file.read_text()
        if self._file.name == "cpu.stat":
            text = dict(line.split() for line in text.splitlines())["usage_usec"]
        return int(text) * self._unit

    def close(self) -> None:
        """Move back to the cgroup the bench started in, and remove its own."""
        if self._group is not None:
            (self._home / "cgroup.procs").write_text(str(os.getpid()))
            try:
                self._group.rmdir()
            except OSError:  # a process started in it still runs
                pass


CPU = TreeCpu()


def timed(run) -> tuple[float, float]:
    """Wall seconds of ``run()`` and the CPU seconds meanwhile (see :class:`TreeCpu`)."""
    start, cpu = time.perf_counter(), CPU.seconds()
    run()
    return time.perf_counter() - start, CPU.seconds() - cpu


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


def spread(values: list[float]) -> str:
    """The median and the range of ``values``."""
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=12)
    parser.add_argument("--exercises", type=int, default=3)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5, help="rounds of runs taken in turns")
    args = parser.parse_args()
    put_own_tools_first()  # the vanilla course's nbgrader starts alembic by name too
    students = [f"s{index:03d}" for index in range(args.students)]
    CPU.join()
    try:
        with tempfile.TemporaryDirectory() as folder:
            runs = rounds(Path(folder), students, args)
    finally:
        CPU.close()
    count = args.students
    startup = [seconds for seconds, _ in runs["start-up"]]
    print(f"{count} students, {args.exercises} exercises per notebook, {args.repeat} rounds taken in turns; "
          f"load {os.getloadavg()[0]:.1f}; nbgrader start-up {statistics.median(startup):.1f} s; CPU: {CPU.counts}")
    print(f"{'assignment (median of the rounds)':<44}{'wall s':>8}{'CPU s':>8}{'s/notebook':>12}"
          f"{'s/nb less start-up':>20}{'CPU s/nb':>10}")
    for name, key in (("vanilla nbgrader course, plain asserts", "vanilla"),
                      ("nngrade course, plain asserts (sandboxed)", "plain"),
                      ("nngrade course, nngrade assignment", "nn")):
        seconds = statistics.median(wall for wall, _ in runs[key])
        cpu = statistics.median(cpu for _, cpu in runs[key])
        print(f"{name:<44}{seconds:>8.1f}{cpu:>8.1f}{seconds / count:>12.2f}"
              f"{(seconds - statistics.median(startup)) / count:>20.2f}{cpu / count:>10.2f}")
    pairs = list(zip(runs["nn"], runs["vanilla"], startup))
    print("goal nngrade / vanilla per notebook <= 1.1, median (range) of the rounds: "
          f"wall {spread([nn[0] / bare[0] for nn, bare, _ in pairs])}, "
          f"less start-up {spread([(nn[0] - up) / (bare[0] - up) for nn, bare, up in pairs])}, "
          f"CPU {spread([nn[1] / bare[1] for nn, bare, _ in pairs])}")
    print("nngrade / plain asserts in the nngrade course, wall: "
          f"{spread([nn[0] / plain[0] for nn, plain in zip(runs['nn'], runs['plain'])])}")
    for key, label in (("one", "1 process: "), ("many", f"{args.processes} processes:")):
        print(f"class autograde, {label} {statistics.median(wall for wall, _ in runs[key]):.1f} s wall, "
              f"{statistics.median(cpu for _, cpu in runs[key]):.1f} s CPU (medians)")
    print(f"goal class speed-up with {args.processes} processes >= 1.8: "
          f"{spread([one[0] / many[0] for one, many in zip(runs['one'], runs['many'])])}x "
          f"(load {os.getloadavg()[0]:.1f}: other work on the machine lowers it)")


def rounds(root: Path, students: list[str], args) -> dict[str, list[tuple[float, float]]]:
    """Build the courses under ``root`` and time every run ``args.repeat`` times, in turns."""
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
    steps = {"start-up": lambda: nbgrader(course, "--version"),
             "vanilla": lambda: nbgrader(vanilla, "autograde", "plain", "--force"),
             "nn": lambda: nbgrader(course, "autograde", "nn", "--force"),
             "plain": lambda: nbgrader(course, "autograde", "plain", "--force"),
             "one": lambda: timed(lambda: autograde(course, "nn", processes=1, progress=False)),
             "many": lambda: timed(lambda: autograde(course, "nn", processes=args.processes, progress=False))}
    runs = {name: [] for name in steps}
    for number in range(args.repeat):
        for name in (list(steps) if number % 2 == 0 else list(reversed(steps))):
            runs[name].append(steps[name]())
    return runs


if __name__ == "__main__":
    main()
