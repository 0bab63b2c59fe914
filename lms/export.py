"""``nngrade export moodle|canvas``: the file to import and the warnings that go with it.

One function per target; each draws the groups (:mod:`.variants`) with the target's own
refusals, writes the file and returns the warnings, so the command prints them all.
"""
from __future__ import annotations

from pathlib import Path

from . import canvas, moodle
from .variants import groups

TARGETS = ("moodle", "canvas")


def export(target: str, source: str | Path, out: str | Path, count: int, first_seed: int = 1) -> list[str]:
    """Write ``source``'s exercises, ``count`` variants each, for ``target`` into ``out``;
    returns the warnings (parts left out, draws refused, answers Canvas matches as text)."""
    if target not in TARGETS:
        raise ValueError(f"unknown target {target!r}; targets: {', '.join(TARGETS)}")
    refuse = canvas.refusal if target == "canvas" else None
    title, drawn = groups(source, count, first_seed, refuse)
    warnings = [line for group in drawn for line in group.warnings]
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if target == "moodle":
        out.write_text(moodle.document(title, drawn), encoding="utf-8")
    else:
        warnings += [line for group in drawn if (line := canvas.text_warning(group))]
        out.write_bytes(canvas.package(title, drawn))
    return warnings
