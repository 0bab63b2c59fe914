"""Grading: compare a student's submission with an answer key, part by part.

Grading is an ordered list of small steps over plain data (parse, shape check, compare,
diagnose, follow-through, result), each in its own module. Nothing here imports sympy unless a
part asks for symbolic comparison, so a test cell in a student's kernel stays fast.
"""
