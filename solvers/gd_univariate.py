"""Gradient descent on f(x): the derivative, the stationary points, k iterates, and the step size.

The seed lecture's lesson: the minimum is where f'(x) = 0; gradient descent walks there by
x_{k+1} = x_k - eta f'(x_k); and for a quadratic, x_{k+1} - x* = (1 - eta f'')(x_k - x*), so the
iterates converge exactly when |1 - eta f''| < 1, that is when 0 < eta < 2 / f'' (the critical
rate). At eta = 2 / f'' they bounce between two points for ever, which is not convergence.
"""
from __future__ import annotations

import numpy as np

from . import function_text
from .solution import Solution, Step

#: Interval scanned for stationary points of a function that is not a polynomial.
SCAN_INTERVAL = (-50.0, 50.0)
#: Grid points of that scan.
SCAN_POINTS = 20_001
#: Bisection halvings of each bracket: the grid step 0.005 shrinks below 1e-17.
BISECTIONS = 52


def solve(params) -> Solution:
    """Exact answers, and the derivation: function, derivative, stationary points, iterates."""
    import sympy as sp

    from nngrade.core.expression import parse

    from . import exact, latex

    x = sp.Symbol("x", real=True)
    f = parse(params["f"])
    derivative = sp.expand(sp.diff(f, x)) if f.is_polynomial(x) else sp.simplify(sp.diff(f, x))
    second = sp.diff(derivative, x)
    eta, x0 = exact.sym(params["learning_rate"]), exact.sym(params["x0"])
    points = stationary_points_exact(derivative, x)

    steps = [
        Step("Write down the function", rf"f(x) = {sp.latex(f)}",
             "This is the loss to minimise; its slope at $x$ is the derivative $f'(x)$."),
        Step("Differentiate", rf"f'(x) = {_term_by_term(f, x)}",
             r"Power rule term by term: the derivative of $a x^n$ is $n a x^{n-1}$; a constant has slope $0$."
             if f.is_polynomial(x) else "Differentiate each term, using the chain rule inside functions."),
        Step("Find the stationary points", _stationary_latex(derivative, second, points, x),
             "A minimum (or maximum) has slope zero: solve $f'(x) = 0$, then read the sign of $f''(x)$."),
        Step("Write the update", r"x_{k+1} = x_k - \eta\, f'(x_k),\qquad \eta = " + latex.number(eta),
             "Gradient descent moves against the slope, by the learning rate times the slope."),
    ]
    iterates, lines = [], []
    current = x0
    for k in range(params["steps"]):
        slope = exact.settle(derivative.subs(x, current))
        following = exact.settle(current - eta * slope)
        lines.append(
            rf"x_{{{k + 1}}} &= x_{{{k}}} - \eta f'(x_{{{k}}}) = {latex.number(current)} - {latex.number(eta)}"
            rf" \cdot f'({latex.number(current)}) = {latex.number(current)} - {latex.number(eta)} \cdot"
            rf" {latex.signed(slope)} = {latex.number(following)}"
        )
        iterates.append(following)
        current = following
    steps.append(Step(f"Take {params['steps']} step{'s' if params['steps'] != 1 else ''} from the start",
                      r"\begin{aligned} " + r" \\ ".join(lines) + r" \end{aligned}",
                      "Evaluate the slope at the current point, multiply by the learning rate, subtract."))
    answers = {"derivative": derivative, "stationary_points": points, "iterates": iterates}
    if params.get("ask_step_size"):
        critical, converges, step = _step_size(second, eta, x, latex)
        answers.update({"critical_rate": critical, "converges": converges})
        steps.append(step)
    return Solution(answers, steps)


def stationary_points_exact(derivative, x) -> list:
    """The real solutions of f'(x) = 0, in increasing order; an error when there is no finite list."""
    import sympy as sp

    from . import exact

    if derivative.is_zero:
        raise ValueError("f is constant: every x is a stationary point")
    solutions = sp.solveset(derivative, x, domain=sp.S.Reals)
    if solutions is sp.S.EmptySet:
        return []
    if not isinstance(solutions, sp.FiniteSet):
        raise ValueError(f"cannot list the solutions of f'(x) = 0 in closed form ({solutions})")
    return sorted((exact.settle(point) for point in solutions), key=lambda point: float(point))


def _term_by_term(f, x) -> str:
    import sympy as sp

    if not f.is_polynomial(x):
        raw, simplified = sp.diff(f, x), sp.simplify(sp.diff(f, x))
        return sp.latex(raw) if raw == simplified else f"{sp.latex(raw)} = {sp.latex(simplified)}"
    poly = sp.Poly(f, x)
    pieces = []
    for (power,), coefficient in poly.terms():
        if power == 0:
            continue
        term = f"{power} \\cdot {sp.latex(coefficient)}" if power > 1 else sp.latex(coefficient)
        if power > 2:
            term += f" x^{{{power - 1}}}"
        elif power == 2:
            term += " x"
        pieces.append(term)
    shown = " + ".join(pieces).replace("+ -", "- ") or "0"
    return shown + " = " + sp.latex(sp.expand(sp.diff(f, x)))


def _stationary_latex(derivative, second, points, x) -> str:
    import sympy as sp

    from . import exact, latex

    if not points:
        return rf"f'(x) = {sp.latex(derivative)} = 0 \text{{ has no real solution: no stationary point}}"
    verdicts = []
    for point in points:
        curvature = second.subs(x, point)
        kind = "minimum" if curvature > 0 else "maximum" if curvature < 0 else r"f''=0\text{: the test is silent}"
        kind = rf"\text{{{kind}}}" if curvature != 0 else kind
        verdicts.append(rf"x = {latex.number(point)}:\; f''({latex.number(point)}) = {latex.number(exact.settle(curvature))}"
                        rf" \Rightarrow {kind}")
    return (rf"f'(x) = {sp.latex(derivative)} = 0 \;\Rightarrow\; x \in \{{"
            + ", ".join(latex.number(p) for p in points) + r"\}, \qquad f''(x) = " + sp.latex(second)
            + r",\qquad " + r",\quad ".join(verdicts))


def _step_size(second, eta, x, latex):
    """Critical rate 2/f'' of a quadratic and whether ``eta`` is below it, with the derivation."""
    if second.free_symbols or not second > 0:
        raise ValueError("the step-size question needs a convex quadratic f (f'' a positive constant)")
    critical = 2 / second
    factor = 1 - eta * second
    converges = bool(abs(factor) < 1)
    verdict = (r"\text{converges}" if converges else r"\text{does not converge}")
    text = (
        r"For a quadratic every step multiplies the distance to the minimum by the same factor $1 - \eta f''$. "
        r"The iterates converge when that factor lies strictly between $-1$ and $1$, that is when $\eta$ is between "
        r"$0$ and $2/f''$, the critical rate."
        + (" Here the factor is negative, so the iterates jump over the minimum and back." if factor < 0 else "")
    )
    math = (rf"x_{{k+1}} - x^* = (1 - \eta f'')(x_k - x^*),\quad \eta_{{\text{{crit}}}} = \frac{{2}}{{f''}} = "
            rf"\frac{{2}}{{{latex.number(second)}}} = {latex.number(critical)},\quad 1 - \eta f'' = 1 - "
            rf"{latex.number(eta)} \cdot {latex.number(second)} = {latex.number(factor)} \;\Rightarrow\; {verdict}")
    return critical, converges, Step("Check the step size", math, text)


#: The wrong ways of working the exercise that :func:`solve_numeric` can imitate.
MISTAKES = (
    "plus_update",             # x + eta f'(x)
    "no_learning_rate",        # x - f'(x)
    "power_rule_factor_lost",  # d/dx of c x^n taken as c x^(n-1) (polynomials only)
    "critical_one_over",       # 1/f'' as the critical learning rate
)


def solve_numeric(params, rnd=None, mistake: str | None = None) -> dict | None:
    """The same answers in float64 (no sympy): dual numbers for slopes, NumPy roots for stationary
    points; ``mistake`` (one of :data:`MISTAKES`) works them wrongly, None where it cannot happen."""
    if mistake is not None and mistake not in MISTAKES:
        raise ValueError(f"unknown mistake {mistake!r}")
    rnd = rnd or (lambda value: value)
    text = params["f"]
    eta = float(params["learning_rate"])
    x = float(params["x0"])
    derivative = function_text.slope(text)
    stationary = None
    if mistake == "no_learning_rate" and params["learning_rate"] == 1:
        return None
    if mistake == "critical_one_over" and not params.get("ask_step_size"):
        return None
    if mistake == "power_rule_factor_lost":
        derivative = _power_rule_factor_lost(text)
        if derivative is None:
            return None
        stationary = real_roots(derivative)
    sign = 1.0 if mistake == "plus_update" else -1.0
    rate = 1.0 if mistake == "no_learning_rate" else eta
    iterates = []
    for _ in range(params["steps"]):
        slope = rnd(float(derivative(x)))
        x = float(rnd(x + sign * rnd(rate * slope)))
        iterates.append(x)
    out = {
        "derivative": function_text.derivative_text(text),
        "stationary_points": rnd(stationary_points_numeric(text)) if stationary is None else stationary,
        "iterates": np.array(iterates),
    }
    if params.get("ask_step_size"):
        curvature = float(function_text.polynomial(text).deriv(2).coef[0])
        critical = 1.0 / curvature if mistake == "critical_one_over" else rnd(2.0 / curvature)
        out.update({"critical_rate": critical, "converges": bool(eta < critical)})
    return out


def _power_rule_factor_lost(text: str):
    """The slope of c x^n taken as c x^(n-1) (the exponent not brought down), as a polynomial;
    None where f is no polynomial or that slope is 0."""
    try:
        poly = function_text.polynomial(text)
    except function_text.NotPolynomial:
        return None
    wrong_slope = np.polynomial.Polynomial(poly.coef[1:] if len(poly.coef) > 1 else [0.0])
    return None if np.all(wrong_slope.coef == 0) else wrong_slope


def stationary_points_numeric(text: str) -> np.ndarray:
    """Real roots of f', increasing: from the companion matrix for a polynomial, else a scan."""
    try:
        poly = function_text.polynomial(text)
    except function_text.NotPolynomial:
        return _scan_roots(text)
    return real_roots(poly.deriv())


def real_roots(slope) -> np.ndarray:
    """The distinct real roots of a NumPy polynomial, increasing, polished by Newton's method."""
    if np.all(slope.coef == 0):
        raise ValueError("f is constant: every x is a stationary point")
    roots = slope.roots()
    real = np.sort(roots[np.abs(roots.imag) <= 1e-7 * (1 + np.abs(roots.real))].real)
    merged = [group.mean() for group in np.split(real, np.where(np.diff(real) > 1e-6)[0] + 1) if group.size]
    return np.array([_polish(slope, root) for root in merged])


def _polish(slope, root: float) -> float:
    """Two Newton steps on f' to bring a companion-matrix root to full precision."""
    curvature = slope.deriv()
    for _ in range(2):
        step_size = curvature(root)
        if step_size == 0:
            break
        root = root - slope(root) / step_size
    return float(root)


def _scan_roots(text: str) -> np.ndarray:
    """Sign changes of f' on a fine grid, refined by bisection (roots of even multiplicity are missed)."""
    grid = np.linspace(*SCAN_INTERVAL, SCAN_POINTS)
    derivative = function_text.slope(text)
    with np.errstate(all="ignore"):
        values = derivative(grid)
        exact_hits = grid[values == 0]
        signs = np.sign(values)
        brackets = np.where(np.isfinite(values[:-1]) & np.isfinite(values[1:]) & (signs[:-1] * signs[1:] < 0))[0]
        low, high = grid[brackets], grid[brackets + 1]
        low_sign = signs[brackets]
        for _ in range(BISECTIONS):
            middle = (low + high) / 2
            middle_sign = np.sign(derivative(middle))
            same = middle_sign == low_sign
            low, high = np.where(same, middle, low), np.where(same, high, middle)
    return np.sort(np.concatenate([exact_hits, (low + high) / 2]))
