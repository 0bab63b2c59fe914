"""Confinement for untrusted student code (bubblewrap plus resource limits).

`run_confined` runs a command and returns its bounded output; `confined_command` gives the
wrapped argv for callers that start the process themselves (a Jupyter kernel). `use_sandbox`
is the one policy every caller applies: confined by default, a loud refusal when the sandbox
cannot work here, and an explicit, warned opt-out with NNGRADE_SANDBOX=off.
"""
from __future__ import annotations

import os
import sys

from nngrade.sandbox.confine import (Availability, Confined, SandboxUnavailable, availability,
                                     confined_command, run_confined)
from nngrade.sandbox.limits import Limits

SWITCH = "NNGRADE_SANDBOX"
UNCONFINED_WARNING = ("NNGRADE_SANDBOX=off: student code runs unconfined, with your user's "
                      "rights; these results are NOT tamper-proof")


def switched_off() -> bool:
    return os.environ.get(SWITCH, "").strip().lower() == "off"


def use_sandbox() -> bool:
    """True: confine student code. False only when NNGRADE_SANDBOX=off (a warning goes to
    stderr; the caller must also put UNCONFINED_WARNING in its results). Raises
    SandboxUnavailable, naming the reason, when the sandbox is on but cannot work here."""
    if switched_off():
        print(f"WARNING: {UNCONFINED_WARNING}", file=sys.stderr)
        return False
    found = availability()
    if not found.ok:
        raise SandboxUnavailable(f"the sandbox cannot run here ({found.reason}); set "
                                 f"{SWITCH}=off to grade unconfined (results not tamper-proof)")
    return True


__all__ = ["Availability", "Confined", "Limits", "SandboxUnavailable", "SWITCH",
           "UNCONFINED_WARNING", "availability", "confined_command", "run_confined",
           "switched_off", "use_sandbox"]
