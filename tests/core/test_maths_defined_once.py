"""core/maths.py is the one definition of each activation and loss: no other module of the package
writes their formulas, the set of kinked activations or the leaky-ReLU default again.

The package's code is read with its comments and spaces left out, then searched for the
formulas' telltale shapes (a NumPy or library call, not the ``1/(1 + exp(-1))`` a docstring
quotes). The few other places that evaluate the same functions for another purpose are named
with their reason.
"""
from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("core", "generators", "solvers", "sandbox", "grading", "exercises", "rendering", "handouts", "classwork",
           "course", "practice", "report", "lms", "nngrade")
THE_TABLE = "core/maths.py"
#: Not code: what tokenize reports for comments and layout.
SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}

#: A formula's shape in code without spaces, and the modules besides the table allowed to have it.
FORMULAS = {
    "sigmoid": (r"1(\.0)?/\(?1(\.0)?\+(np|sp|lib|math|mpmath)\.exp\(-", {}),
    "tanh in floats": (r"np\.tanh\(", {
        "solvers/function_text.py": "evaluates a univariate f(x) that a gd_univariate problem writes",
    }),
    "relu": (r"np\.maximum\(0(\.0)?,|np\.where\(z>0,z,0", {}),
    "softmax": (r"np\.exp\(z-", {}),
    "a log-loss": (r"np\.log\(|logaddexp", {
        "core/real_values.py": "evaluates any expression's log (expression answers)",
        "solvers/loss.py": "the one_log_term misconception: bce with its (1 - y) term left out",
    }),
    "the kinked set": (r'\("relu","leaky_relu","sign"\)', {}),
    "the leaky-ReLU default": (r'"alpha",(Fraction|\d|")|alpha(:float)?=(0\.01|Fraction)', {}),
    "an activation's TeX": (r'operatorname\{(ReLU|LeakyReLU|softmax)\}|\\sigma\(z\)=', {}),
    "a loss's indexed TeX or averaging factor": (r'\\sum_\{\{?i=1\}|\\frac\{\{?\d+\}?\}\{\{?\d*[Nn]\}', {}),
}


def package_files() -> list[Path]:
    return sorted(path for folder in FOLDERS for path in (ROOT / folder).rglob("*.py"))


def code_of(path: Path) -> str:
    """The module's code and strings (TeX lives in strings), without comments, layout or spaces."""
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return "".join(token.string.replace(" ", "") for token in tokens if token.type not in SKIPPED)


@pytest.mark.parametrize("formula", FORMULAS)
def test_only_the_table_writes_the_formula(formula):
    pattern, allowed = FORMULAS[formula]
    found = []
    for path in package_files():
        name = path.relative_to(ROOT).as_posix()
        if name == THE_TABLE or name in allowed:
            continue
        if re.search(pattern, code_of(path)):
            found.append(name)
    assert found == [], f"{formula} is written outside {THE_TABLE}: {found}"
    stale = [name for name in allowed if not re.search(pattern, code_of(ROOT / name))]
    assert stale == [], f"{formula} is no longer written in {stale}: drop them from the allowed places"


#: A line of each shape, as another module might write it again.
AGAIN = {
    "sigmoid": "return1.0/(1.0+np.exp(-z))",
    "tanh in floats": "a=np.tanh(z)",
    "relu": "a=np.maximum(0,z)",
    "softmax": "e=np.exp(z-z.max(axis=-1,keepdims=True))",
    "a log-loss": "-(y*np.log(p)+(1-y)*np.log(1-p))",
    "the kinked set": 'KINKED=("relu","leaky_relu","sign")',
    "the leaky-ReLU default": 'alpha=layer.get("alpha",0.01)',
    "an activation's TeX": 'r"\\operatorname{ReLU}(z)=\\max(0,z)"',
    "a loss's indexed TeX or averaging factor": 'r"L=-\\frac{1}{n}\\sum_{i=1}^{n}\\sum_{j=1}^{k}y_{ij}\\log\\hat{y}_{ij}"',
}


@pytest.mark.parametrize("formula", FORMULAS)
def test_the_search_finds_the_formula_written_again(formula):
    assert re.search(FORMULAS[formula][0], AGAIN[formula])
