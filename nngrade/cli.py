"""The ``nngrade`` command: list, generate, solve, grade, check, and build problem sets."""
from __future__ import annotations

import sys
from pathlib import Path

import click
import yaml

from nngrade import api
from nngrade.cli_course import course
from nngrade.cli_practice import practice
from nngrade.cli_report import report
from nngrade.core.batch_collector import no_collection_at_exit
from nngrade.core.problem import ProblemFileError, dumps_json, read_data_file
from nngrade.exercises import schemas
from nngrade.generators.draw import DrawError
from nngrade.grading.result import points_text

#: The environment variable that holds the course secret (the README's tour sets it).
SECRET_VARIABLE = "NNGRADE_SECRET"


class UsageFailure(click.ClickException):
    """A one-line error for an unusable input; exit status 2."""

    exit_code = 2

    def format_message(self) -> str:
        return self.message


def _problem(path: str):
    try:
        return api.as_problem(path)
    except ProblemFileError as error:
        raise UsageFailure(str(error)) from None


def _emit(text: str, out: str | None) -> None:
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    else:
        click.echo(text.rstrip("\n"))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nngrade")
def main() -> None:
    """Write, solve and grade exercises on the mathematics of neural networks.

    \b
    Typical use:
      nngrade list
      nngrade generate linear_layer --seed 7 --out p.json
      nngrade solve p.json --format markdown
      nngrade grade p.json answers.json
    """
    no_collection_at_exit()


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the catalogue as JSON.")
def list_command(as_json: bool) -> None:
    """List the exercise kinds, their knobs and answer parts."""
    catalogue = api.list_exercises()
    if as_json:
        click.echo(dumps_json(catalogue))
        return
    for entry in catalogue:
        knobs = "; ".join(f"{name}: {'|'.join(map(str, values))}" for name, values in entry["knobs"].items())
        click.echo(f"{entry['kind']:<24} {entry['title']}")
        click.echo(f"{'':<24} parts: {', '.join(entry['parts'])}")
        if knobs:
            click.echo(f"{'':<24} knobs: {knobs}")


def _knob_value(text: str):
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def knob_settings(difficulty: str | None, knobs: tuple[str, ...]) -> dict:
    """The knobs of ``--difficulty`` and the repeated ``--knob NAME=VALUE`` options."""
    settings = {}
    if difficulty:
        settings["difficulty"] = difficulty
    for item in knobs:
        name, sep, value = item.partition("=")
        if not sep:
            raise UsageFailure(f"--knob takes NAME=VALUE, got {item!r}")
        settings[name.strip()] = _knob_value(value)
    return settings


@main.command()
@click.argument("kind")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the variant.")
@click.option("--difficulty", type=click.Choice(["easy", "medium", "hard"]), help="Difficulty knob.")
@click.option("--knob", "knobs", multiple=True, metavar="NAME=VALUE", help="Any other knob of the kind (repeatable).")
@click.option("--student", help="Draw this student's variant (needs the course secret).")
@click.option("--secret", envvar=SECRET_VARIABLE, help=f"Course secret for per-student seeds [env {SECRET_VARIABLE}].")
@click.option("--assignment", default="default", show_default=True, help="Assignment name for per-student seeds.")
@click.option("--out", type=click.Path(dir_okay=False), help="Write the problem here instead of printing it.")
def generate(kind, seed, difficulty, knobs, student, secret, assignment, out) -> None:
    """Draw a problem of KIND; the same seed and knobs give the same problem everywhere."""
    settings = knob_settings(difficulty, knobs)
    try:
        problem = api.generate(kind, seed, student=student, secret=secret, assignment=assignment, **settings)
    except (KeyError, ValueError, DrawError) as error:
        raise UsageFailure(str(error).strip('"')) from None
    _emit(dumps_json(problem), out)


@main.command()
@click.argument("problem", type=click.Path(allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["json", "markdown", "latex", "html"]), default="json", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), help="Write the solution here instead of printing it.")
def solve(problem, fmt, out) -> None:
    """Solve PROBLEM (a JSON or YAML file; - for standard input) exactly, with the worked steps."""
    loaded = _problem(problem)
    try:
        result = api.solve(loaded, fmt)
    except ValueError as error:  # a problem the solvers cannot work (an answer beyond the float range)
        raise UsageFailure(f"{loaded.kind}: {error}") from None
    _emit(dumps_json(result) if fmt == "json" else result, out)


def _submission(path: str):
    """The submission file's mapping of part names to answers; an unusable file is a UsageFailure.

    Only the top level is checked here: each answer, however wrong, is the grader's to score."""
    from nngrade.core.schema import SchemaError

    source = "standard input" if path == "-" else path
    try:
        answers = read_data_file(path)
        schemas.submission.checker().check(answers, source)
    except (ProblemFileError, SchemaError) as error:
        raise UsageFailure(str(error)) from None
    return answers


def _grade(problem, submission, sigfigs):
    from nngrade.core.params import ParamError, float_refusal

    problem = _problem(problem)
    answers = _submission(submission)
    try:
        return api.grade(problem, answers, sigfigs=sigfigs or None)
    except ParamError as error:  # the twin that makes the key refuses: its float working would overflow
        raise UsageFailure(float_refusal(problem.kind, error)) from None


@main.command()
@click.argument("problem", type=click.Path(allow_dash=True))
@click.argument("submission", type=click.Path(allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True)
@click.option("--sigfigs", type=click.IntRange(0, 15), default=3, show_default=True,
              help="Significant figures students keep in intermediate values (0: no rounding slack).")
@click.option("--out", type=click.Path(file_okay=False), help="A class: folder for the results (one JSON per student, scores.csv).")
@click.option("--students", type=click.Path(dir_okay=False), help="A class graded against a set: the roster, as for build.")
@click.option("--secret", envvar=SECRET_VARIABLE, help=f"A class graded against a set: the course secret [env {SECRET_VARIABLE}].")
@click.option("--seed", type=int, default=0, show_default=True, help="A class graded against a set: its class-wide seed.")
@click.option("--assignment", default=None, help="Assignment name (default: the set's or folder's name).")
@click.option("--processes", type=click.IntRange(1, 256), help="A class: worker processes (default: all cores).")
@click.option("--scheduler", metavar="ADDRESS|local", help="A class: grade on this Dask cluster (needs the cluster extra).")
def grade(problem, submission, fmt, sigfigs, out, students, secret, seed, assignment, processes, scheduler) -> None:
    """Grade SUBMISSION (part name -> answer, JSON or YAML) against PROBLEM.

    Exits 2 with one line when either file is missing or unusable, or when the problem's numbers
    are too large to grade in floats; otherwise 0, however wrong the answers.

    \b
    A whole class: SUBMISSION is a folder (<student>/<problem>.json or <student>.json) or a
    .jsonl file, PROBLEM is the problem set (with --students and --secret) or the folder
    nngrade build wrote; the results go to --out:
      nngrade grade seed-lab submissions/ --students roster.txt --out results
      nngrade grade handouts submissions.jsonl --out results"""
    if Path(submission).is_dir() or submission.endswith(".jsonl"):
        _grade_class(problem, submission, sigfigs, out, students, secret, seed, assignment, processes, scheduler)
        return
    result = _grade(problem, submission, sigfigs)
    click.echo(dumps_json(result.to_dict()) if fmt == "json" else result.to_text())


def _grade_class(source, submissions, sigfigs, out, students, secret, seed, assignment, processes, scheduler) -> None:
    from nngrade.classwork.class_grade import grade_class, variants_from

    if not out:
        raise UsageFailure("grading a class needs --out FOLDER for the results")
    if not Path(submissions).exists():
        raise UsageFailure(f"{submissions}: no such file or folder")
    try:
        variants = variants_from(source, roster=_roster(students), secret=secret, seed=seed, assignment=assignment)
        run = grade_class(variants, submissions, out, sigfigs=sigfigs or None, processes=processes,
                          scheduler=scheduler)
    except (ProblemFileError, ValueError) as error:
        raise UsageFailure(str(error)) from None
    for line in run.errors:
        click.echo(f"not graded: {line}", err=True)
    click.echo(f"graded {run.students} students, {run.problems} problems, {run.parts} parts into {run.out} "
               f"({len(run.errors)} problem line(s))")


@main.command()
@click.argument("problem", type=click.Path(allow_dash=True))
@click.argument("submission", type=click.Path(allow_dash=True))
@click.option("--sigfigs", type=click.IntRange(0, 15), default=3, show_default=True)
def check(problem, submission, sigfigs) -> None:
    """Check your answers before you submit: what is right, what is off, and the likely mistake."""
    click.echo(_grade(problem, submission, sigfigs).to_text())


@main.command()
@click.argument("kind")
@click.argument("name", required=False)
def example(kind, name) -> None:
    """Print a fixed example problem of KIND (a seed's worked example); without NAME, list them."""
    from nngrade.exercises import problems, registry

    try:
        exercise = registry.get(kind)
        if name is None:
            click.echo("\n".join(exercise.examples))
            return
        click.echo(dumps_json(problems.write(problems.example(kind, name))))
    except KeyError as error:
        raise UsageFailure(str(error).strip('"')) from None


def _roster(path: str | None) -> list[str] | None:
    if path is None:
        return None
    try:
        names = [line.strip() for line in Path(path).read_text(encoding="utf-8").splitlines()]
    except OSError as error:
        raise UsageFailure(f"{path}: {error.strerror}") from None
    names = [name for name in names if name and not name.startswith("#")]
    if not names:
        raise UsageFailure(f"{path}: no student ids in the roster")
    return names


@main.command()
@click.argument("problem_set", metavar="SET")
@click.option("--out", type=click.Path(file_okay=False), required=True, help="Folder to write into.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the class-wide variants.")
@click.option("--students", type=click.Path(dir_okay=False), help="Roster: one student id per line; one variant each.")
@click.option("--secret", envvar=SECRET_VARIABLE, help=f"Course secret for per-student seeds [env {SECRET_VARIABLE}].")
@click.option("--assignment", default=None, help="Assignment name in the keyed seeds (default: the set's file name).")
@click.option("--processes", type=click.IntRange(min=1), default=None,
              help="Worker processes building the students' folders [default: all cores].")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Build on the Dask cluster at ADDRESS ('local': a local cluster of --processes workers); "
                   "its workers must see --out. Needs the extra 'cluster'.")
@click.option("--pdf/--no-pdf", default=True, show_default=True,
              help="Typeset every handout and answer key with pdflatex (and, with a roster, the class PDFs).")
def build(problem_set, out, seed, students, secret, assignment, pdf, processes, scheduler) -> None:
    """Build SET (a YAML file, or the name of a shipped set) into problems, handouts and answer keys."""
    from nngrade.handouts import pdf as pdfs
    from nngrade.handouts import problemset

    roster = _roster(students)
    try:
        if pdf:
            pdfs.require()
        loaded = problemset.load(problem_set)
        folders = problemset.build(loaded, Path(out), seed, roster, secret,
                                   assignment or Path(problem_set).stem, processes=processes, scheduler=scheduler)
        combined = pdfs.typeset_build(Path(out), folders, per_student=roster is not None) if pdf else []
    except (ProblemFileError, ValueError, pdfs.PdfError) as error:
        raise UsageFailure(str(error)) from None
    except ModuleNotFoundError as error:
        if error.name not in ("dask", "distributed"):
            raise
        raise UsageFailure("--scheduler needs Dask: pip install 'nngrade[cluster]'") from None
    click.echo(f"built {len(folders)} folder(s) under {out}: {loaded.title}")
    if pdf:
        click.echo(f"PDFs: handout.pdf and answers.pdf in each folder"
                   + "".join(f", {path.name}" for path in combined))


@main.group()
def export() -> None:
    """Export a problem set or an assignment file as a quiz for Moodle or Canvas."""


def _export_command(target: str, suffix: str, summary: str):
    @export.command(target, help=summary)
    @click.argument("source", metavar="SOURCE")
    @click.option("--out", type=click.Path(dir_okay=False), required=True, help=f"File to write ({suffix}).")
    @click.option("--variants", "count", type=click.IntRange(1, 500), default=10, show_default=True,
                  help="Variants per exercise (one is drawn per student).")
    @click.option("--first-seed", type=int, default=1, show_default=True,
                  help="Seed of the first variant; the others take the next seeds.")
    def command(source, out, count, first_seed) -> None:
        from nngrade.lms.export import export as write

        try:
            warnings = write(target, source, out, count, first_seed)
        except (ProblemFileError, ValueError, DrawError) as error:
            raise UsageFailure(str(error)) from None
        for line in warnings:
            click.echo(f"warning: {line}", err=True)
        click.echo(f"wrote {out}")

    return command


_export_command("moodle", "Moodle XML", "Moodle XML: a category per exercise, its variants as cloze questions.\n\n"
                "SOURCE is a problem set (YAML, or a shipped set's name) or an assignment file.")
_export_command("canvas", "a QTI 1.2 zip", "Canvas: a QTI 1.2 zip with a question group per exercise that picks one "
                "variant.\n\nSOURCE is a problem set (YAML, or a shipped set's name) or an assignment file.")


@main.command()
@click.argument("name", type=click.Choice(list(schemas.SCHEMAS)))
def schema(name) -> None:
    """Print the JSON Schema of a file type nngrade reads (for editors and other tools)."""
    click.echo(dumps_json(schemas.schema(name)))


@main.command()
@click.option("--out", type=click.Path(file_okay=False), default="nngrade-demo", show_default=True)
def demo(out) -> None:
    """The main job on the embedded seed lab: handouts, solutions, student variants and a sample grading run."""
    from nngrade.course import demo as demo_job

    summary = demo_job.run(Path(out))
    click.echo(f"{summary['set']}: {summary['problems']} problems with worked solutions in {out}/class")
    click.echo(f"per-student variants for {', '.join(summary['students'])} in {out}/students")
    if "skipped" in summary["pdf"]:
        click.echo(f"PDFs: skipped ({summary['pdf']['skipped']})")
    else:
        click.echo(f"PDFs: handout.pdf and answers.pdf beside each .tex; class PDFs {', '.join(summary['pdf']['class'])}")
    click.echo(f"sample grading run in {out}/sample-grading:")
    for row in summary["grading"]:
        note = f"  ({row['feedback'][0]})" if row["feedback"] else ""
        click.echo(f"  {row['problem']:<24} {row['submission']:<34} {points_text(row['score'])}/{points_text(row['max_score'])}{note}")
    course = summary["nbgrader"]
    if "skipped" in course:
        click.echo(f"nbgrader course: skipped ({course['skipped']})")
        return
    click.echo(f"nbgrader course in {course['course']}: real nbgrader autograde of three students' notebooks:")
    for student, scores in course["scores"].items():
        click.echo(f"  {student:<8} " + "  ".join(f"{exercise} {points_text(score)}" for exercise, score in scores.items())
                   + f"   total {points_text(sum(scores.values()))}")


main.add_command(course)
main.add_command(report)
main.add_command(practice)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
