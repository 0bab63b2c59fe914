"""The nbgrader course: assignments built into notebooks, autograding in the sandbox, and feedback.

Shipped assignments live in ``assignments/``; it builds on handouts, rendering and class grading.
"""
