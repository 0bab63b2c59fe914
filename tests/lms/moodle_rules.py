"""Moodle's own reading and grading of cloze gaps, as a test oracle.

The patterns are Moodle's (question/type/multianswer/questiontype.php), written for Python's
``re`` (a look-behind of alternatives of different widths becomes three look-behinds). A gap is
graded as Moodle's numerical and short-answer types grade: the first alternative that matches
the response gives its fraction and feedback (numerical: within answer -/+ tolerance, widened as
Moodle's ``qtype_numerical_answer::get_tolerance_interval`` widens a nominal tolerance, by
10^-precision (PHP's default precision is 14) times the larger of 1 and the answer; short
answer: equal ignoring case).
"""
from __future__ import annotations

import html
import re

PHP_PRECISION = 14
FRACTION = r"=|%(-?[0-9]+(?:[.,][0-9]*)?)%"
ANSWER = r".+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$)"
FEEDBACK = r".*?(?<!\\)(?=[~}]|$)"
ALTERNATIVE = f"({FRACTION})?({ANSWER})(#({FEEDBACK}))?"
NUMBER = r"-?(([0-9]+[.,]?[0-9]*|[.,][0-9]+)([eE][-+]?[0-9]+)?)"
NUMERICAL_ALTERNATIVE = re.compile(f"^({NUMBER})(:{NUMBER})?$", re.S)
TYPES = (r"(NUMERICAL|NM)|(MULTICHOICE|MC)|(MULTICHOICE_V|MCV)|(MULTICHOICE_H|MCH)|(SHORTANSWER|SA|MW)|"
         r"(SHORTANSWER_C|SAC|MWC)|(MULTICHOICE_S|MCS)|(MULTICHOICE_VS|MCVS)|(MULTICHOICE_HS|MCHS)|"
         r"(MULTIRESPONSE|MR)|(MULTIRESPONSE_H|MRH)|(MULTIRESPONSE_S|MRS)|(MULTIRESPONSE_HS|MRHS)")
START = r"\{([0-9]*):(" + TYPES + "):"
GAP = re.compile(START + "(" + ALTERNATIVE + "(~" + ALTERNATIVE + ")*)\\}", re.S)
ONE_ALTERNATIVE = re.compile("~?" + ALTERNATIVE, re.S)
#: Moodle's own list of grade fractions, in percent.
GRADE_FRACTIONS = {100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
                   14.28571, 12.5, 11.11111, 10, 5, 0}


def gaps(question_text: str) -> list[dict]:
    """Every gap of a cloze question text, read as Moodle reads it."""
    out = []
    for found in GAP.finditer(question_text):
        kind = found.group(2)
        body = found.group(0)
        remaining = body[body.index(":", body.index(":") + 1) + 1:-1]
        alternatives = []
        while remaining:
            alt = ONE_ALTERNATIVE.match(remaining)
            assert alt and alt.end() > 0, f"an alternative Moodle cannot read: {remaining[:80]!r}"
            fraction = 100.0 if alt.group(1) == "=" else float((alt.group(2) or "0").replace(",", "."))
            answer = alt.group(3)
            feedback = html.unescape(alt.group(5) or "").replace("\\}", "}").replace("\\#", "#")
            entry = {"fraction": fraction, "feedback": feedback}
            if kind in ("NUMERICAL", "NM"):
                number = NUMERICAL_ALTERNATIVE.match(answer)
                assert number, f"not a Moodle number: {answer!r}"
                value, _, tolerance = answer.partition(":")
                entry["answer"], entry["tolerance"] = float(value), float(tolerance or 0)
            else:
                entry["answer"] = html.unescape(answer).replace("\\}", "}").replace("\\#", "#")
            alternatives.append(entry)
            remaining = remaining[alt.end():]
        out.append({"weight": int(found.group(1) or 1), "type": kind, "alternatives": alternatives})
    return out


def moodle_interval(answer: float, tolerance: float) -> tuple[float, float]:
    widened = tolerance + 10.0 ** -PHP_PRECISION * max(1.0, abs(answer))
    return answer - widened, answer + widened


def _short_answer_matches(answer: str, response: str) -> bool:
    """Moodle's short-answer rule, ignoring case: ``*`` matches anything, ``\\*`` a star."""
    pieces = re.split(r"(?<!\\)\*", answer.strip())
    pattern = ".*".join(re.escape(piece.replace("\\*", "*")) for piece in pieces)
    return re.fullmatch(pattern, response.strip(), re.I | re.S) is not None


def grade(gap: dict, response) -> tuple[float, str]:
    """The fraction (0-100) and the feedback Moodle gives ``response`` in ``gap``."""
    for alternative in gap["alternatives"]:
        if gap["type"] in ("NUMERICAL", "NM"):
            low, high = moodle_interval(alternative["answer"], alternative["tolerance"])
            hit = low <= float(response) <= high
        else:
            hit = _short_answer_matches(str(alternative["answer"]), str(response))
        if hit:
            return alternative["fraction"], alternative["feedback"]
    return 0.0, ""
