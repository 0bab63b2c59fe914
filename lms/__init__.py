"""Exports to the quiz systems courses already run: Moodle XML and Canvas QTI 1.2.

Every exercise of a problem set or an assignment file becomes a group of N variants, each
graded by the LMS as nngrade grades it: an answer box per entry with the interval nngrade
accepts there, the named misconceptions as wrong answers with nngrade's diagnosis, and the
variant's worked solution as feedback (:mod:`.gaps`, :mod:`.variants`, :mod:`.moodle`,
:mod:`.canvas`). What an LMS cannot grade as nngrade does is left out or refused, with a
warning, never exported silently.
"""
