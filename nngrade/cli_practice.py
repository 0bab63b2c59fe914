"""``nngrade practice KIND``: drill an exercise kind in the terminal (see :mod:`nngrade.practice.terminal`).

Exit status: 0 after ``quit`` or the end of input, 130 after Ctrl-C, 2 with one line when the
kind, a knob or a setting is unusable (or practice is switched off).
"""
from __future__ import annotations

import shutil
import sys

import click

#: Widest text the loop wraps to, however wide the terminal.
MAX_WIDTH = 100


@click.command()
@click.argument("kind")
@click.option("--difficulty", type=click.Choice(["easy", "medium", "hard"]), help="Difficulty knob.")
@click.option("--knob", "knobs", multiple=True, metavar="NAME=VALUE", help="Any other knob of the kind (repeatable).")
@click.option("--seed", type=click.IntRange(0), help="Start from practice variant number N (default: a random one).")
@click.option("--sigfigs", type=click.IntRange(0, 15), default=3, show_default=True,
              help="Significant figures you keep in intermediate values (0: no rounding slack).")
def practice(kind, difficulty, knobs, seed, sigfigs) -> None:
    """Practise KIND on fresh variants: type answers, get feedback, hints and the worked solution.

    \b
    At any prompt: hint, solution, next, summary, help, quit (or Ctrl-D).
    Exit status: 0 after quit or end of input, 130 after Ctrl-C, 2 on a usage error.
    """
    from nngrade.cli import UsageFailure, knob_settings
    from nngrade.generators.draw import DrawError
    from nngrade.practice import Practice, PracticeOffError, terminal

    settings = knob_settings(difficulty, knobs)
    try:
        session = Practice(kind, seed=seed, sigfigs=sigfigs or None, show=False, **settings)
    except (KeyError, ValueError, DrawError, PracticeOffError) as error:
        raise UsageFailure(str(error).strip('"')) from None
    width = min(MAX_WIDTH, shutil.get_terminal_size((88, 24)).columns - 1)
    sys.exit(terminal.run(session, width=width))
