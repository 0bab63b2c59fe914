"""Grading throughput: answer parts graded per second, for ordinary and for hostile submissions.

For every registered kind, one drawn problem and its answer key (built once, as a grader does
for a class); then submissions are graded in a loop: the right answers, each misconception, and
hostile answers (objects whose ``==`` is always true, NaN, a 10 MB string, a 10,000-deep list,
a 10^6-element list, bytes...). Prints parts per second for each group, the slowest single
hostile part in milliseconds (the issue's bound is 50 ms), and the time to build a key.
Run: ``python bench/bench_grading.py [--seconds 1.0]``.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from nngrade.exercises import problems, registry
from nngrade.exercises.keys import answer_key, expected_values
from nngrade.grading.grade import grade


class AlwaysEqual:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


def deep(depth: int):
    value: list = [1.0]
    for _ in range(depth):
        value = [value]
    return value


HOSTILE = [AlwaysEqual(), float("nan"), "nan", "1" * 10_000_000, deep(10_000), [0.0] * 1_000_000, b"1",
           None, {"a": 1}, 1 + 2j, True, "__import__('os').system('true')", np.full(3, np.inf)]


def submissions(key, right):
    ordinary = [dict(right)] + [{**right, **wrong.values} for wrong in key.misconceptions]
    hostile = [{part: value for part in right} for value in HOSTILE]
    return ordinary, hostile


def rate(key, batch, seconds: float) -> tuple[float, float]:
    """Parts per second over ``batch`` repeated for about ``seconds``, and the slowest part (s)."""
    parts, elapsed, slowest = 0, 0.0, 0.0
    while elapsed < seconds:
        for submission in batch:
            start = time.perf_counter()
            result = grade(key, submission)
            took = time.perf_counter() - start
            elapsed += took
            parts += len(result.parts)
            slowest = max(slowest, took / max(len(result.parts), 1))
    return parts / elapsed, slowest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="time spent per kind and group")
    args = parser.parse_args()
    print(f"{'kind':<24}{'key ms':>8}{'ordinary parts/s':>18}{'hostile parts/s':>17}{'worst hostile ms':>18}")
    totals = {"ordinary": [], "hostile": []}
    for kind in registry.kinds():
        exercise = registry.get(kind)
        problem = problems.draw(exercise, 1)
        start = time.perf_counter()
        key = answer_key(exercise, problem)
        key_ms = (time.perf_counter() - start) * 1000
        right = expected_values(exercise, problem.params)
        ordinary, hostile = submissions(key, right)
        for submission in ordinary[:1] + hostile:  # warm up lazy imports and first-use paths
            grade(key, submission)
        ordinary_rate, _ = rate(key, ordinary, args.seconds)
        hostile_rate, worst = rate(key, hostile, args.seconds)
        totals["ordinary"].append(ordinary_rate)
        totals["hostile"].append(hostile_rate)
        print(f"{kind:<24}{key_ms:>8.1f}{ordinary_rate:>18,.0f}{hostile_rate:>17,.0f}{worst * 1000:>18.2f}")
    for group, rates in totals.items():
        print(f"{group}: median {np.median(rates):,.0f} parts/s over {len(rates)} kinds")


if __name__ == "__main__":
    main()
