"""Rendering: a problem and its solution as text, LaTeX, HTML with MathML, and Markdown.

Reads the catalogue (:mod:`nngrade.exercises`) and its kinds' Jinja templates (``templates/``);
problem sets, handouts, class grading and the course are built on top of it.
"""
