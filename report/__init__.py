"""Item analysis of a graded class: what the class got wrong, per exercise, part and variant.

Reads the class results format (one JSON file per student, written by class grading and by the
nbgrader autograde), works out the figures (:mod:`.analysis`) and writes them as an HTML page
with SVG plots, a JSON file and a CSV per part (:mod:`.write`).
"""
