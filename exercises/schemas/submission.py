"""The schema of a submission's top level: a mapping of part names to answers.

Only the top level is a schema matter: each answer is read by the grader, which gives a wrong,
malformed or hostile answer 0 with a message and grades the other parts as usual.
"""
from __future__ import annotations

from functools import lru_cache

from nngrade.core.schema import Schema
from nngrade.grading.grade import MAX_PARTS

from .problem import DRAFT


@lru_cache(maxsize=1)
def schema() -> dict:
    return {"$schema": DRAFT, "title": "nngrade submission", "type": "object",
            "description": "a mapping of part names to answers, such as {\"z\": [[1], [8]]}",
            "maxProperties": MAX_PARTS}


@lru_cache(maxsize=1)
def checker() -> Schema:
    return Schema(schema())
