"""Per-student seeds from a keyed hash of (course secret, assignment, exercise, student).

Students who do not know the secret cannot re-create one another's variants; the instructor,
who does, can re-create any of them. HMAC-SHA256 is used because it is stable across machines
and Python versions and is built for exactly this keyed use.
"""
from __future__ import annotations

import hashlib
import hmac

#: Seeds are taken from the first 8 bytes of the digest, as a non-negative integer below 2**63.
SEED_BITS = 63


def student_seed(secret: str, assignment: str, exercise: str, student: str) -> int:
    """The seed of ``student``'s variant of ``exercise`` in ``assignment``."""
    for name, value in (("secret", secret), ("assignment", assignment), ("exercise", exercise), ("student", student)):
        if not isinstance(value, str) or not value:
            raise ValueError(f"{name} must be a non-empty string")
    message = "\x1f".join((assignment, exercise, student)).encode("utf-8")
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") >> (64 - SEED_BITS)
