"""The notebook loop as a student runs it: cells in a real Jupyter kernel (nbclient)."""
from __future__ import annotations

from nngrade.practice import Practice
from nngrade.practice.seeds import practice_seed

from .kernel import run_cells, text_of


def test_a_practice_session_in_a_real_kernel():
    right = dict(Practice("backprop", "easy", seed=7, show=False).key.expected)
    notebook = run_cells([
        "import sys\nfrom nngrade import practice\nprint('sympy imported:', 'sympy' in sys.modules)",
        "p = practice('backprop', difficulty='easy', seed=7)",
        "p.check({'output': [[0.0]], 'loss': 'abc'})",
        f"p.check({right!r})",
        "p.hint()",
        "p.hint()",
        "p.solution()",
        "p.another()",
        "p.summary()",
    ])
    cells = [text_of(cell) for cell in notebook.cells]
    assert cells[0].strip() == "sympy imported: False"
    statement = notebook.cells[1].outputs[0]
    assert statement.output_type == "display_data" and "text/markdown" in statement.data
    assert "One step of backpropagation" in cells[1] and f"seed {practice_seed(7)}" in cells[1]
    assert "Score: 0" in cells[2] and "'abc' is not a number" in cells[2] and "Try again" in cells[2]
    assert "All right" in cells[3]
    assert "Step 1 of" in cells[4] and "Step 2 of" in cells[5] and "Step 1 of" not in cells[5]
    assert "Worked solution" in cells[6]
    assert "One step of backpropagation" in cells[7] and f"seed {practice_seed(7)}" not in cells[7]
    assert "Variants: 2 shown, 1 tried, 1 solved" in cells[8]
    assert "Tries: 2" in cells[8] and "Right first time: 0 of 1" in cells[8]
    assert "Hints used: 2; solutions shown: 1" in cells[8]
