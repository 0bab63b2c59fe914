"""Hypothesis profiles: random exploration on developers' machines, a fixed search under CI.

Under CI (the ``CI`` environment variable is set) examples are derived from each test's name, so
a run on the same code always tries the same cases; locally each run explores new ones. Neither
profile judges speed (the suite has no timing assertions): no deadline per example and no
"generation is slow" health check, which a loaded machine trips at random.
"""
import os

from hypothesis import HealthCheck, settings

UNTIMED = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "print_blob": True}
settings.register_profile("ci", derandomize=True, **UNTIMED)
settings.register_profile("dev", **UNTIMED)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
