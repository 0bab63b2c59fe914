"""Seeded generators of exercise parameters with numbers a person can work by hand.

A generator is a plain function ``(rng: random.Random, **knobs) -> params`` returning canonical
exact params (ints and Fractions). All draws go through :mod:`.draw`, which uses only
``Random.random()`` (the one method whose stream Python promises across versions), so the same
seed gives the same problem on every machine and every supported Python.
"""
