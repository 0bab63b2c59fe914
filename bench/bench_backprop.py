"""A class set of backprop variants on a 3-2-1 sigmoid network: how fast they are drawn and solved exactly.

Each variant is a fresh draw of X (one row of three inputs), integer weights and biases, a target
and a learning rate for a network with two sigmoid hidden units and a sigmoid output (mse), solved
by the exact engine with every worked step. The NumPy twin is timed on the same variants for the
ratio. A second figure goes through the whole catalogue pipeline (``problems.draw``, which also
rejects variants where misconceptions would be ambiguous) at medium difficulty.
Run: ``python bench/bench_backprop.py [--count 1000]``.
"""
from __future__ import annotations

import argparse
import random
import time
from fractions import Fraction

from nngrade.exercises import problems, registry
from nngrade.generators import draw, network
from nngrade.solvers import backprop


def variant(rng: random.Random) -> dict:
    """One 3-2-1 sigmoid network with an mse target."""
    def candidate(r):
        layers = network.layers(r, [3, 2, 1], ["sigmoid", "sigmoid"], 2, False)
        return network.entries(r, 1, 3, 2, False), layers

    X, layers = draw.redraw(rng, candidate, lambda c: network.well_posed(*c), "network")
    return {"X": X, "y": [[Fraction(draw.integer(rng, 0, 1))]], "layers": layers, "loss": "mse",
            "learning_rate": draw.pick(rng, [Fraction(1, 10), Fraction(1, 2)]), "update_biases": True}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    count = parser.parse_args().count

    start, cpu_start = time.perf_counter(), time.process_time()
    variants = [variant(random.Random(seed)) for seed in range(count)]
    drawn = time.perf_counter()
    for params in variants:
        backprop.solve(params)
    solved, cpu = time.perf_counter(), time.process_time() - cpu_start
    for params in variants:
        backprop.solve_numeric(params)
    twin = time.perf_counter()

    exact_seconds = solved - start
    print(f"3-2-1 sigmoid class set of {count}: generate {drawn - start:.2f} s, exact solve {solved - drawn:.2f} s, "
          f"total {exact_seconds:.2f} s = {count / exact_seconds:.0f} variants/s "
          f"(CPU time {cpu:.2f} s = {count / cpu:.0f} variants/s; wall time grows when the machine is shared)")
    print(f"NumPy twin: {twin - solved:.3f} s = {count / (twin - solved):.0f} variants/s; "
          f"exact/twin time ratio {(solved - drawn) / (twin - solved):.0f}x")

    exercise = registry.get("backprop")
    sample = max(count // 10, 1)
    start = time.perf_counter()
    for seed in range(sample):
        exercise.solve(problems.draw(exercise, seed, difficulty="medium").params)
    pipeline = time.perf_counter() - start
    print(f"catalogue pipeline (draw with misconception checks + exact solve, medium), {sample} variants: "
          f"{pipeline:.2f} s = {sample / pipeline:.0f} variants/s")


if __name__ == "__main__":
    main()
