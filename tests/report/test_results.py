"""Reading the class results format: the schema check, files that cannot be used, submissions."""
from __future__ import annotations

import json

import pytest

from nngrade.report.results import read_class, shown_value


def part(name="z", score=1.0, max_score=1.0, code="correct"):
    return {"part": name, "score": score, "max_score": max_score, "correct": code == "correct",
            "feedback": "fine", "code": code}


def student_file(student="ada", problems=None, errors=()):
    problems = problems if problems is not None else [
        {"problem": "01-linear_layer", "kind": "linear_layer", "variant": 7,
         "result": {"score": 1.0, "max_score": 1.0, "parts": [part()]}}]
    return {"student": student, "assignment": "hw1", "problems": problems, "errors": list(errors)}


def write(folder, name, data):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")


def test_a_student_file_is_read_into_records(tmp_path):
    write(tmp_path, "ada.json", student_file(errors=[{"problem": None, "error": "no notebook"}]))
    results = read_class(tmp_path)
    assert results.unread == []
    (ada,) = results.students
    assert ada.student == "ada" and ada.assignment == "hw1" and ada.errors == ({"problem": None, "error": "no notebook"},)
    (record,) = ada.problems
    assert (record.problem, record.kind, record.variant, record.score, record.max_score) == \
        ("01-linear_layer", "linear_layer", "7", 1.0, 1.0)
    assert record.parts[0].code == "correct" and record.parts[0].value is None


def bad_entry(**change):
    entry = {"problem": "01-linear_layer", "kind": "linear_layer", "variant": 7,
             "result": {"score": 1.0, "max_score": 1.0, "parts": [part()]}}
    entry.update(change)
    return entry


@pytest.mark.parametrize("data, message", [
    ("{not json", "bob.json: not valid JSON"),
    ([1, 2], "bob.json: expected a mapping"),
    ({**student_file(), "studnet": "x"}, "bob.json: unknown key 'studnet' (did you mean 'student'?)"),
    (student_file(problems=[bad_entry(variant=True)]), "bob.json: problems[0]: variant: expected the variant's seed"),
    (student_file(problems=[bad_entry(variant=1.5)]), "bob.json: problems[0]: variant: expected the variant's seed"),
    (student_file(problems=[bad_entry(result={"parts": [part(score="1")]})]), "bob.json: problems[0]: result.parts[0].score"),
    (student_file(problems=[bad_entry(result={"parts": [{"part": "z"}]})]), "bob.json: problems[0]: missing key 'score' in result.parts[0]"),
])
def test_a_file_that_does_not_match_is_named_in_one_line_and_the_rest_are_read(tmp_path, data, message):
    write(tmp_path, "ada.json", student_file())
    write(tmp_path, "bob.json", data)
    results = read_class(tmp_path)
    assert [student.student for student in results.students] == ["ada"]
    (line,) = results.unread
    assert line.startswith(message) and "\n" not in line, line


def test_every_distinct_entry_is_checked_even_after_a_valid_twin(tmp_path):
    good = bad_entry()
    write(tmp_path, "ada.json", student_file(problems=[good, {**good, "variant": "other"}]))
    write(tmp_path, "bob.json", student_file("bob", problems=[good, bad_entry(variant=None)]))
    results = read_class(tmp_path)
    assert [student.student for student in results.students] == ["ada"]
    assert results.unread[0].startswith("bob.json: problems[1]")


def test_submissions_in_either_layout(tmp_path):
    results, subs = tmp_path / "results", tmp_path / "subs"
    write(results, "ada.json", student_file("ada"))
    write(results, "bob.json", student_file("bob"))
    write(subs, "ada.json", {"01-linear_layer": {"z": [[1], [8]]}})
    write(subs / "bob", "01-linear_layer.json", {"z": [[0], [7]]})
    read = read_class(results, subs)
    values = {student.student: student.problems[0].parts[0].value for student in read.students}
    assert values == {"ada": "[[1.0], [8.0]]", "bob": "[[0.0], [7.0]]"}


def test_submissions_as_json_lines_as_nngrade_grade_reads_them(tmp_path):
    results, lines = tmp_path / "results", tmp_path / "subs.jsonl"
    write(results, "ada.json", student_file("ada"))
    write(results, "bob.json", student_file("bob"))
    lines.write_text(json.dumps({"student": "ada", "problem": "01-linear_layer", "answers": {"z": [[1], [8]]}}) + "\n"
                     + json.dumps({"student": "bob", "answers": {"01-linear_layer": {"z": "1/3"}}}) + "\n{oops\n")
    read = read_class(results, lines)
    values = {student.student: student.problems[0].parts[0].value for student in read.students}
    assert values == {"ada": "[[1.0], [8.0]]", "bob": '"1/3"'}
    (line,) = read.unread
    assert line.startswith(f"submission {lines}:3: not valid JSON"), line


def test_a_student_id_that_is_a_path_is_never_used_as_one(tmp_path):
    results, subs = tmp_path / "results", tmp_path / "subs"
    write(results, "eve.json", student_file("../results/ada"))
    write(results, "ada.json", student_file("ada"))
    write(subs, "ada.json", {"01-linear_layer": {"z": [[1], [8]]}})
    write(tmp_path, "ada.json", {"01-linear_layer": {"z": "the instructor's answer"}})
    read = read_class(results, subs)
    values = {student.student: student.problems[0].parts[0].value for student in read.students}
    assert values == {"../results/ada": None, "ada": "[[1.0], [8.0]]"}


def test_an_unreadable_submission_is_named_and_grading_records_stay(tmp_path):
    results, subs = tmp_path / "results", tmp_path / "subs"
    write(results, "ada.json", student_file("ada"))
    write(subs, "ada.json", "{oops: [")
    read = read_class(results, subs)
    assert len(read.students) == 1 and read.unread and read.unread[0].startswith("submission ")


def test_a_submission_that_is_a_link_or_fifo_is_not_followed(tmp_path):
    import os

    results, subs, key = tmp_path / "results", tmp_path / "subs", tmp_path / "key.json"
    key.write_text(json.dumps({"01-linear_layer": {"z": "the instructor's answer"}}))
    for student in ("ada", "bob", "cy", "dan"):
        write(results, f"{student}.json", student_file(student))
    subs.mkdir()
    (subs / "ada.json").symlink_to(key)
    (subs / "bob").mkdir()
    (subs / "bob" / "01-linear_layer.json").symlink_to(key)
    (subs / "cy").symlink_to(tmp_path)
    os.mkfifo(subs / "dan.json")
    read = read_class(results, subs)
    assert all(part.value is None for student in read.students for record in student.problems for part in record.parts)
    assert sorted(line.rsplit(": ", 1)[1] for line in read.unread) == \
        ["a symbolic link, not read"] * 3 + ["not a file or a folder, not read"], read.unread


def test_a_file_name_with_terminal_escapes_is_shown_not_run(tmp_path):
    results, subs = tmp_path / "results", tmp_path / "subs"
    write(results, "ada.json", student_file("ada"))
    write(subs / "ada", "\x1b[1A\x1b[2K\u202e01-linear_layer.json", "{")  # would erase the line above
    (line,) = read_class(results, subs).unread
    assert line.isprintable() and "\\x1b[1A\\x1b[2K\\u202e01-linear_layer.json" in line, line


@pytest.mark.parametrize("raw, shown", [
    (3, "3.0"), ("6*x - 4", '"6*x - 4"'), ([[0.333333], [1e-9]], "[[0.3333], [1e-09]]"), ([1, [2, 3]], "[1.0, [2.0, 3.0]]"),
    (float("nan"), None), (float("inf"), None), (10 ** 400, None), (True, None), (None, None), ({"a": 1}, None),
    ("x" * 81, None), (list(range(65)), None), ([[[[[1]]]]], None),
])
def test_shown_value_keeps_only_plain_small_answers(raw, shown):
    assert shown_value(raw) == shown


def test_an_answer_of_yaml_aliases_standing_for_millions_of_numbers_is_shown_as_none_at_once(cpu_seconds):
    """400 characters of YAML stand for 10^7 numbers (each alias ten of the level below):
    looking the answer up must not spell it out in full."""
    from nngrade.core.problem import loads_data

    lines = ["a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    lines += [f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]" for level in range(1, 7)]
    raw = loads_data("\n".join(lines + ["z: *a6"]))["z"]
    start = cpu_seconds()
    assert shown_value(raw) is None
    assert cpu_seconds() - start < 0.5


def test_a_submission_goes_only_with_the_results_file_named_by_its_student(tmp_path):
    results, subs = tmp_path / "results", tmp_path / "subs"
    write(results, "bob.json", student_file("ada"))  # bob's file name, ada's record
    write(subs, "bob.json", {"01-linear_layer": {"z": [[1], [8]]}})
    read = read_class(results, subs)
    assert read.students[0].problems[0].parts[0].value is None
    assert read.unread == ["bob.json: the file of student 'ada', so the submission of 'bob' was not used"]


def test_the_class_results_schemas_are_valid_json_schemas():
    from jsonschema import Draft202012Validator

    from nngrade.report.results import _checkers, schema

    for checked in (schema(), *(checker.schema for checker in _checkers())):
        Draft202012Validator.check_schema(checked)
