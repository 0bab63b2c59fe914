"""Grading a class: variants from a set or a built folder, submissions in every layout, the
class results format, bad files as one line each, and the memo never changing a grade."""
from __future__ import annotations

import csv
import json
import os
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from nngrade import api
from nngrade.classwork import class_grade, class_results
from nngrade.exercises import problems, registry
from nngrade.handouts import problemset
from nngrade.exercises.keys import expected_values

SECRET = "test-secret"
ROSTER = ["ada", "bob", "cy"]
#: One fixed example shared by everyone, then a drawn variant of every registered kind.
SET = {"title": "class", "exercises": [{"example": "linear_layer/seed-lab"},
                                       *({"kind": kind} for kind in registry.kinds())]}


@pytest.fixture(scope="module")
def variants():
    return class_grade.SetVariants(problemset.load(SET), "hw", 0, SECRET, tuple(ROSTER))


def right_answers(problem):
    return expected_values(registry.get(problem.kind), problem.params)


def write_folder(root, variants, students, answers=right_answers):
    for student in students:
        folder = root / student
        folder.mkdir(parents=True)
        for problem_id, problem in variants.problems_of(student):
            (folder / f"{problem_id}.json").write_text(json.dumps(answers(problem)))
    return root


def test_every_student_gets_their_own_variants_full_marks_and_one_record(tmp_path, variants):
    submissions = write_folder(tmp_path / "in", variants, ROSTER)
    run = class_grade.grade_class(variants, submissions, tmp_path / "out", processes=1)
    assert run.errors == [] and run.students == 3 and run.problems == 3 * len(SET["exercises"])
    records = {student: class_results.read_student(tmp_path / "out" / f"{student}.json") for student in ROSTER}
    for student, record in records.items():
        assert set(record) == {"student", "assignment", "problems", "errors"}
        assert record["student"] == student and record["assignment"] == "hw" and record["errors"] == []
        for item, (problem_id, problem) in zip(record["problems"], variants.problems_of(student)):
            assert set(item) == {"problem", "kind", "variant", "result"}
            assert item["problem"] == problem_id and item["kind"] == problem.kind
            assert item["variant"] == (problem.seed if problem.seed is not None else class_grade.variant_of(problem))
            assert item["result"] == api.grade(problem, right_answers(problem)).to_dict()
            assert item["result"]["score"] == item["result"]["max_score"] > 0
    fixed = {record["problems"][0]["variant"] for record in records.values()}
    drawn = {record["problems"][1]["variant"] for record in records.values()}
    assert len(fixed) == 1 and str(fixed.pop()).startswith("fixed-") and len(drawn) == 3
    rows = list(csv.DictReader((tmp_path / "out" / "scores.csv").open()))
    assert [row["student"] for row in rows] == ROSTER
    assert all(float(row["score"]) == float(row["max_score"]) for row in rows)
    assert "01-linear_layer/z" in rows[0]


def test_answers_for_a_classmates_variant_score_less(tmp_path, variants):
    submissions = tmp_path / "in"
    for student, other in zip(ROSTER, ROSTER[1:] + ROSTER[:1]):
        folder = submissions / student
        folder.mkdir(parents=True)
        for problem_id, problem in variants.problems_of(other):
            (folder / f"{problem_id}.json").write_text(json.dumps(right_answers(problem)))
    class_grade.grade_class(variants, submissions, tmp_path / "out", processes=1)
    record = class_results.read_student(tmp_path / "out" / "ada.json")
    assert record["problems"][0]["result"]["score"] == record["problems"][0]["result"]["max_score"]  # shared
    drawn = record["problems"][1:]
    assert sum(item["result"]["score"] for item in drawn) < sum(item["result"]["max_score"] for item in drawn)


def test_a_built_folder_and_json_lines_grade_like_the_set(tmp_path, variants):
    small = problemset.load({"exercises": [{"example": "linear_layer/seed-lab"}, {"kind": "activation"},
                                           {"kind": "loss"}]})
    problemset.build(small, tmp_path / "built", students=ROSTER, secret=SECRET, assignment="hw")
    from_set = class_grade.SetVariants(small, "hw", 0, SECRET, tuple(ROSTER))
    built = class_grade.variants_from(tmp_path / "built", assignment="hw")
    assert built.students() == tuple(ROSTER)
    lines = []
    for student in ROSTER:
        for problem_id, problem in from_set.problems_of(student):
            lines.append(json.dumps({"student": student, "problem": problem_id, "answers": right_answers(problem)}))
    (tmp_path / "class.jsonl").write_text("\n".join(lines) + "\n")
    class_grade.grade_class(from_set, tmp_path / "class.jsonl", tmp_path / "a", processes=1)
    class_grade.grade_class(built, tmp_path / "class.jsonl", tmp_path / "b", processes=1)
    for student in ROSTER:
        assert class_results.read_student(tmp_path / "a" / f"{student}.json") == \
            class_results.read_student(tmp_path / "b" / f"{student}.json")
    assert (tmp_path / "a" / "scores.csv").read_text() == (tmp_path / "b" / "scores.csv").read_text()


def test_a_folder_of_one_file_per_student_and_the_pool_give_the_same_results(tmp_path, variants):
    folder = tmp_path / "in"
    folder.mkdir()
    for student in ROSTER:
        answers = {problem_id: right_answers(problem) for problem_id, problem in variants.problems_of(student)}
        (folder / f"{student}.json").write_text(json.dumps(answers))
    class_grade.grade_class(variants, folder, tmp_path / "one", processes=1)
    class_grade.grade_class(variants, folder, tmp_path / "two", processes=2)
    for name in [*(f"{student}.json" for student in ROSTER), "scores.csv"]:
        assert (tmp_path / "one" / name).read_text() == (tmp_path / "two" / name).read_text()


def test_a_folder_of_folders_is_listed_in_the_workers_as_in_one_process(tmp_path, variants):
    """Each student's folder is listed where the student is graded: in a pool's worker the same
    files are read, in the same order, with the same error lines (a link inside, a problem
    answered both in the folder and in ``<student>.json``), as in one process."""
    folder = tmp_path / "in"
    for student in ROSTER:
        (folder / student).mkdir(parents=True)
        for problem_id, problem in variants.problems_of(student):
            (folder / student / f"{problem_id}.json").write_text(json.dumps(right_answers(problem)))
    first_id, first = variants.problems_of(ROSTER[0])[0]
    (folder / f"{ROSTER[0]}.json").write_text(json.dumps({first_id: right_answers(first)}))
    (folder / ROSTER[1] / "99-link.json").symlink_to(folder / ROSTER[1] / f"{first_id}.json")
    class_grade.grade_class(variants, folder, tmp_path / "one", processes=1)
    class_grade.grade_class(variants, folder, tmp_path / "two", processes=2)
    for name in [*(f"{student}.json" for student in ROSTER), "scores.csv"]:
        assert (tmp_path / "one" / name).read_text() == (tmp_path / "two" / name).read_text()
    errors = [error["error"] for error in class_results.read_student(tmp_path / "two" / f"{ROSTER[0]}.json")["errors"]]
    assert any("answered twice" in error for error in errors)
    errors = [error["error"] for error in class_results.read_student(tmp_path / "two" / f"{ROSTER[1]}.json")["errors"]]
    assert any("a symbolic link, not read" in error for error in errors)


def test_bad_files_are_one_line_each_and_the_rest_is_graded(tmp_path, variants):
    submissions = write_folder(tmp_path / "in", variants, ["ada", "bob"])
    first = variants.problems_of("bob")[0][0]
    (submissions / "bob" / f"{first}.json").write_text("[" * 100_000)
    (submissions / "bob" / "99-nothing.json").write_text("{}")
    (submissions / "eve").mkdir()  # not on the roster
    (submissions / "bad name!").mkdir()
    run = class_grade.grade_class(variants, submissions, tmp_path / "out", processes=1)
    text = "\n".join(run.errors)
    assert "eve: not on the roster" in text and "'bad name!' cannot be a student id" in text
    assert "cy: no submission found" in text
    assert f"bob: {first}: " in text and "'99-nothing' is not a problem of the set" in text
    assert all("\n" not in line for line in run.errors)
    bob = class_results.read_student(tmp_path / "out" / "bob.json")
    assert bob["problems"][0]["result"]["score"] == 0
    assert all(item["result"]["score"] == item["result"]["max_score"] for item in bob["problems"][1:])
    cy = class_results.read_student(tmp_path / "out" / "cy.json")
    assert len(cy["problems"]) == len(SET["exercises"]) and all(item["result"]["score"] == 0 for item in cy["problems"])
    assert not (tmp_path / "out" / "eve.json").exists()


def test_a_problem_whose_key_cannot_be_made_in_floats_is_one_line_and_the_rest_is_graded(tmp_path):
    """A hand-edited problem file the key's twin refuses (X^T X of 1e300 overflows a float)."""
    small = problemset.load({"exercises": [{"example": "linear_layer/seed-lab"}, {"kind": "loss"}]})
    problemset.build(small, tmp_path / "built", students=["ada", "bob"], secret=SECRET, assignment="hw")
    built = class_grade.variants_from(tmp_path / "built", assignment="hw")
    write_folder(tmp_path / "in", built, ["ada", "bob"])
    shared, (problem_id, _) = built.problems_of("bob")
    path = tmp_path / "built" / "students" / "bob" / "problems" / f"{problem_id}.json"
    path.unlink()
    path.write_text(json.dumps({"kind": "least_squares", "params": {"X": [["1e300"], [2]], "y": [0, 1]}}))
    built = class_grade.variants_from(tmp_path / "built", assignment="hw")
    run = class_grade.grade_class(built, tmp_path / "in", tmp_path / "out", processes=1)
    assert run.errors == [f"bob: {problem_id}: least_squares: cannot grade this problem in floats: "
                          + run.errors[0].split("in floats: ", 1)[1]] and "beyond the range" in run.errors[0]
    bob = class_results.read_student(tmp_path / "out" / "bob.json")
    assert [item["problem"] for item in bob["problems"]] == [shared[0]]
    assert all(item["result"]["score"] == item["result"]["max_score"] for item in bob["problems"])
    ada = class_results.read_student(tmp_path / "out" / "ada.json")
    assert len(ada["problems"]) == 2 and ada["errors"] == []


def hostile_answers(problem):
    right = right_answers(problem)
    return {part: "9" * 900 + "e999999" if index % 3 == 0 else ("exp(exp(10**30*x))" if index % 3 == 1 else
                                                                 [[[[[[1.0]]]]]])
            for index, part in enumerate(right)}


def test_hostile_submissions_stay_fast_and_do_not_slow_honest_ones(tmp_path, variants, cpu_seconds):
    honest = write_folder(tmp_path / "honest", variants, ["ada"])
    hostile = write_folder(tmp_path / "hostile", variants, ["bob"], hostile_answers)
    (hostile / "bob" / "big.json").write_bytes(b'{"z": "' + b"1" * 6_000_000 + b'"}')
    class_grade.grade_class(variants, honest, tmp_path / "warm", processes=1)  # keys and lazy imports
    grader = class_grade._grader(3)
    for student, folder in (("bob", hostile), ("ada", honest)):
        for problem_id, problem in variants.problems_of(student):
            grader.key(problem)
    from nngrade.classwork.class_submissions import load

    submission = load(hostile)[0]["bob"]
    start = cpu_seconds()
    record = class_grade.grade_student(variants, grader, submission)
    per_problem = (cpu_seconds() - start) / len(record["problems"])
    assert all(item["result"]["score"] == 0 for item in record["problems"])
    assert any("larger than" in error["error"] for error in record["errors"])
    assert per_problem < 0.05, f"{per_problem * 1000:.1f} ms of CPU per hostile problem"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.integers(-3, 9), st.decimals(-10, 10, places=2), st.text("018.-/ ", max_size=4),
                          st.booleans(), st.none(), st.lists(st.integers(0, 9), max_size=3)), min_size=1, max_size=3))
def test_the_memo_gives_what_grading_afresh_gives(values):
    problem = problems.example("linear_layer", "seed-lab")
    grader = class_grade.Grader()
    for value in values + values:  # the second pass comes from the memo
        answers = {"z": value}
        assert grader.grade(problem, answers).to_dict() == api.grade(problem, answers).to_dict()
    assert grader.grade(problem, {"z": [[1], [8]]}).score == 1
    assert grader.grade(problem, {"z": [["1"], ["8"]]}).score == 1
    assert grader.grade(problem, {"z": [[Decimal("1.0")], [Decimal("8.0")]]}).score == 1


def test_a_short_yaml_file_of_aliases_many_levels_deep_is_graded_at_once(tmp_path, variants, cpu_seconds):
    """400 characters of YAML aliases (each level ten of the one below) stand for 10^7 numbers:
    grading refuses it at its size cap, and the memo must not spell it out to look it up."""
    lines = ["a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    lines += [f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]" for level in range(1, 7)]
    folder = tmp_path / "in" / "bob"
    folder.mkdir(parents=True)
    problem_id, problem = variants.problems_of("bob")[0]
    (folder / f"{problem_id}.yaml").write_text("\n".join(lines + ["z: *a6"]))
    grader = class_grade.Grader()
    grader.key(problem)
    from nngrade.classwork.class_submissions import load

    submission = load(tmp_path / "in")[0]["bob"]
    start = cpu_seconds()
    record = class_grade.grade_student(variants, grader, submission)
    assert cpu_seconds() - start < 0.5
    assert record["problems"][0]["result"] == api.grade(problem, submission.answers[problem_id]).to_dict()


def test_fifos_and_links_in_a_class_folder_are_error_lines_and_the_class_is_graded(tmp_path, variants):
    import os

    submissions = write_folder(tmp_path / "in", variants, ["ada"])
    os.mkfifo(submissions / "bob.json")  # a student entry that is neither a file nor a folder
    (submissions / "cy").mkdir()
    os.mkfifo(submissions / "cy" / f"{variants.problems_of('cy')[0][0]}.json")
    secret = tmp_path / "key.json"
    secret.write_text("{}")
    (submissions / "cy" / "02-x.json").symlink_to(secret)
    run = class_grade.grade_class(variants, submissions, tmp_path / "out", processes=1)
    text = "\n".join(run.errors)
    assert "bob.json: not a file or a folder, not read" in text
    assert "not a regular file" in text and "a symbolic link, not read" in text
    ada = class_results.read_student(tmp_path / "out" / "ada.json")
    assert all(item["result"]["score"] == item["result"]["max_score"] for item in ada["problems"])


def test_a_problem_answered_twice_for_one_student_is_flagged_and_neither_answer_used(tmp_path, variants):
    problem_id, problem = variants.problems_of("bob")[1]
    lines = [json.dumps({"student": "bob", "problem": problem_id, "answers": right_answers(problem)}),
             json.dumps({"student": "bob", "answers": {problem_id: {}}})]  # a second line claiming bob
    (tmp_path / "class.jsonl").write_text("\n".join(lines) + "\n")
    folder = write_folder(tmp_path / "in", variants, ["bob"])
    (folder / "bob.yaml").write_text(json.dumps({problem_id: {}}))  # a file beside bob's folder
    for source, out in ((tmp_path / "class.jsonl", "a"), (folder, "b")):
        run = class_grade.grade_class(variants, source, tmp_path / out, processes=1)
        assert any(line.startswith(f"bob: {problem_id}: answered twice") for line in run.errors), run.errors
        bob = class_results.read_student(tmp_path / out / "bob.json")
        assert bob["problems"][1]["result"]["score"] == 0


def test_control_characters_in_file_names_never_reach_the_error_lines(tmp_path, variants):
    """A file name can carry terminal escapes (retitle the window, erase the line above) or a
    right-to-left override; every error line shows them as visible escapes instead."""
    submissions = write_folder(tmp_path / "in", variants, ["ada"])
    hostile = "\x1b]0;owned\x07\x1b[1A\x1b[2K\u202e01-linear_layer"
    (submissions / "ada" / f"{hostile}.json").write_text("{")
    (submissions / f"x\x1b[31m\r").mkdir()
    run = class_grade.grade_class(variants, submissions, tmp_path / "out", processes=1)
    assert len(run.errors) >= 2
    assert all(character.isprintable() for line in run.errors for character in line), run.errors
    assert any("\\x1b]0;owned\\x07" in line and "\\u202e" in line for line in run.errors)
    record = class_results.read_student(tmp_path / "out" / "ada.json")
    assert all(character.isprintable() for error in record["errors"] for character in json.dumps(error, ensure_ascii=False))


def test_answers_to_many_names_that_are_no_problems_are_a_few_lines_and_quick(tmp_path, variants, cpu_seconds):
    """A file under the size cap can name half a million problems that do not exist: the record
    names a few and counts the rest, instead of one line (and one near-miss search) each."""
    submissions = tmp_path / "in"
    submissions.mkdir()
    answers = {f"{index:x}": 0 for index in range(200_000)}
    answers.update({problem_id: right_answers(problem) for problem_id, problem in variants.problems_of("ada")})
    (submissions / "ada.json").write_text(json.dumps(answers))
    grader = class_grade._grader(3)
    for _, problem in variants.problems_of("ada"):
        grader.key(problem)
    from nngrade.classwork.class_submissions import load

    submission = load(submissions)[0]["ada"]
    start = cpu_seconds()
    record = class_grade.grade_student(variants, grader, submission)
    seconds = cpu_seconds() - start
    assert len(record["errors"]) <= class_grade.UNKNOWN_PROBLEMS_NAMED + 1
    assert record["errors"][-1]["error"].startswith(f"and {200_000 - class_grade.UNKNOWN_PROBLEMS_NAMED} more")
    assert all(item["result"]["score"] == item["result"]["max_score"] for item in record["problems"])
    assert seconds < 5, f"{seconds:.1f} s of CPU"


def test_a_number_of_thousands_of_digits_is_one_error_line_not_the_end_of_the_run(tmp_path, variants):
    problem_id = variants.problems_of("ada")[0][0]
    long_number = "1" * 5000
    (tmp_path / "class.jsonl").write_text(
        f'{{"student": "ada", "problem": "{problem_id}", "answers": {{"z": {long_number}}}}}\n')
    folder = write_folder(tmp_path / "in", variants, ["bob"])
    (folder / "bob" / f"{problem_id}.json").write_text(f'{{"z": {long_number}}}')
    for source, out in ((tmp_path / "class.jsonl", "a"), (folder, "b")):
        run = class_grade.grade_class(variants, source, tmp_path / out, processes=1)
        assert any("number too long" in line for line in run.errors), run.errors


@pytest.mark.parametrize("roster", [["ada", "../bob"], ["ada", "Ada"]])
def test_a_roster_of_ids_that_cannot_each_name_a_results_file_is_refused(roster):
    with pytest.raises(ValueError, match="student id"):
        class_grade.variants_from("seed-lab", roster=roster, secret="s")


def test_ids_the_same_up_to_case_without_a_roster_are_not_graded_into_one_results_file(tmp_path):
    """Without a roster, JSON Lines can name both Bob and bob: on a file system that ignores case
    their results would be one file, the one written last replacing the other unseen."""
    lines = [json.dumps({"student": student, "problem": "01-linear_layer", "answers": answers})
             for student, answers in (("Bob", {"z": [[1], [8]]}), ("bob", {"z": [[0], [0]]}), ("ada", {"z": [[1], [8]]}))]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n")
    variants = class_grade.variants_from("seed-lab")
    run = class_grade.grade_class(variants, tmp_path / "in.jsonl", tmp_path / "out", processes=1, progress=False)
    assert sorted(path.name for path in (tmp_path / "out").glob("*.json")) == ["ada.json"]
    assert sum("up to case" in line for line in run.errors) == 2, run.errors


@pytest.mark.parametrize("link", ["hard", "symbolic"])
def test_a_linked_problem_file_is_read_again_once_rewritten_and_a_broken_link_is_one_line(tmp_path, link):
    """A student's problem file that is a link (``nngrade build`` hard-links the fixed examples;
    an older build made symbolic links) is looked up by the file it leads to: a file written
    anew, in place or replaced, is read anew, never served from what an earlier read remembered,
    and a symbolic link that leads nowhere is one error line as a missing file."""
    shared = tmp_path / "built" / "shared" / "problems"
    shared.mkdir(parents=True)
    first = problems.example("linear_layer", "seed-lab")
    (shared / "01-linear_layer.json").write_text(json.dumps(problems.write(first), default=str))
    for student in ROSTER:
        folder = tmp_path / "built" / "students" / student / "problems"
        folder.mkdir(parents=True)
        if link == "hard":
            os.link(shared / "01-linear_layer.json", folder / "01-linear_layer.json")
        else:
            (folder / "01-linear_layer.json").symlink_to(shared / "01-linear_layer.json")
    built = class_grade.variants_from(tmp_path / "built", assignment="hw")
    assert built.problems_of("ada")[0][1] == first
    second = problems.draw(registry.get("linear_layer"), 5)
    (shared / "01-linear_layer.json").write_text(json.dumps(problems.write(second), default=str))  # in place
    assert built.problems_of("bob")[0][1] == second
    assert built.problems_of("ada")[0][1] == second
    if link == "hard":
        return  # the students' names still hold the file: nothing is broken
    (shared / "01-linear_layer.json").unlink()
    submissions = tmp_path / "in"
    (submissions / "cy").mkdir(parents=True)
    run = class_grade.grade_class(built, submissions, tmp_path / "out", processes=1)
    assert any(line.startswith("cy: ") and "no such file" in line for line in run.errors)


def test_a_part_answered_twice_in_one_file_or_line_is_an_error_line_and_neither_answer_used(tmp_path, variants):
    """JSON and YAML keep the last of two equal keys silently: a file whose first answer to a
    part is the one a reader sees would be graded on the other. Such a file (or line) is one
    error line, and its problem is graded as unanswered."""
    problem_id, problem = variants.problems_of("bob")[0]
    part, value = next(iter(right_answers(problem).items()))
    twice = '{"%s": %s, "%s": %s}' % (part, json.dumps(value), part, json.dumps(value))
    folder = write_folder(tmp_path / "in", variants, ["bob"])
    (folder / "bob" / f"{problem_id}.json").write_text(twice)
    (tmp_path / "class.jsonl").write_text('{"student": "bob", "problem": "%s", "answers": %s}\n' % (problem_id, twice))
    for source, out in ((folder, "a"), (tmp_path / "class.jsonl", "b")):
        run = class_grade.grade_class(variants, source, tmp_path / out, processes=1)
        assert any(f"{part!r} is given twice in one mapping" in line for line in run.errors), run.errors
        bob = class_results.read_student(tmp_path / out / "bob.json")
        assert bob["problems"][0]["result"]["score"] == 0
