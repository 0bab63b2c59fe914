"""Throughput of the pipeline per exercise kind: draw, exact solve, NumPy twin, answer key, grading.

Prints problems per second for generation+exact solve and for the twin, their ratio, and parts
graded per second for ordinary (right) submissions. Run: ``python bench/bench_throughput.py``.
"""
from __future__ import annotations

import argparse
import time

from nngrade.exercises import problems, registry
from nngrade.exercises.keys import answer_key
from nngrade.grading.grade import grade
from nngrade.rendering import render


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def bench_kind(kind: str, count: int) -> dict:
    exercise = registry.get(kind)
    start = time.perf_counter()
    drawn = [problems.draw(exercise, seed) for seed in range(count)]
    drawn_at = time.perf_counter()
    solutions = [exercise.solve(p.params) for p in drawn]
    solved_at = time.perf_counter()
    for p in drawn:
        exercise.solve_numeric(p.params)
    twin_at = time.perf_counter()
    keys = [answer_key(exercise, p) for p in drawn]
    keyed_at = time.perf_counter()
    submissions = [
        {part: answer["value"] for part, answer in render.solution_json(p, s)["answers"].items()}
        for p, s in zip(drawn, solutions)
    ]
    graded_at = time.perf_counter()
    parts = 0
    for key, submission in zip(keys, submissions):
        parts += len(grade(key, submission).parts)
    done = time.perf_counter()
    return {
        "kind": kind,
        "draw/s": rate(count, drawn_at - start),
        "exact/s": rate(count, solved_at - drawn_at),
        "twin/s": rate(count, twin_at - solved_at),
        "twin/exact": (solved_at - drawn_at) / max(twin_at - solved_at, 1e-9),
        "keys/s": rate(count, keyed_at - twin_at),
        "parts/s": rate(parts, done - graded_at),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=200, help="problems per kind")
    parser.add_argument("kinds", nargs="*", help="kinds to measure (default: all)")
    args = parser.parse_args()
    columns = ("draw/s", "exact/s", "twin/s", "twin/exact", "keys/s", "parts/s")
    print(f"{'kind':<24}" + "".join(f"{c:>12}" for c in columns))
    for kind in args.kinds or registry.kinds():
        row = bench_kind(kind, args.count)
        print(f"{kind:<24}" + "".join(f"{row[c]:>12.1f}" for c in columns), flush=True)


if __name__ == "__main__":
    main()
