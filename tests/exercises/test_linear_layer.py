"""linear_layer: the seed lab's worked example and exercises come out exactly."""
from __future__ import annotations

import re

import pytest

import nngrade
from nngrade.exercises import problems

LAB = {
    "seed-lab": [["1"], ["8"]],
    "lab-2x2-a": [["3"], ["3"]],
    "lab-2x2-b": [["-6"], ["43"]],
    "lab-3x3-a": [["10"], ["2"], ["7"]],
    "lab-3x3-b": [["16"], ["24"], ["64"]],
    "lab-nonsquare-a": [["4"], ["8"]],
    "lab-nonsquare-b": [["13"], ["-34"], ["25"]],
}


@pytest.mark.parametrize("name,z", LAB.items())
def test_lab_examples_exact(name, z):
    solution = nngrade.solve(problems.example("linear_layer", name))
    assert solution["answers"]["z"]["exact"] == z


def test_seed_example_steps_and_values():
    solution = nngrade.solve({"kind": "linear_layer", "params": {"X": [[1, 2], [3, -1]], "W": [[2], [-1]], "b": [1]}})
    assert solution["answers"]["z"]["value"] == [[1.0], [8.0]]
    assert [s["title"] for s in solution["steps"]] == ["Write down the shapes", "Multiply", "Add the bias"]


def test_shape_question():
    solution = nngrade.solve(problems.example("linear_layer", "lab-shape-2x3"))
    answers = {part: a["value"] for part, a in solution["answers"].items()}
    assert (answers["n_observations"], answers["n_inputs"], answers["n_units"]) == (2, 3, 1)
    result = nngrade.grade(problems.example("linear_layer", "lab-shape-2x3"),
                           {"z": answers["z"], "n_observations": 3, "n_inputs": 2, "n_units": 1})
    assert result.score == 1.5


def test_transposed_answer_is_diagnosed():
    problem = {"kind": "linear_layer", "params": {"X": [[1, 2], [3, -1]], "W": [[2, 1], [-1, 0]], "b": [1, 1]}}
    z = nngrade.solve(problem)["answers"]["z"]["value"]
    transposed = [list(r) for r in zip(*z)]
    result = nngrade.grade(problem, {"z": transposed})
    assert result.score == 0
    assert "transposed" in result.parts[0].feedback


def test_b_must_fit_the_units():
    with pytest.raises(nngrade.api.ProblemFileError, match="b has 3 entries"):
        nngrade.solve({"kind": "linear_layer", "params": {"X": [[1, 2]], "W": [[1, 2], [3, 4]], "b": [1, 2, 3]}})


def _shape_of(tex: str) -> tuple[int, int]:
    """Rows and columns of a pmatrix (a plain number is 1 x 1)."""
    if r"\begin{pmatrix}" not in tex:
        return 1, 1
    rows = tex.split(r"\begin{pmatrix}")[1].split(r"\end{pmatrix}")[0].split(r"\\")
    return len(rows), rows[0].count("&") + 1


def test_the_bias_is_shown_in_the_shape_its_step_names_a_row_of_one_bias_per_unit():
    from nngrade.exercises import registry
    from nngrade.rendering import render

    exercise = registry.get("linear_layer")
    drawn = [problems.draw(exercise, seed, difficulty=level) for seed in range(10) for level in ("easy", "medium", "hard")]
    for problem in [problems.example("linear_layer", name) for name in exercise.examples] + drawn:
        shown = re.search(r"b = (\\begin\{pmatrix\}.*?\\end\{pmatrix\}|-?[\d\\{}]+)", render.statement(problem, "latex"))
        named = re.search(r"\\underbrace\{b\}_\{(\d+) \\times (\d+)\}", exercise.solve(problem.params).steps[0].latex)
        assert shown and named, problem.params
        assert _shape_of(shown.group(1)) == (int(named.group(1)), int(named.group(2))), problem.params
        units, b = len(problem.params["W"][0]), problem.params["b"]
        if units > 1 and not isinstance(b[0], list):
            assert named.group(1) == "1", problem.params


@pytest.mark.parametrize("seed", range(10))
def test_the_architecture_step_counts_in_the_singular_where_there_is_one(seed):
    from nngrade.exercises import registry

    exercise = registry.get("linear_layer")
    for problem in [problems.example("linear_layer", "lab-shape-2x3"),
                    problems.draw(exercise, seed, ask_shape=True, difficulty="easy")]:
        text = exercise.solve(problem.params).steps[-1].text
        assert "architecture" in exercise.solve(problem.params).steps[-1].title.lower()
        assert not re.search(r"\b1 \w+s\b", text), text
