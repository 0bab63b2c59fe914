"""The Moodle export read back as Moodle reads it, and graded as Moodle grades it.

For every registered kind over many seeds: the XML parses, there is one category per exercise
and one cloze question per variant, every gap matches the cloze grammar and the question text
has no other, weights are whole numbers, and for every box the right answer earns the gap's
full marks, each misconception's answer earns 0 with its diagnosis, and a value just outside
the interval earns 0. The interval Moodle applies lies inside nngrade's and is all but all of it
(``tests/grading/test_bounds.py`` holds that the interval is nngrade's own).
"""
from __future__ import annotations

import html
import math
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nngrade.exercises import registry
from nngrade.lms import moodle
from nngrade.lms.variants import groups

from .moodle_rules import GRADE_FRACTIONS, START, gaps, grade, moodle_interval

SEEDS = 8


def _export(kind: str, first_seed: int = 1):
    title, drawn = groups({"title": f"{kind} {{practice}} #1 ~ a/b", "exercises": [{"kind": kind}]}, SEEDS, first_seed)
    return drawn, ElementTree.fromstring(moodle.document(title, drawn))


def _just_outside(low: float, high: float, side: int) -> float:
    """A value beyond both nngrade's edge and Moodle's, by a margin that survives printing."""
    edge = high if side > 0 else low
    margin = max(abs(edge) * 1e-9, 1e-12)
    return edge + side * margin


@pytest.mark.parametrize("kind", registry.kinds())
def test_every_gap_grades_as_nngrade_grades(kind):
    drawn, root = _export(kind)
    questions = root.findall("question")
    categories = [q for q in questions if q.get("type") == "category"]
    clozes = [q for q in questions if q.get("type") == "cloze"]
    assert len(categories) == 1 and len(clozes) == SEEDS
    assert all(f"--seed {variant.problem.seed}" in q.find("name/text").text
               for variant, q in zip(drawn[0].variants, clozes))
    for variant, question in zip(drawn[0].variants, clozes):
        text = question.find("questiontext/text").text
        assert question.find("generalfeedback/text").text == variant.solution
        read = gaps(text)
        boxes = [box for field in variant.boxes.fields for box in field.boxes]
        assert len(read) == len(boxes) == len(re.findall(START, text)), "every gap, and nothing else, is a gap"
        assert int(question.find("defaultgrade").text) == sum(gap["weight"] for gap in read)
        spec_of = {field.part: variant.key.spec(field.part) for field in variant.boxes.fields}
        index = 0
        for field in variant.boxes.fields:
            for box in field.boxes:
                gap = read[index]
                index += 1
                assert all(alt["fraction"] in GRADE_FRACTIONS for alt in gap["alternatives"])
                _check_box(box, gap, spec_of[field.part])


def _check_box(box, gap, spec):
    right = box.value if box.kind != "boolean" else str(box.value).lower()
    assert grade(gap, right)[0] == 100
    for wrong in box.wrongs:
        value = wrong.value if box.kind != "boolean" else str(wrong.value).lower()
        fraction, feedback = grade(gap, value)
        assert fraction == 0 and html.escape(wrong.feedback.split("; or ")[0], quote=False) in feedback
    if box.kind != "numeric":
        return
    for side in (-1, 1):
        outside = _just_outside(box.low, box.high, side)
        assert grade(gap, outside)[0] == 0
    alternative = gap["alternatives"][0]
    low, high = moodle_interval(alternative["answer"], alternative["tolerance"])
    assert box.low <= low and high <= box.high, "Moodle accepts only what nngrade accepts"
    assert math.isclose(high - low, box.high - box.low, rel_tol=1e-9, abs_tol=1e-12), "and nearly all of it"


def test_special_characters_are_escaped_in_gaps():
    """Braces, hashes, tildes, slashes, quotes and backslashes in feedback survive Moodle's reading."""
    from fractions import Fraction

    from nngrade.lms.gaps import Alternative, Box

    message = 'a {brace} # hash ~ tilde / slash "quote" \\ backslash <b> & amp'
    box = Box("numeric", 1.0, 0.99, 1.01, Fraction(1), (Alternative(2.0, 1.99, 2.01, message),), "z[1]")
    text = moodle.gap(box, 1)
    (read,) = gaps(text)
    assert grade(read, 2.0)[0] == 0.0 and html.unescape(grade(read, 2.0)[1]) == message
    label = Box("label", "C}#~*", None, None, Fraction(1), (Alternative("D/\\", None, None, message),), "class")
    (read,) = gaps(moodle.gap(label, 1))
    assert grade(read, "c}#~*")[0] == 100 and grade(read, "D/\\")[0] == 0.0
    assert html.unescape(grade(read, "D/\\")[1]) == message
    assert grade(read, "c}#~ anything")[0] == 0, "a star in a label is no wildcard"


def test_cli_writes_the_seed_lab_assignment(tmp_path):
    from click.testing import CliRunner

    from nngrade.cli import main

    assignment = Path(__file__).resolve().parents[2] / "course" / "assignments" / "seed-lab.yaml"
    out = tmp_path / "quiz.xml"
    result = CliRunner().invoke(main, ["export", "moodle", str(assignment), "--out", str(out), "--variants", "2"])
    assert result.exit_code == 0, result.output
    root = ElementTree.parse(out).getroot()
    assert [q.get("type") for q in root.findall("question")].count("category") == 4
    assert [q.get("type") for q in root.findall("question")].count("cloze") == 8


TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXT.filter(lambda text: text.strip()))
def test_any_feedback_and_label_survive_moodle_s_reading(message, label):
    from fractions import Fraction

    from nngrade.lms.gaps import Alternative, Box

    box = Box("numeric", -1.5, -1.51, -1.49, Fraction(1), (Alternative(3.0, 2.9, 3.1, message),), "z[1]")
    (read,) = gaps(moodle.gap(box, 2))
    assert read["weight"] == 2 and grade(read, -1.5)[0] == 100
    fraction, shown = grade(read, 3.0)
    assert fraction == 0.0 and html.unescape(shown) == message, "the page shows the message as written"
    text = Box("label", label.strip(), None, None, Fraction(1), (), "class")
    if "\\}" in label or "\\#" in label:
        with pytest.raises(ValueError, match="cloze reading"):
            moodle.gap(text, 1)
        return
    (read,) = gaps(moodle.gap(text, 1))
    assert grade(read, label.strip())[0] == 100
