"""A simulated class whose answer is known: planted rates of each kind of answer, graded for real.

For testing and measuring ``nngrade report``. Every problem of a set gets ``variants`` real
variants (fixed examples have one). Each student draws a variant per problem and a behaviour
with the :class:`Plan`'s rates: right; right but rounded by hand to 3 significant figures (which
the grader must accept); rounded to one figure (the same wrong value for every such student of a
variant, so it is the most common unexplained wrong value); a named misconception of the kind,
split evenly over the ones that show in that variant's answers; every number off by its own
random factor; junk text in every part (unreadable); or nothing (blank). Stronger students
(:attr:`Plan.ability`) answer right more often on every problem. One variant can be
planted unfair: there the right and rounded shares are multiplied by ``unfair_factor`` and the
rest are wrong. The answers are graded with the real grader (one answer key per variant; alike
submissions of a variant graded once, as the grader is deterministic), and written in the class
results format, with the submissions beside them. With ``built``, each student's problems are
written too, as ``nngrade build`` lays them out, so that ``nngrade grade`` can grade the same
submissions from files; variants are named as class grading names them
(:func:`nngrade.classwork.class_grade.variant_of`), so both gradings' records agree.
"""
from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from nngrade.classwork.class_grade import STUDENTS_FOLDER, variant_of
from nngrade.core.problem import dumps_json
from nngrade.exercises import problems as problem_files
from nngrade.exercises import registry
from nngrade.exercises.keys import answer_key, plain, rounded_nested
from nngrade.grading.grade import grade
from nngrade.grading.key import AnswerKey
from nngrade.handouts import problemset

#: Behaviours other than a misconception, in the plan's order.
BEHAVIOURS = ("right", "rounded", "coarse", "wrong", "unreadable", "blank")
JUNK = "#?!"


@dataclass(frozen=True)
class Plan:
    """The planted shares of each behaviour (they add up to 1 with ``misconception``)."""

    right: float = 0.45
    rounded: float = 0.15
    coarse: float = 0.05
    wrong: float = 0.05
    unreadable: float = 0.05
    blank: float = 0.05
    misconception: float = 0.20
    unfair_problem: str | None = None
    """The problem id with one unfair variant (its first), or None."""
    unfair_factor: float = 0.3
    ability: float = 0.5
    """Spread of the students' ability: each draws a factor from 1 - ability to 1 + ability that
    multiplies their right and rounded shares on every problem (the difference goes to or comes
    from the mistakes: one figure, wrong, a misconception), so strong students do well
    throughout and the discrimination index has something to find. The factor's mean is 1, so
    the expected shares over the class are the plan's."""

    def shares(self, unfair: bool, ability: float = 1.0) -> dict[str, float]:
        shares = {name: getattr(self, name) for name in BEHAVIOURS} | {"misconception": self.misconception}
        if abs(sum(shares.values()) - 1) > 1e-9:
            raise ValueError("the planted shares must add up to 1")
        honest, mistakes = shares["right"] + shares["rounded"], ("coarse", "wrong", "misconception")
        mistaken = sum(shares[name] for name in mistakes)
        if honest * self.ability > mistaken:
            raise ValueError("the ability spread needs more mistakes to take from")
        for name in mistakes:
            shares[name] *= max(0.0, 1 + honest * (1 - ability) / mistaken)
        shares["right"] *= ability
        shares["rounded"] *= ability
        if unfair:
            lost = (1 - self.unfair_factor) * (shares["right"] + shares["rounded"])
            shares["right"] *= self.unfair_factor
            shares["rounded"] *= self.unfair_factor
            shares["wrong"] += lost
        return shares


@dataclass
class Simulation:
    """What was planted: per problem, the expected share of each behaviour (a misconception as
    ``misconception:<code>``) and the variants; per variant, what it makes of the answers."""

    expected: dict[str, dict[str, float]] = field(default_factory=dict)
    variants: dict[str, list[str]] = field(default_factory=dict)
    unfair: tuple[str, str] | None = None
    coarse_values: dict[tuple[str, str, str], str] = field(default_factory=dict)
    """(problem, variant, part) -> the one-figure answer, as the report writes values."""
    mistaken_values: dict[tuple[str, str, str], set[str]] = field(default_factory=dict)
    """(problem, variant, part) -> what the planted misconceptions write there, as the report
    writes values (a later part the grader does not name may show up among the common wrong
    values)."""
    facility: dict[tuple[str, str], float] = field(default_factory=dict)
    """(problem, variant) -> the facility the plan gives it: each behaviour's share times the
    score its answers earn (a wrong answer's as one drawn sample's)."""


@dataclass
class _Variant:
    code: str
    name: int | str
    """The variant as a record names it (its seed, or a digest of a fixed example)."""
    problem_text: str
    kind: str
    key: AnswerKey
    right: dict
    misconceptions: list[tuple[str, dict]]
    graded: dict = field(default_factory=dict)


def simulate(out: Path, students: int, *, set_name: str = "seed-lab", variants: int = 4, plan: Plan = Plan(),
             seed: int = 0, assignment: str = "simulated", built: bool = False) -> Simulation:
    """Write ``out/results/<student>.json`` and ``out/submissions/<student>.json`` for a class;
    with ``built``, also ``out/built/students/<student>/problems/<problem>.json``."""
    from nngrade.report.results import shown_value

    loaded = problemset.load(set_name)
    draws = [problemset.instantiate(loaded, seed=number) for number in range(variants)]
    problems: dict[str, list[_Variant]] = {}
    for index in range(len(draws[0])):
        kind = draws[0][index].kind
        pool = {}
        for draw in draws:
            problem = draw[index]
            code = str(variant_of(problem))
            if code not in pool:
                pool[code] = _variant(code, problem)
        problems[f"{index + 1:02d}-{kind}"] = list(pool.values())
    rng = random.Random(seed)
    simulation = Simulation(variants={problem: [v.code for v in pool] for problem, pool in problems.items()})
    if plan.unfair_problem is not None:
        simulation.unfair = (plan.unfair_problem, problems[plan.unfair_problem][0].code)
    for problem, pool in problems.items():
        simulation.expected[problem] = _expected(plan, pool, simulation.unfair, problem)
        for variant in pool:
            for part, value in _coarse(variant).items():
                simulation.coarse_values[(problem, variant.code, part)] = shown_value(value)
            for _, answers in variant.misconceptions:
                for part, value in answers.items():
                    simulation.mistaken_values.setdefault((problem, variant.code, part), set()).add(shown_value(value))
            simulation.facility[(problem, variant.code)] = _planted_facility(
                variant, plan.shares(simulation.unfair == (problem, variant.code)))
    (out / "results").mkdir(parents=True, exist_ok=True)
    (out / "submissions").mkdir(parents=True, exist_ok=True)
    for number in range(students):
        student = f"s{number + 1:04d}"
        ability = rng.uniform(1 - plan.ability, 1 + plan.ability)
        records, answers = [], {}
        for problem, pool in problems.items():
            variant = pool[rng.randrange(len(pool))]
            shares = plan.shares(simulation.unfair == (problem, variant.code), ability)
            behaviour = rng.choices(list(shares), weights=list(shares.values()))[0]
            if behaviour == "misconception":
                behaviour = ("misconception:" + rng.choice(variant.misconceptions)[0] if variant.misconceptions
                             else "wrong")
            submission = _submission(variant, behaviour, rng)
            answers[problem] = submission
            records.append({"problem": problem, "kind": variant.kind, "variant": variant.name,
                            "result": _graded(variant, submission)})
            if built:
                folder = out / "built" / STUDENTS_FOLDER / student / "problems"
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{problem}.json").write_text(variant.problem_text, encoding="utf-8")
        _write(out / "results" / f"{student}.json",
               {"student": student, "assignment": assignment, "problems": records, "errors": []})
        _write(out / "submissions" / f"{student}.json", answers)
    return simulation


def _variant(code: str, problem) -> _Variant:
    key = answer_key(registry.get(problem.kind), problem)
    right = {part: plain(value) for part, value in key.expected.items()}
    variant = _Variant(code, variant_of(problem), dumps_json(problem_files.write(problem)) + "\n", problem.kind,
                       key, right, [])
    for wrong in key.misconceptions:
        answers = {**right, **{part: plain(value) for part, value in wrong.values.items()}}
        codes = {part.code for part in _graded_parts(variant, answers)}
        if f"misconception:{wrong.code}" in codes:  # a mistake that shows in this variant's answers
            variant.misconceptions.append((wrong.code, answers))
    return variant


def _expected(plan: Plan, pool: list[_Variant], unfair, problem: str) -> dict[str, float]:
    """Each behaviour's expected share over the problem's variants (drawn with equal chance)."""
    expected: dict[str, float] = defaultdict(float)
    for variant in pool:
        shares = plan.shares(unfair == (problem, variant.code))
        for name in BEHAVIOURS:
            expected[name] += shares[name] / len(pool)
        for code, _ in variant.misconceptions:
            expected[f"misconception:{code}"] += shares["misconception"] / len(variant.misconceptions) / len(pool)
        if not variant.misconceptions:
            expected["wrong"] += shares["misconception"] / len(pool)
    return dict(expected)


def _planted_facility(variant: _Variant, shares: dict[str, float]) -> float:
    def earned(behaviour: str) -> float:
        result = _graded(variant, _submission(variant, behaviour, random.Random(0)))
        return result["score"] / result["max_score"]

    total = sum(shares[name] * earned(name) for name in BEHAVIOURS)
    mistakes = [earned(f"misconception:{code}") for code, _ in variant.misconceptions] or [earned("wrong")]
    return total + shares["misconception"] * sum(mistakes) / len(mistakes)


def _numeric(variant: _Variant) -> set[str]:
    return {spec.part for spec in variant.key.specs if spec.kind == "numeric"}


def _coarse(variant: _Variant) -> dict:
    return {part: plain(rounded_nested(variant.right[part], 1, "up")) for part in _numeric(variant)}


def _submission(variant: _Variant, behaviour: str, rng: random.Random) -> dict:
    numeric = _numeric(variant)
    if behaviour == "right":
        return variant.right
    if behaviour == "rounded":
        return {part: plain(rounded_nested(value, 3, "up")) if part in numeric else value
                for part, value in variant.right.items()}
    if behaviour == "coarse":
        return {**variant.right, **_coarse(variant)}
    if behaviour == "wrong":
        return {part: _scaled(value, rng) if part in numeric else value for part, value in variant.right.items()}
    if behaviour == "unreadable":
        return {part: JUNK for part in variant.right}
    if behaviour == "blank":
        return {}
    code = behaviour.split(":", 1)[1]
    return dict(next(answers for name, answers in variant.misconceptions if name == code))


def _scaled(value, rng: random.Random):
    if isinstance(value, list):
        return [_scaled(item, rng) for item in value]
    return round(value * (1 + rng.uniform(0.2, 0.6)) + rng.uniform(0.5, 1.5), 4)


def _graded_parts(variant: _Variant, submission: dict):
    return grade(variant.key, submission).parts


def _graded(variant: _Variant, submission: dict) -> dict:
    text = json.dumps(submission, sort_keys=True)
    if text not in variant.graded:
        variant.graded[text] = grade(variant.key, submission).to_dict()
    return variant.graded[text]


def _write(path: Path, data) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """``python -m nngrade.simulated_class OUT``: a simulated class to try ``nngrade report`` on."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m nngrade.simulated_class", description=main.__doc__)
    parser.add_argument("out", type=Path, help="folder for results/ and submissions/")
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--set", dest="set_name", default="seed-lab", help="a shipped set's name or a YAML file")
    parser.add_argument("--variants", type=int, default=4, help="variants per drawn problem")
    parser.add_argument("--unfair", help="a problem id whose first variant is made unfair, such as 21-backprop")
    parser.add_argument("--built", action="store_true",
                        help="also write built/, each student's problems, to grade with nngrade grade built submissions")
    args = parser.parse_args(argv)
    simulate(args.out, args.students, set_name=args.set_name, variants=args.variants,
             plan=Plan(unfair_problem=args.unfair), built=args.built)
    print(f"{args.students} students in {args.out}/results, their answers in {args.out}/submissions")


if __name__ == "__main__":
    main()
