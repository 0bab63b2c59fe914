"""The bottom layer: exact numbers, problems and their parameters, shared by every other layer.

Nothing here imports sympy: problems are built, read and written with ``fractions.Fraction`` so
that generating and grading stay fast and can run inside a student's kernel.
"""
