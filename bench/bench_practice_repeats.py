"""How often a practice draw repeats an assessed problem, per exercise kind and difficulty.

Draws ``--count`` variants from practice seeds and as many from assessed (keyed per-student)
seeds, and counts the pairs whose numbers are the same problem. ``q`` is the chance that one
practice draw is one given student's assessed variant (matching pairs / count**2), so a
practice draw repeats one of a class of S students' variants with chance about 1 - (1 - q)**S.
With no matching pair, q is below about 3 / count**2 (95 %). Also printed: how many distinct
problems each sample holds. Run: ``python bench/bench_practice_repeats.py --count 400``; with
``--kinds activation --knob function=sigmoid`` for a knob an assignment fixes.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter

from nngrade.exercises import problems, registry
from nngrade.exercises.exercise import DIFFICULTIES
from nngrade.generators.seeds import student_seed
from nngrade.practice.seeds import practice_seed

CLASS_SIZE = 100


def fingerprint(exercise, problem) -> str:
    return json.dumps(exercise.params.write(problem.params), sort_keys=True, default=str)


def repeats(kind: str, difficulty: str, count: int, knobs: dict | None = None) -> dict:
    exercise = registry.get(kind)
    knobs = {**(knobs or {}), "difficulty": difficulty}
    practised = Counter(fingerprint(exercise, problems.draw(exercise, practice_seed(index), **knobs))
                        for index in range(count))
    assessed = Counter(fingerprint(exercise, problems.draw(exercise, student_seed("bench", "hw", kind, f"s{index}"),
                                                           **knobs))
                       for index in range(count))
    pairs = sum(number * assessed[key] for key, number in practised.items())
    q = pairs / count**2
    return {"kind": kind, "difficulty": difficulty, "pairs": pairs, "q": q, "bound": 3 / count**2,
            "class": 1 - (1 - q) ** CLASS_SIZE, "distinct": len(practised)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=150, help="variants per sample (the README used 400)")
    parser.add_argument("--kinds", nargs="*", default=registry.kinds())
    parser.add_argument("--knob", action="append", default=[], metavar="NAME=VALUE",
                        help="a knob fixed in both samples, as an assignment fixes it (repeatable)")
    args = parser.parse_args()
    knobs = dict(item.split("=", 1) for item in args.knob)
    print(f"{'kind':<24} {'difficulty':<8} {'distinct':>8} {'pairs':>6} {'q':>10} {f'class of {CLASS_SIZE}':>12}")
    for kind in args.kinds:
        for difficulty in DIFFICULTIES:
            row = repeats(kind, difficulty, args.count, knobs)
            q = f"{row['q']:.2e}" if row["pairs"] else f"<{row['bound']:.0e}"
            share = f"{row['class']:.1%}" if row["pairs"] else "-"
            print(f"{kind:<24} {difficulty:<8} {row['distinct']:>8} {row['pairs']:>6} {q:>10} {share:>12}", flush=True)


if __name__ == "__main__":
    main()
