"""JSON Schemas of the files nngrade reads, one module per file type, built from the registry.

- :mod:`.problem`: a problem (``kind``, ``params``, and how it was drawn);
- :mod:`.problemset`: a problem set (``handouts/problemsets/*.yaml``);
- :mod:`.assignment`: an assignment file (``course/assignments/*.yaml``) and the stored form
  the course keeps in ``nngrade/<assignment>.json``;
- :mod:`.submission`: a submission's top level (part names to answers).

Kinds, params, knobs, answer parts and per-part settings come from the registry and from
:class:`~nngrade.grading.spec.AnswerSpec`, so a new kind or a new setting is picked up with no
change here. Each module's ``schema()`` is the plain JSON Schema (``nngrade schema NAME`` prints
it for editors) and ``checker()`` the compiled :class:`~nngrade.core.schema.Schema`.
"""
from __future__ import annotations

from . import assignment, problem, problemset, submission

#: The schemas by file type, as ``nngrade schema`` names them.
SCHEMAS = {"problem": problem, "problemset": problemset, "assignment": assignment,
           "stored-assignment": assignment, "submission": submission}


def schema(name: str) -> dict:
    """The JSON Schema of a file type (see :data:`SCHEMAS`)."""
    if name == "stored-assignment":
        return assignment.schema(stored=True)
    return SCHEMAS[name].schema()
