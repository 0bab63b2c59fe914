"""``nngrade course ...``: build an nbgrader course from an assignment file and autograde a class."""
from __future__ import annotations

import click


@click.group()
def course() -> None:
    """nbgrader courses: per-student variants, grading outside the student's kernel.

    \b
    nngrade course build hw1.yaml --course COURSE_DIR
    cd COURSE_DIR && nbgrader generate_assignment hw1 && nbgrader release_assignment hw1
    ... students submit, nbgrader collect ...
    nngrade course autograde hw1 --course COURSE_DIR   # --processes N, --scheduler ADDRESS|local
    """


@course.command()
@click.argument("assignment_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--course", "course_dir", default=".", show_default=True, type=click.Path(file_okay=False),
              help="The nbgrader course directory.")
@click.option("--course-id", help="course_id for a new nbgrader_config.py (default: the folder's name).")
@click.option("--new-key", is_flag=True,
              help="Replace the stored variant key (the file's key, else a new one): every student's numbers change.")
def build(assignment_file, course_dir, course_id, new_key) -> None:
    """Write the source notebook, the assignment spec and (if missing) nbgrader_config.py.

    A rebuild keeps the stored variant key; it refuses a file whose key differs, unless --new-key."""
    from nngrade.course.assignment import build as build_course
    from nngrade.course.assignment_spec import AssignmentError
    from nngrade.course.course_checks import INSTALL_HINT, nbgrader_installed

    try:
        written = build_course(assignment_file, course_dir, course_id, new_key=new_key)
    except (AssignmentError, RuntimeError) as error:
        raise click.ClickException(str(error)) from None
    for role, path in written.items():
        click.echo(f"{role:<9} {path}")
    if not nbgrader_installed():
        click.echo(f"note: nbgrader is not installed here; generate_assignment and autograde need it: {INSTALL_HINT}",
                   err=True)


@course.command()
@click.argument("assignment")
@click.option("--course", "course_dir", default=".", show_default=True, type=click.Path(file_okay=False))
@click.option("--processes", type=click.IntRange(1, 64),
              help="Worker processes grading side by side [default: one per core]; with --scheduler local, "
                   "the local cluster's workers.")
@click.option("--scheduler", metavar="ADDRESS|local",
              help="Grade on this Dask cluster (tcp://host:8786), or 'local' for one on this machine; "
                   "the workers must see the course folder at the same path (needs the cluster extra).")
def autograde(assignment, course_dir, processes, scheduler) -> None:
    """Autograde every submitted student of ASSIGNMENT and fill the course gradebook."""
    from nngrade.course.course_checks import CourseError, ready_to_autograde

    try:
        ready_to_autograde(course_dir, assignment)
    except CourseError as error:
        raise click.ClickException(str(error)) from None
    from nngrade.course.class_autograde import autograde as run
    from nngrade.sandbox import UNCONFINED_WARNING, SandboxUnavailable

    try:
        result = run(course_dir, assignment, processes, scheduler)
    except SandboxUnavailable as error:
        raise click.ClickException(str(error)) from None
    where = f"on the Dask cluster {scheduler}" if scheduler else f"with {result.processes} processes"
    click.echo(f"autograded {result.students} students {where} in {result.seconds:.1f} s")
    if result.unconfined:
        click.echo(f"WARNING: {UNCONFINED_WARNING}", err=True)
    for failure in result.failed:
        click.echo(f"nbgrader failed for {failure}", err=True)
    if result.failed:
        raise SystemExit(1)


@course.command()
@click.argument("assignment")
@click.argument("exercise")
@click.argument("student")
@click.option("--course", "course_dir", default=".", show_default=True, type=click.Path(file_okay=False))
def variant(assignment, exercise, student, course_dir) -> None:
    """Print STUDENT's problem for EXERCISE (to solve or grade it by hand: pipe to nngrade solve)."""
    from nngrade.core.problem import dumps_json
    from nngrade.exercises import problems
    from nngrade.course.assignment_spec import AssignmentError
    from nngrade.course.stored import stored_spec

    try:
        spec = stored_spec(course_dir, assignment)
    except AssignmentError as error:
        raise click.ClickException(str(error)) from None
    if spec is None:
        raise click.ClickException(f"no assignment {assignment!r} was built in {course_dir}")
    try:
        problem = spec.variant(exercise, student)
    except KeyError as error:
        raise click.ClickException(str(error).strip('"')) from None
    click.echo(dumps_json(problems.write(problem)))
