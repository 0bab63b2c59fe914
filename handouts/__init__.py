"""Handouts: problem sets built from the catalogue (one problem set per student) and their PDFs.

Shipped problem sets live in ``problemsets/``; rendering comes from :mod:`nngrade.rendering`.
"""
