"""Exact solvers with worked derivations, and their NumPy twins.

Each exercise kind has a module here with two functions:

* ``solve(params) -> Solution``: exact answers (sympy) and the worked steps in LaTeX;
* ``solve_numeric(params, rnd=None) -> dict``: the same answers in float64 with NumPy, used as
  a cross-check, for speed, and (with ``rnd`` rounding every intermediate value) to measure how
  far an answer worked by hand with rounding may drift.

sympy is imported inside ``solve`` only, so the NumPy path never loads it.
"""
