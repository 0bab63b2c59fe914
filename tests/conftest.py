"""Hypothesis profiles: random exploration on developers' machines, a fixed search under CI.

Under CI (the ``CI`` environment variable is set) examples are derived from each test's name, so
a run on the same code always tries the same cases; locally each run explores new ones. Neither
profile judges speed: no deadline per example and no "generation is slow" health check, which a
loaded machine trips at random.
The suite's timing assertions are budgets that belong to fairness (a hang is stopped, a hostile
submission stays cheap); where the work runs in the test's process or its waited-for children,
``cpu_seconds`` measures it in CPU time, which a loaded machine does not inflate as it does wall time.
The ``without_nbgrader`` fixture gives a subprocess an environment where nbgrader cannot be
imported, so tests can prove what works without the nbgrader extra.
"""
import os
import resource

import pytest
from hypothesis import HealthCheck, settings

UNTIMED = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "print_blob": True}
settings.register_profile("ci", derandomize=True, **UNTIMED)
settings.register_profile("dev", **UNTIMED)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


#: A ``sitecustomize`` that makes nbgrader unimportable, as where the nbgrader extra is not installed.
NBGRADER_BLOCKER = '''
import sys


class _NoNbgrader:
    """Refuses nbgrader and its submodules, as an environment without the extra would."""

    def find_spec(self, name, path=None, target=None):
        if name == "nbgrader" or name.startswith("nbgrader."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, _NoNbgrader())
'''


@pytest.fixture
def without_nbgrader(tmp_path_factory):
    """Environment variables for a subprocess in which ``import nbgrader`` fails."""
    folder = tmp_path_factory.mktemp("no-nbgrader")
    (folder / "sitecustomize.py").write_text(NBGRADER_BLOCKER)
    path = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH", "")]))
    return {**os.environ, "PYTHONPATH": path}


@pytest.fixture
def cpu_seconds():
    """A clock of the CPU seconds used by this process and by the children it has waited for."""
    def used() -> float:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    return used
