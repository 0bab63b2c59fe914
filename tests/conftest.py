"""Hypothesis profiles: random exploration on developers' machines, a fixed search under CI.

Under CI (the ``CI`` environment variable is set) examples are derived from each test's name, so
a run on the same code always tries the same cases; locally each run explores new ones.
"""
import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
