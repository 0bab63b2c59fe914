"""Grading a class end to end: ``nngrade grade`` of a folder of submissions, in parts per second.

Writes a built class as ``nngrade build --students`` lays it out (only the problem files: the
handouts do not matter to grading; each student's fixed examples are hard links to one file in
``shared/problems/``, as the build writes them) for ``--students`` students of the seed lab (21
problems each), and a folder of their submissions: per problem, right answers rounded by hand to 3
significant figures (70%), a named misconception's values (20%), nothing (5%) or junk (5%).
Then times, over the same files:

- before: one ``nngrade.grade(problem, answers)`` call per problem file, one process (what a
  script had to do before; measured on ``--sample`` students and given per part);
- after: the command ``nngrade grade BUILT SUBMISSIONS --out ...`` from a cold start (a fresh
  interpreter: reading, keys, grading, writing every student's results and scores.csv) with 1
  process and with ``--processes``.

Each figure is printed with its wall and CPU seconds (user + system, the workers' included) and
the load average, since wall times on a shared machine say little alone.

Run: ``python bench/bench_class_grading.py [--students 1000] [--processes 2] [--sample 20]``.
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nngrade import api
from nngrade.core.problem import dumps_json, read_data_file
from nngrade.core.run_many import run_many
from nngrade.exercises import problems, registry
from nngrade.handouts import problemset
from nngrade.exercises.keys import expected_values, plain, rounded_nested

SECRET = "bench-secret"
#: The issue's goal for a class, end to end (cold start of the command to the last file written).
GOAL = 50_000


@functools.lru_cache(maxsize=1)
def seed_lab():
    return problemset.load("seed-lab")


def write_student(task) -> None:
    """One student's problem files and submission (picklable, for the pool)."""
    root, student, index = task
    items = problemset.instantiate(seed_lab(), 0, student, SECRET, "seed-lab")
    rng = random.Random(index)
    folder, answers = root / "built" / "students" / student / "problems", root / "submissions" / student
    folder.mkdir(parents=True)
    answers.mkdir(parents=True)
    for number, problem in enumerate(items, 1):
        stem = problemset.problem_id(number, problem)
        text = dumps_json(problems.write(problem)) + "\n"
        if problem.seed is None:  # a fixed example: one shared file, hard-linked from every student's folder
            shared = root / "built" / "shared" / "problems" / f"{stem}.json"
            _write_shared(shared, text)
            os.link(shared, folder / f"{stem}.json")
        else:
            (folder / f"{stem}.json").write_text(text)
        submission = answer(problem, rng)
        if submission is not None:
            (answers / f"{stem}.json").write_text(json.dumps(submission))


def _write_shared(path: Path, text: str) -> None:
    """A shared file, written whole under a name of this process's own and linked into place
    only where no other pool worker got there first (same text). It is never renamed over: a
    rename would drop a file that another worker has looked up to link and not linked yet, and
    its link would fail (ENOENT, a file with no names left)."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(text)
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)


_fixed_answers: dict[str, dict] = {}


def right_answers(problem) -> dict:
    """The expected values, worked out once per fixed example (they are the same for everyone)."""
    if problem.seed is not None:
        return expected_values(registry.get(problem.kind), problem.params)
    text = json.dumps(problems.write(problem), sort_keys=True, default=str)
    if text not in _fixed_answers:
        _fixed_answers[text] = expected_values(registry.get(problem.kind), problem.params)
    return _fixed_answers[text]


def answer(problem, rng: random.Random):
    exercise = registry.get(problem.kind)
    expected = right_answers(problem)
    draw = rng.random()
    if draw < 0.05:
        return None
    if draw < 0.10:
        return {part: "junk" for part in expected}
    if draw < 0.30 and exercise.misconceptions:
        wrong = exercise.solve_numeric(problem.params, mistake=rng.choice(exercise.misconceptions).switch) or {}
        return {**expected, **{part: plain(value) for part, value in wrong.items() if value is not None}}
    return {part: _rounded(value) for part, value in expected.items()}


def _rounded(value):
    """A numeric answer as a person writes it, to 3 significant figures (text and labels as they are)."""
    if _numbers_only(value):
        return plain(rounded_nested(value, 3, "up"))
    return value


def _numbers_only(value) -> bool:
    if isinstance(value, list):
        return all(_numbers_only(item) for item in value)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def cpu_seconds() -> float:
    """User + system CPU of this process and of its finished children (the pool's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(run, *args) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and parts of ``run(*args)``."""
    cpu, start = cpu_seconds(), time.perf_counter()
    parts = run(*args)
    return time.perf_counter() - start, cpu_seconds() - cpu, parts


def before(root: Path, students: list[str]) -> int:
    parts = 0
    for student in students:
        for path in sorted((root / "built" / "students" / student / "problems").glob("*.json")):
            submitted = root / "submissions" / student / path.name
            answers = read_data_file(submitted) if submitted.exists() else {}
            parts += len(api.grade(str(path), answers).parts)
    return parts


def after(root: Path, processes: int, name: str) -> int:
    """The command itself, from a cold start (a fresh interpreter, nothing imported or cached)."""
    command = [sys.executable, "-m", "nngrade", "grade", str(root / "built"), str(root / "submissions"),
               "--out", str(root / name), "--processes", str(processes), "--assignment", "seed-lab"]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return int(re.search(r"problems, (\d+) parts", done.stdout).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--sample", type=int, default=20, help="students graded the old way")
    args = parser.parse_args()
    names = [f"s{index:04d}" for index in range(args.students)]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        start = time.perf_counter()
        run_many(write_student, [(root, name, index) for index, name in enumerate(names)], progress=False)
        print(f"{args.students} students x 21 problems written in {time.perf_counter() - start:.1f} s")
        old_seconds, old_cpu, old_parts = timed(before, root, names[: args.sample])
        one_seconds, one_cpu, parts = timed(after, root, 1, "results-1")
        many_seconds, many_cpu, _ = timed(after, root, args.processes, "results-n")
    old_rate = old_parts / old_seconds
    print(f"before: nngrade.grade() per problem, 1 process: {old_rate:,.0f} parts/s "
          f"({args.sample} students, {old_parts:,} parts in {old_seconds:.1f} s wall, {old_cpu:.1f} s CPU: "
          f"{old_parts / old_cpu:,.0f} parts per CPU second)")
    for label, seconds, cpu in (("1 process", one_seconds, one_cpu), (f"{args.processes} processes", many_seconds, many_cpu)):
        print(f"after:  nngrade grade FOLDER, {label}: {parts / seconds:,.0f} parts/s end to end ({parts:,} parts in "
              f"{seconds:.1f} s wall, {cpu:.1f} s CPU: {parts / cpu:,.0f} parts per CPU second); "
              f"{parts / seconds / old_rate:.0f}x before (CPU: {parts / cpu / (old_parts / old_cpu):.0f}x)")
    best = parts / min(one_seconds, many_seconds)
    print(f"goal: {GOAL:,} parts/s end to end; best here {best:,.0f} parts/s ({best / GOAL:.0%} of it), "
          f"{parts / one_cpu:,.0f} parts per CPU second with 1 process")
    print(f"load average: {' '.join(f'{value:.1f}' for value in os.getloadavg())}")


if __name__ == "__main__":
    main()
