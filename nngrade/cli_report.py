"""``nngrade report``: the item analysis of a graded class, as a page, a JSON file and CSV files."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import click

@click.command()
@click.argument("results", type=click.Path(file_okay=False))
@click.option("--submissions", type=click.Path(),
              help="The students' answers, to list the most common unexplained wrong values, as nngrade grade "
                   "reads them: a folder (SUBS/<student>.json mapping each problem id to its answers, or "
                   "SUBS/<student>/<problem>.json) or a .jsonl file.")
@click.option("--out", type=click.Path(file_okay=False), default="nngrade-report", show_default=True,
              help="Folder to write report.html, report.json and parts/*.csv into.")
@click.option("--min-students", type=click.IntRange(2), default=10, show_default=True,
              help="Fewest students of a variant (and of its siblings) for its facility to be tested.")
@click.option("--alpha", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=0.05, show_default=True,
              help="Family-wise error rate of the unfair-variant flags (Holm over every variant tested).")
@click.option("--min-difference", type=click.FloatRange(0, 1), default=0.10, show_default=True,
              help="Smallest facility difference from the siblings that is flagged.")
@click.option("--processes", type=click.IntRange(1), help="Worker processes for reading and plotting [default: all cores].")
def report(results, submissions, out, min_students, alpha, min_difference, processes) -> None:
    """Item analysis of RESULTS, a folder of graded results (one RESULTS/<student>.json each).

    \b
    Per exercise and part: the share right, per named misconception, otherwise wrong, blank or
    unreadable; Moodle's facility and discrimination index; each variant's facility, with the
    ones much harder or easier than their siblings flagged; score histograms; and, with
    --submissions, the most common wrong values that no misconception explains. A progress bar
    shows on a terminal.
    """
    from nngrade.cli import UsageFailure
    from nngrade.core.problem import ProblemFileError
    from nngrade.report.analysis import Settings
    from nngrade.report.results import result_files, start_reading

    folder = Path(results)
    if not folder.is_dir():
        raise UsageFailure(f"{results}: no such folder")
    if submissions and not Path(submissions).exists():
        raise UsageFailure(f"{submissions}: no such file or folder")
    from nngrade.report import plots
    from nngrade.report.write import write_report

    if importlib.util.find_spec("matplotlib") is None:  # the plots need it: say so before any work
        raise UsageFailure("nngrade report needs matplotlib: pip install 'nngrade[report]'")
    if not result_files(folder):
        raise UsageFailure(f"{results}: no students' results (*.json) in the folder")
    try:
        reading = start_reading(folder, Path(submissions) if submissions else None, processes)
        plots.warm()  # matplotlib is imported while the workers read
        loaded = reading()
    except ProblemFileError as error:  # a JSON Lines file that cannot be opened
        raise UsageFailure(str(error)) from None
    if not loaded.students:
        raise UsageFailure(f"{results}: no file could be used; first: {loaded.unread[0]}")
    settings = Settings(min_students=min_students, alpha=alpha, min_difference=min_difference)
    figures = write_report(loaded, Path(out), settings, processes)
    click.echo(f"report of {figures['students']} students, {len(figures['exercises'])} exercises: {out}/report.html")
    for line in loaded.unread:
        click.echo(f"not used: {line}", err=True)
    for flag in figures["flagged"]:
        click.echo(f"unfair variant: {flag['problem']} variant {flag['variant']} is {flag['flag']} "
                   f"(facility {100 * flag['facility']:.0f}% against {100 * flag['siblings_facility']:.0f}%)")
