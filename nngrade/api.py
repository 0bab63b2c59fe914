"""The Python front door: generate, solve, grade and check problems as plain data."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from nngrade.core.problem import Problem, ProblemFileError, read_data_file
from nngrade.exercises import problems, registry
from nngrade.exercises.keys import DEFAULT_SIGFIGS, answer_key
from nngrade.generators.seeds import student_seed
from nngrade.grading.grade import grade as grade_with_key
from nngrade.grading.result import GradeResult
from nngrade.rendering import render


def list_exercises() -> list[dict[str, Any]]:
    """Every registered exercise kind: its title, version, knobs, answer parts and examples."""
    return [
        {
            "kind": exercise.kind,
            "title": exercise.title,
            "version": exercise.version,
            "knobs": {name: list(values) for name, values in exercise.knobs.items()},
            "parts": [spec.part for spec in exercise.answers],
            "examples": list(exercise.examples),
        }
        for exercise in registry.exercises().values()
    ]


def as_problem(problem: Problem | dict | str | Path) -> Problem:
    """A :class:`Problem` from a Problem, its JSON mapping, or a path to a JSON/YAML file."""
    if isinstance(problem, Problem):
        return problem
    if isinstance(problem, (str, Path)):
        source = "standard input" if str(problem) == "-" else str(problem)
        return problems.read(read_data_file(problem), source)
    return problems.read(problem)


def generate(kind: str, seed: int = 0, *, student: str | None = None, secret: str | None = None,
             assignment: str = "default", **knobs) -> dict[str, Any]:
    """A problem of ``kind`` as JSON-ready data.

    With ``student`` and ``secret`` the seed is the student's keyed seed for ``assignment``
    (``seed`` is then ignored), so each student gets an own variant the instructor can re-create.
    """
    exercise = registry.get(kind)
    if student is not None:
        if not secret:
            raise ValueError("a per-student variant needs the course secret")
        seed = student_seed(secret, assignment, kind, student)
    return problems.write(problems.draw(exercise, seed, **knobs))


def solve(problem, fmt: str = "json"):
    """The solution: the contract's JSON mapping, or the statement and worked solution as text."""
    problem = as_problem(problem)
    exercise = registry.get(problem.kind)
    solution = exercise.solve(problem.params)
    if fmt == "json":
        return render.solution_json(problem, solution)
    if fmt not in render.MARKUPS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(render.FORMATS)}")
    return render.statement(problem, fmt) + "\n" + render.worked_solution(problem, solution, fmt)


def grade(problem, submission: Any, *, sigfigs: int | None = DEFAULT_SIGFIGS) -> GradeResult:
    """Grade ``submission`` (a mapping of part name to answer) against ``problem``.

    Never raises on a bad submission; raises :class:`ProblemFileError` only for an unusable problem.
    """
    problem = as_problem(problem)
    key = answer_key(registry.get(problem.kind), problem, sigfigs=sigfigs)
    return grade_with_key(key, submission)


def check(problem, submission: Any, *, sigfigs: int | None = DEFAULT_SIGFIGS, show: bool = True) -> GradeResult:
    """The student-facing form of :func:`grade`: prints a readable report and returns the result."""
    result = grade(problem, submission, sigfigs=sigfigs)
    if show:
        print(result.to_text())
    return result


__all__ = ["list_exercises", "generate", "solve", "grade", "check", "as_problem", "ProblemFileError"]
