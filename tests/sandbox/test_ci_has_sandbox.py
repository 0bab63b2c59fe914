"""Under CI the sandbox must work: the tests that need bubblewrap skip elsewhere, never in CI.

A CI machine without bubblewrap would otherwise pass every attack test by skipping it.
"""
import os

import pytest

from nngrade.sandbox import availability


@pytest.mark.skipif(not os.environ.get("CI"), reason="only CI promises bubblewrap (.ci/run installs it)")
def test_the_sandbox_works_under_ci():
    found = availability()
    assert found.ok, found.reason
