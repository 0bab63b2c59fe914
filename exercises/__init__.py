"""The catalogue of exercise kinds, and what binds generator, solver, grader and templates.

A new exercise kind is one module in :mod:`.catalogue` that defines ``EXERCISE`` (an
:class:`~.exercise.Exercise`), its two templates in ``templates/``, and one function each in
``generators/`` and ``solvers/``. The registry finds it; the shared tests cover it.
"""
