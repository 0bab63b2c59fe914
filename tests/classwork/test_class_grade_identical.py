"""A class graded in one run gets exactly the grades of ``nngrade.grade(problem, answers)`` per
problem, and of a key whose misconceptions and rounding slack were all worked out first.

For every registered kind, over Hypothesis-drawn variants, a simulated class answers: right,
rounded by hand to 3 significant figures, each misconception's values, every entry a little off,
blank, junk, and hostile values (huge integers, NaN text, nesting deeper than Python recurses,
wrong shapes, a list for the whole submission). Speed-ups that defer or skip work (deferred key
fields, the slack looked at only where the plain tolerance fails, the memo, the schema checked
once per skeleton) must never change one of these grades.
"""
from __future__ import annotations

import json
from dataclasses import fields

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nngrade import api
from nngrade.core.problem import ProblemFileError, read_data_file
from nngrade.classwork import class_grade, class_results
from nngrade.exercises import problems, registry
from nngrade.handouts import problemset
from nngrade.exercises.keys import answer_key, expected_values, plain, rounded_nested
from nngrade.grading.grade import grade
from nngrade.grading.key import AnswerKey

KINDS = registry.kinds()
SETTINGS = settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def deep(levels: int):
    value = [1.0]
    for _ in range(levels):
        value = [value]
    return value


def off(value, factor: float):
    """Every number of ``value`` multiplied by ``factor`` (text and labels as they are)."""
    try:
        return plain(np.asarray(value, dtype=float) * factor)
    except (ValueError, TypeError):
        if isinstance(value, list):
            return [off(item, factor) for item in value]
        return value


def submissions(problem) -> list:
    """The simulated class's answers to ``problem``: honest, mistaken, blank, junk and hostile."""
    exercise = registry.get(problem.kind)
    right = expected_values(exercise, problem.params)
    numeric = {spec.part for spec in exercise.answers if spec.kind == "numeric" and spec.part in right}
    out = [right, {part: plain(rounded_nested(value, 3, "up")) if part in numeric else value
                   for part, value in right.items()}]
    for misconception in exercise.misconceptions:
        wrong = exercise.solve_numeric(problem.params, mistake=misconception.switch) or {}
        out.append({**right, **{part: plain(value) for part, value in wrong.items() if value is not None}})
    out += [{part: off(value, 1.004) for part, value in right.items()},
            {part: off(value, 1.3) for part, value in right.items()},
            {}, {part: "junk" for part in right}, {part: 10**400 for part in right},
            {part: "NaN" for part in right}, {part: deep(5000) for part in right},
            {part: [[1.0, 2.0, 3.0]] * 7 for part in right}, {part: [] for part in right},
            {**right, "not_a_part": 1}, [right], None]
    return out


def eager(key: AnswerKey) -> AnswerKey:
    """The same key with every field worked out (the misconceptions as a plain list), as a plain
    :class:`AnswerKey`."""
    worked = {field.name: getattr(key, field.name) for field in fields(AnswerKey)}
    return AnswerKey(**{**worked, "misconceptions": list(worked["misconceptions"])})


@pytest.mark.parametrize("kind", KINDS)
@SETTINGS
@given(seed=st.integers(0, 2**32))
def test_the_class_grader_grades_as_nngrade_grade_and_an_eager_key(kind, seed):
    problem = problems.draw(registry.get(kind), seed)
    grader = class_grade.Grader()
    for answers in submissions(problem) * 2:  # the second time through, from the memo
        expected = api.grade(problem, answers).to_dict()
        assert grader.grade(problem, answers).to_dict() == expected
        assert grade(eager(answer_key(registry.get(kind), problem)), answers).to_dict() == expected


def test_a_whole_class_from_files_gets_the_grades_of_nngrade_grade(tmp_path):
    """End to end: a built class's files and its submissions' files, read, keyed, graded and
    written by ``grade_class``; every record's result is ``nngrade.grade`` of that file."""
    students = [f"s{index}" for index in range(3)]
    loaded = problemset.load({"title": "class", "exercises": [{"example": "linear_layer/seed-lab"},
                                                              *({"kind": kind} for kind in KINDS)]})
    built = tmp_path / "built"
    for number, student in enumerate(students):
        folder, answers = built / "students" / student / "problems", tmp_path / "in" / student
        folder.mkdir(parents=True)
        answers.mkdir(parents=True)
        for index, problem in enumerate(problemset.instantiate(loaded, 0, student, "secret", "hw"), 1):
            stem = problemset.problem_id(index, problem)
            (folder / f"{stem}.json").write_text(json.dumps(problems.write(problem)))
            choices = submissions(problem)
            chosen = choices[(number + index) % len(choices)]
            try:
                text = json.dumps(chosen)
            except RecursionError:  # the deep nesting, as a file spells it
                text = '{"a": ' + "[" * 5000 + "]" * 5000 + "}"
            if chosen is not None:
                (answers / f"{stem}.json").write_text(text)
    run = class_grade.grade_class(class_grade.BuiltVariants(built, "hw"), tmp_path / "in", tmp_path / "out",
                                  processes=1, progress=False)
    assert run.students == len(students)
    for student in students:
        record = class_results.read_student(tmp_path / "out" / f"{student}.json")
        for item in record["problems"]:
            path = tmp_path / "in" / student / f"{item['problem']}.json"
            try:
                answers = read_data_file(path) if path.exists() else {}
            except ProblemFileError:  # one error line for the file, the problem graded as blank
                answers = {}
                assert any(error["problem"] == item["problem"] for error in record["errors"])
            problem_file = built / "students" / student / "problems" / f"{item['problem']}.json"
            assert item["result"] == api.grade(str(problem_file), answers).to_dict(), (student, item["problem"])


@pytest.mark.parametrize("kind", KINDS)
def test_answers_looked_up_by_their_file_text_get_the_grades_of_nngrade_grade(tmp_path, kind):
    """Students whose answer files are the same text share one grade (looked up by the text):
    each still gets ``nngrade.grade`` of their own file, and a file whose answers were thrown
    out (the problem answered twice) is graded as blank, never as the text it held."""
    loaded = problemset.load({"title": "class", "exercises": [{"example": "linear_layer/seed-lab"}, {"kind": kind}]})
    variants = class_grade.SetVariants(loaded, "hw")  # no roster: the class-wide variants, shared
    items = variants.problems_of("anyone")
    texts = {}
    for problem_id, problem in items:
        choices = [answers for answers in submissions(problem) if answers is not None]
        texts[problem_id] = [json.dumps(answers) for answers in choices if _writable(answers)]
    rounds = max(len(choices) for choices in texts.values())
    for round_ in range(rounds):
        for student in (f"a{round_}", f"b{round_}", f"c{round_}"):
            folder = tmp_path / "in" / student
            folder.mkdir(parents=True)
            for problem_id, choices in texts.items():
                (folder / f"{problem_id}.json").write_text(choices[round_ % len(choices)])
        twice = {problem_id: {} for problem_id in texts}
        (tmp_path / "in" / f"c{round_}.json").write_text(json.dumps(twice))  # every problem answered twice
    class_grade.grade_class(variants, tmp_path / "in", tmp_path / "out", processes=1, progress=False)
    for round_ in range(rounds):
        for student in (f"a{round_}", f"b{round_}", f"c{round_}"):
            record = class_results.read_student(tmp_path / "out" / f"{student}.json")
            for item, (problem_id, problem) in zip(record["problems"], items):
                given_answers = read_data_file(tmp_path / "in" / student / f"{problem_id}.json")
                if student.startswith("c"):
                    given_answers = {}
                assert item["result"] == api.grade(problem, given_answers).to_dict(), (student, problem_id)


def _writable(answers) -> bool:
    try:
        json.dumps(answers)
    except (RecursionError, ValueError):
        return False
    return True
