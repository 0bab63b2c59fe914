"""The command line through the real installed ``nngrade`` command (subprocesses, not CliRunner)."""
from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SEED_LAB = {"kind": "linear_layer", "params": {"X": [[1, 2], [3, -1]], "W": [[2], [-1]], "b": [1]}}


def nngrade(*args, stdin: str | None = None, cwd=None, timeout: float = 120):
    command = shutil.which("nngrade")
    argv = [command, *args] if command else [sys.executable, "-m", "nngrade", *args]
    return subprocess.run(argv, capture_output=True, text=True, input=stdin, cwd=cwd, timeout=timeout)


@pytest.fixture
def seed_problem(tmp_path):
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(SEED_LAB))
    return path


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def test_help_lists_commands():
    result = nngrade("--help")
    assert result.returncode == 0
    for command in ("list", "generate", "solve", "grade", "check", "build", "demo"):
        assert command in result.stdout


def test_list_shows_every_kind():
    from nngrade.exercises import registry

    result = nngrade("list", "--json")
    assert result.returncode == 0
    assert [entry["kind"] for entry in json.loads(result.stdout)] == registry.kinds()


def test_solve_seed_lab_example(seed_problem):
    result = nngrade("solve", str(seed_problem))
    assert result.returncode == 0, result.stderr
    solution = json.loads(result.stdout)
    assert solution["answers"]["z"] == {"value": [[1.0], [8.0]], "exact": [["1"], ["8"]]}
    assert len(solution["steps"]) == 3


@pytest.mark.parametrize("fmt,marker", [("markdown", "$$"), ("latex", "\\[")])
def test_solve_text_formats(seed_problem, fmt, marker):
    result = nngrade("solve", str(seed_problem), "--format", fmt)
    assert result.returncode == 0
    assert marker in result.stdout and "Add the bias" in result.stdout


def test_solve_reads_standard_input():
    result = nngrade("solve", "-", stdin=json.dumps(SEED_LAB))
    assert json.loads(result.stdout)["answers"]["z"]["exact"] == [["1"], ["8"]]


def test_exact_decimal_input():
    problem = {"kind": "linear_layer", "params": {"X": [[0.1, 0.2]], "W": [[1], [1]], "b": ["1/3"]}}
    result = nngrade("solve", "-", stdin=json.dumps(problem))
    assert json.loads(result.stdout)["answers"]["z"]["exact"] == [["19/30"]]


def test_yaml_problem(tmp_path):
    path = write(tmp_path, "p.yaml", "kind: linear_layer\nparams:\n  X: [[1, 2], [3, -1]]\n  W: [2, -1]\n  b: [1]\n")
    assert json.loads(nngrade("solve", str(path)).stdout)["answers"]["z"]["exact"] == [["1"], ["8"]]


def test_grade_right_transposed_and_banana(tmp_path, seed_problem):
    right = json.loads(nngrade("grade", str(seed_problem), str(write(tmp_path, "a.json", {"z": [[1], [8]]}))).stdout)
    assert right["score"] == right["max_score"] == 1.0
    problem = write(tmp_path, "p2.json", {"kind": "linear_layer",
                                          "params": {"X": [[1, 2], [3, -1]], "W": [[2, 1], [-1, 0]], "b": [1, 1]}})
    transposed = json.loads(nngrade("grade", str(problem), str(write(tmp_path, "t.json", {"z": [[1, 8], [2, 4]]}))).stdout)
    assert transposed["score"] == 0 and "transposed" in transposed["parts"][0]["feedback"]
    banana = nngrade("grade", str(seed_problem), str(write(tmp_path, "b.json", {"z": "banana"})))
    assert banana.returncode == 0
    graded = json.loads(banana.stdout)
    assert graded["score"] == 0 and "banana" in graded["parts"][0]["feedback"]
    assert "Traceback" not in banana.stderr


@pytest.mark.parametrize("content,message", [
    (None, "no such file"),
    ("{broken", "neither JSON nor YAML"),
    ('{"kind": "nope", "params": {}}', "unknown exercise kind"),
    ('{"kind": "linear_layer", "params": {"X": [[1, 2]], "W": [[1]], "b": [1]}}', "must match"),
    ('{"kind": "linear_layer", "params": {"X": [[1, "nan"]], "W": [1, 1], "b": [1]}}', "parameter X"),
    ("[1, 2]", "mapping"),
])
def test_unusable_problem_is_a_one_line_error(tmp_path, content, message):
    path = tmp_path / "p.json"
    if content is not None:
        path.write_text(content)
    result = nngrade("grade", str(path), str(write(tmp_path, "s.json", {})))
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_check_is_readable_text(tmp_path, seed_problem):
    result = nngrade("check", str(seed_problem), str(write(tmp_path, "a.json", {"z": [[0], [7]]})))
    assert result.returncode == 0
    assert "bias" in result.stdout and "{" not in result.stdout


def test_generate_is_reproducible_and_writes_files(tmp_path):
    first = nngrade("generate", "linear_layer", "--seed", "11", "--difficulty", "hard")
    second = nngrade("generate", "linear_layer", "--seed", "11", "--difficulty", "hard", "--out", str(tmp_path / "g.json"))
    assert first.returncode == second.returncode == 0
    assert json.loads(first.stdout) == json.loads((tmp_path / "g.json").read_text())
    assert json.loads(first.stdout)["seed"] == 11


def test_generate_per_student_variants_differ():
    args = ("generate", "linear_layer", "--secret", "s3cret", "--assignment", "hw1")
    ada, bob = nngrade(*args, "--student", "ada"), nngrade(*args, "--student", "bob")
    assert json.loads(ada.stdout)["params"] != json.loads(bob.stdout)["params"]
    assert nngrade(*args, "--student", "ada").stdout == ada.stdout


@pytest.mark.parametrize("args,message", [
    (("generate", "nope"), "unknown exercise kind"),
    (("generate", "linear_layer", "--knob", "colour=red"), "no knob"),
    (("generate", "linear_layer", "--student", "ada"), "secret"),
])
def test_generate_errors(args, message):
    result = nngrade(*args)
    assert result.returncode == 2 and message in result.stderr


def test_build_and_demo(tmp_path):
    roster = write(tmp_path, "roster.txt", "ada\ngrace\n# comment\n")
    no_pdf = () if importlib.util.find_spec("pikepdf") else ("--no-pdf",)  # the pdf extra may be missing
    result = nngrade("build", "seed-lab", "--out", str(tmp_path / "set"), "--students", str(roster), "--secret", "k",
                     *no_pdf, timeout=300)
    assert result.returncode == 0, result.stderr
    for student in ("ada", "grace"):
        folder = tmp_path / "set" / "students" / student
        assert (folder / "handout.md").exists() and (folder / "answers.tex").exists()
    ada = (tmp_path / "set/students/ada/problems").iterdir()
    assert sorted(p.name for p in ada)
    demo = nngrade("demo", "--out", str(tmp_path / "demo"), timeout=600)  # a real nbgrader course and the PDFs
    assert demo.returncode == 0, demo.stderr
    summary = json.loads((tmp_path / "demo" / "summary.json").read_text())
    scores = {row["submission"].split("-")[0]: row for row in summary["grading"]}
    assert scores["right"]["score"] == scores["right"]["max_score"]
    assert all(row["score"] < row["max_score"] for row in summary["grading"] if row["submission"] != "right")
    assert Path(tmp_path / "demo" / "class" / "answers.md").read_text().count("Worked solution") >= 1
    if "skipped" not in summary["pdf"]:  # pdflatex and the pdf extra are installed
        assert (tmp_path / "demo" / "class" / "answers.pdf").exists()
        assert (tmp_path / "demo" / "class-handouts.pdf").exists() and (tmp_path / "demo" / "class-answers.pdf").exists()
    course = summary["nbgrader"]
    if "skipped" not in course:  # the nbgrader extra is installed: a real autograde ran
        totals = {student: sum(scores.values()) for student, scores in course["scores"].items()}
        assert totals["ada"] == totals["alan"] == 10  # right, and right by hand with 3 figures
        assert totals["grace"] < 10  # a known mistake in every exercise


def test_grade_a_problem_too_large_for_floats_gives_one_line(tmp_path):
    """X^T X of an entry of 1e300 overflows a float: the key's twin refuses, and so does grade."""
    problem = write(tmp_path, "large.json", {"kind": "least_squares", "params": {"X": [["1e300"], [2]], "y": [0, 1]}})
    submission = write(tmp_path, "answers.json", {"beta_hat": [0]})
    result = nngrade("grade", str(problem), str(submission))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "beyond the range" in result.stderr


@pytest.mark.parametrize("function", ["softmax", "sigmoid", "tanh", "exp"])
def test_solve_large_inputs_gives_a_solution_or_one_line(tmp_path, function):
    problem = write(tmp_path, "large.json", {"kind": "activation", "params": {"function": function, "z": [800, 300, -800]}})
    result = nngrade("solve", str(problem))
    assert "Traceback" not in result.stderr
    if function == "exp":  # e^800 is beyond the float range of the contract's "value"
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
        assert "beyond the range" in result.stderr
    else:
        assert result.returncode == 0, result.stderr
        assert all(abs(v) <= 1 for v in json.loads(result.stdout)["answers"]["a"]["value"])


def test_grade_a_class_folder_against_a_set_with_roster_and_secret(tmp_path):
    (tmp_path / "set.yaml").write_text("exercises:\n  - example: linear_layer/seed-lab\n  - kind: activation\n")
    (tmp_path / "roster.txt").write_text("ada\nbob\n")
    (tmp_path / "in" / "ada").mkdir(parents=True)
    write(tmp_path / "in" / "ada", "01-linear_layer.json", {"z": [[1], [8]]})
    write(tmp_path / "in", "bob.json", "{not json")
    done = nngrade("grade", str(tmp_path / "set.yaml"), str(tmp_path / "in"), "--students", str(tmp_path / "roster.txt"),
                   "--secret", "s", "--out", str(tmp_path / "out"), "--processes", "1")
    assert done.returncode == 0, done.stderr
    assert "graded 2 students, 4 problems" in done.stdout
    assert done.stderr.count("not graded: bob: ") == 1
    ada = json.loads((tmp_path / "out" / "ada.json").read_text())
    assert [item["result"]["score"] for item in ada["problems"]] == [1.0, 0.0]
    assert (tmp_path / "out" / "scores.csv").read_text().splitlines()[0].startswith("student,score,max_score,01-linear_layer/z")
    missing = nngrade("grade", str(tmp_path / "set.yaml"), str(tmp_path / "in"), "--students", str(tmp_path / "roster.txt"))
    assert missing.returncode == 2 and "--out" in missing.stderr
