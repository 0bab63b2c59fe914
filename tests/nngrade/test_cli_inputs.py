"""What the command line does with files a person got wrong, through the real ``nngrade`` command."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

SEED_LAB = {"kind": "linear_layer", "params": {"X": [[1, 2], [3, -1]], "W": [[2], [-1]], "b": [1]}}


def nngrade(*args, stdin: str | None = None, env=None):
    command = shutil.which("nngrade")
    argv = [command, *args] if command else [sys.executable, "-m", "nngrade", *args]
    return subprocess.run(argv, capture_output=True, text=True, input=stdin, env=env, timeout=120)


def one_line_error(run, *words):
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr, run.stderr
    for word in words:
        assert word in run.stderr, run.stderr


@pytest.fixture
def problem(tmp_path):
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(SEED_LAB))
    return path


@pytest.mark.parametrize("command", ["grade", "check"])
@pytest.mark.parametrize("content,words", [
    (None, ["missing.json", "no such file"]),
    ("{not json", ["missing.json", "neither JSON nor YAML"]),
    ("[1, 2]", ["missing.json", "expected a mapping of part names to answers", "got a list"]),
    ("just text", ["missing.json", "got 'just text'"]),
])
def test_an_unusable_submission_file_exits_2_with_one_line(tmp_path, problem, command, content, words):
    path = tmp_path / "missing.json"
    if content is not None:
        path.write_text(content)
    one_line_error(nngrade(command, str(problem), str(path)), *words)


def test_a_submission_on_standard_input_is_read(problem):
    run = nngrade("grade", str(problem), "-", stdin='{"z": [[1], [8]]}')
    assert run.returncode == 0 and json.loads(run.stdout)["score"] == 1.0
    one_line_error(nngrade("grade", str(problem), "-", stdin="[1]"), "standard input")


def test_a_name_that_is_no_part_is_warned_about_with_its_near_miss(tmp_path, problem):
    (tmp_path / "a.json").write_text('{"zz": [[1], [8]]}')
    graded = nngrade("grade", str(problem), str(tmp_path / "a.json"))
    assert graded.returncode == 0
    result = json.loads(graded.stdout)
    assert result["score"] == 0
    assert result["warnings"] == ["'zz' is not a part of this problem (did you mean 'z'?)"]
    checked = nngrade("check", str(problem), str(tmp_path / "a.json"))
    assert "note: 'zz' is not a part of this problem (did you mean 'z'?)" in checked.stdout


@pytest.mark.parametrize("problem_data,words", [
    ({"kind": "linear_layer", "parms": SEED_LAB["params"]}, ["unknown key 'parms'", "did you mean 'params'?"]),
    ({"kind": "linear_layr", "params": {}}, ["kind: unknown exercise kind 'linear_layr'",
                                             "did you mean 'linear_layer'?"]),
    ({**SEED_LAB, "knobs": {"dificulty": "easy"}}, ["unknown key 'dificulty' in knobs",
                                                    "did you mean 'difficulty'?"]),
    ({**SEED_LAB, "seed": "seven"}, ["seed: expected a whole number or nothing, got 'seven'"]),
])
def test_a_mistyped_problem_file_names_the_key_and_the_near_miss(tmp_path, problem_data, words):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(problem_data))
    one_line_error(nngrade("solve", str(path)), f"{path}: ", *words)


def test_the_secret_comes_from_the_environment_variable_the_readme_sets():
    args = ("generate", "activation", "--student", "ada", "--assignment", "hw1")
    with_option = nngrade(*args, "--secret", "s3cret")
    from_environment = nngrade(*args, env={**__import__("os").environ, "NNGRADE_SECRET": "s3cret"})
    assert with_option.returncode == from_environment.returncode == 0, from_environment.stderr
    assert json.loads(with_option.stdout) == json.loads(from_environment.stdout)


@pytest.mark.parametrize("name", ["problem", "problemset", "assignment", "stored-assignment", "submission"])
def test_the_schemas_print_as_json_schema(name):
    from jsonschema import Draft202012Validator

    run = nngrade("schema", name)
    assert run.returncode == 0, run.stderr
    Draft202012Validator.check_schema(json.loads(run.stdout))
