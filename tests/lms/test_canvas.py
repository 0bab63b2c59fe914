"""The Canvas export checked as Canvas's importer checks it, and graded as Canvas grades it.

- The assessment validates against the IMS QTI 1.2.1 DTD once Canvas's one extension,
  ``selection_extension`` (``points_per_item``), is checked and taken out; nothing else is
  stripped.
- The QTIMigrationTool that Canvas's importer runs converts it with every item, every bound of
  every numeric range, every blank's accepted text and every group's "pick 1" intact.
- Read back, each item grades as Canvas does: numerical items exact-or-range on the values as
  Canvas stores them, blanks by their text ignoring case; the right answer earns full marks,
  each misconception's answer 0 with its diagnosis, and a value just outside the interval 0.

The DTD and the converter are looked for in ``NNGRADE_LMS_TOOLS`` (default: ``../shared/lms``
beside the repository; ``.ci/run`` fetches them where they are missing).
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from nngrade.exercises import registry
from nngrade.lms import canvas
from nngrade.lms.variants import groups

lxml_etree = pytest.importorskip("lxml.etree", reason="the lms extra (lxml) is not installed")

ROOT = Path(__file__).resolve().parents[2]
TOOLS = Path(os.environ.get("NNGRADE_LMS_TOOLS", ROOT.parent / "shared" / "lms"))
DTD = TOOLS / "ims_qtiasiv1p2p1.dtd"
MIGRATOR = TOOLS / "QTIMigrationTool" / "migrate.py"
QTI = "{%s}" % canvas.QTI_NAMESPACE
QTI2 = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
SEEDS = 6
ONE_NUMBER = {"problem": {"kind": "activation", "params": {"function": "sigmoid", "z": [0.5]}}}


def _source() -> dict:
    return {"title": "Every kind", "exercises": [ONE_NUMBER] + [{"kind": kind} for kind in registry.kinds()]}


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    title, drawn = groups(_source(), SEEDS, refuse=canvas.refusal)
    folder = tmp_path_factory.mktemp("canvas") / "package"
    with zipfile.ZipFile(io.BytesIO(canvas.package(title, drawn))) as archive:
        archive.extractall(folder)
    return drawn, folder


def _assessment(folder: Path):
    manifest = lxml_etree.parse(str(folder / "imsmanifest.xml")).getroot()
    (href,) = [resource.get("href") for resource in manifest.iter("{*}resource")]
    return lxml_etree.parse(str(folder / href)).getroot()


def test_the_assessment_validates_against_the_dtd(export):
    if not DTD.exists():
        pytest.skip(f"the QTI 1.2.1 DTD is not at {DTD} (set NNGRADE_LMS_TOOLS)")
    drawn, folder = export
    root = _assessment(folder)
    for element in root.iter():
        element.tag = lxml_etree.QName(element).localname
    lxml_etree.cleanup_namespaces(root)
    assert root.attrib.pop("xmlns", None) is None  # the namespace declaration is gone with the prefixes
    extensions = root.findall(".//selection_extension")
    assert [ext.findtext("points_per_item") for ext in extensions] == [canvas.number(g.points) for g in drawn]
    for extension in extensions:
        assert [child.tag for child in extension] == ["points_per_item"]
        extension.getparent().remove(extension)
    dtd = lxml_etree.DTD(str(DTD))
    assert dtd.validate(root), "\n".join(str(error) for error in list(dtd.error_log)[:10])


def test_the_canvas_converter_keeps_items_ranges_blanks_and_groups(export, tmp_path):
    if not MIGRATOR.exists():
        pytest.skip(f"the QTIMigrationTool is not at {MIGRATOR.parent} (set NNGRADE_LMS_TOOLS)")
    drawn, folder = export
    out = tmp_path / "converted"
    run = subprocess.run([sys.executable, "migrate.py", "--ucvars", "--nogui", "--overwrite", f"--cpout={out}",
                          str(folder)], cwd=MIGRATOR.parent, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    (test_file,) = (out / "assessmentTests").glob("*.xml")
    test = lxml_etree.parse(str(test_file)).getroot()
    sections = [s for s in test.iter(f"{QTI2}assessmentSection") if s.get("identifier").startswith("group")]
    assert len(sections) == len(drawn)
    source = _assessment(folder)
    for section, group in zip(sections, drawn):
        assert section.find(f"{QTI2}selection").get("select") == "1"
        assert section.findtext(f".//{QTI2}points_per_item") == canvas.number(group.points)
        refs = [ref.get("identifier") for ref in section.iter(f"{QTI2}assessmentItemRef")]
        assert len(refs) == len(group.variants)
        for ref in refs:
            converted = lxml_etree.parse(str(out / "assessmentItems" / f"{ref}.xml")).getroot()
            original = source.find(f".//{QTI}item[@ident='{ref}']")
            _same_scoring(original, converted)


def _same_scoring(original, converted):
    """Every numeric bound and every accepted text of the original is in the converted item."""
    bounds = [element.text for tag in ("varequal", "vargte", "varlte") for element in original.iter(f"{QTI}{tag}")]
    kind = original.findtext(f".//{QTI}fieldentry")
    if kind == "numerical_question":
        values = [value.text for value in converted.iter(f"{QTI2}baseValue") if value.get("baseType") == "float"]
        assert all(bound in values for bound in bounds)
    else:
        texts = [label.findtext(f".//{QTI}mattext") for label in original.iter(f"{QTI}response_label")]
        choices = ["".join(choice.itertext()).strip() for choice in converted.iter(f"{QTI2}simpleChoice")]
        assert choices == texts
        identifiers = {value.text for value in converted.iter(f"{QTI2}baseValue")}
        assert set(bounds) <= identifiers


def _items(drawn, folder):
    root = _assessment(folder)
    for number, group in enumerate(drawn, start=1):
        for index, variant in enumerate(group.variants, start=1):
            yield variant, root.find(f".//{QTI}item[@ident='group{number}_variant{index}']")


def _numerical_grade(item, response: float) -> tuple[float, list[str]]:
    """Canvas's numerical rule on the answers as Canvas stored them (exact or within the range)."""
    score, shown = 0.0, []
    for condition in item.iter(f"{QTI}respcondition"):
        exact = [canvas.canvas_imported(float(e.text)) for e in condition.iter(f"{QTI}varequal")]
        lows = [canvas.canvas_imported(float(e.text)) for e in condition.iter(f"{QTI}vargte")]
        highs = [canvas.canvas_imported(float(e.text)) for e in condition.iter(f"{QTI}varlte")]
        hit = response in exact or any(low <= response <= high for low, high in zip(lows, highs))
        if hit:
            for setvar in condition.iter(f"{QTI}setvar"):
                score = float(setvar.text)
            shown += [feedback.get("linkrefid") for feedback in condition.iter(f"{QTI}displayfeedback")]
            if condition.get("continue") == "No":
                break
    return score, shown


def _blank_grade(item, blank: str, text: str) -> tuple[float, list[str]]:
    """Canvas's blank rule: the answer is the label whose text it equals, ignoring case and spaces."""
    response = item.find(f".//{QTI}response_lid[@ident='response_{blank}']")
    labels = [label.get("ident") for label in response.iter(f"{QTI}response_label")
              if label.findtext(f".//{QTI}mattext").strip().lower() == text.strip().lower()]
    score, shown = 0.0, []
    for condition in item.iter(f"{QTI}respcondition"):
        for equal in condition.iter(f"{QTI}varequal"):
            if equal.get("respident") == f"response_{blank}" and equal.text in labels[:1]:
                score += sum(float(s.text) for s in condition.iter(f"{QTI}setvar"))
                shown += [feedback.get("linkrefid") for feedback in condition.iter(f"{QTI}displayfeedback")]
    return score, shown


def _feedback(item, ident: str) -> str:
    return item.find(f"{QTI}itemfeedback[@ident='{ident}']").findtext(f".//{QTI}mattext")


def test_every_item_grades_as_nngrade_grades(export):
    drawn, folder = export
    kinds = set()
    for variant, item in _items(drawn, folder):
        boxes = [box for field in variant.boxes.fields for box in field.boxes]
        kinds.add(item.findtext(f".//{QTI}fieldentry"))
        if item.findtext(f".//{QTI}fieldentry") == "numerical_question":
            (box,) = boxes
            assert _numerical_grade(item, box.value)[0] == canvas.FULL_SCORE
            for index, wrong in enumerate(box.wrongs, start=1):
                score, shown = _numerical_grade(item, wrong.value)
                assert score == 0 and f"wrong{index}" in shown and _feedback(item, f"wrong{index}") == wrong.feedback
            for outside in (box.low - max(abs(box.low) * 1e-9, 1e-12), box.high + max(abs(box.high) * 1e-9, 1e-12)):
                assert _numerical_grade(item, outside)[0] == 0
            continue
        weights = canvas.integer_weights(boxes)
        for number, (box, weight) in enumerate(zip(boxes, weights), start=1):
            blank = f"b{number}"
            share = round(canvas.FULL_SCORE * weight / sum(weights), 4)
            for form in canvas._box_forms(box, box.value, box.low, box.high):
                assert _blank_grade(item, blank, form)[0] == pytest.approx(share)
            rights = {form.lower() for form in canvas._box_forms(box, box.value, box.low, box.high)}
            for index, wrong in enumerate(box.wrongs, start=1):
                for form in canvas._box_forms(box, wrong.value, wrong.low, wrong.high):
                    if form.lower() in rights:
                        continue  # inside the range nngrade accepts: right, as in nngrade
                    score, shown = _blank_grade(item, blank, form)
                    # a text two misconceptions share names the first of them
                    assert score == 0 and len(shown) == 1 and shown[0] in {f"{blank}_fb{n}" for n in range(1, index + 1)}
                    if shown[0] == f"{blank}_fb{index}":
                        assert wrong.feedback in _feedback(item, shown[0])
            if box.kind == "numeric":
                for outside in (box.low - max(abs(box.low) * 1e-3, 1e-6), box.high + max(abs(box.high) * 1e-3, 1e-6)):
                    assert _blank_grade(item, blank, repr(outside))[0] == 0
                assert all(box.low <= float(form) <= box.high for form in canvas.written_forms(box.value, box.low, box.high))
    assert kinds == {"numerical_question", "fill_in_multiple_blanks_question"}


def test_canvas_rounding_of_small_numbers_is_refused_never_exported():
    tiny = {"problem": {"kind": "activation", "params": {"function": "exp", "z": [-12]}}}
    _, drawn = groups({"title": "tiny", "exercises": [tiny]}, 1, refuse=canvas.refusal)
    assert drawn[0].variants == []
    assert "rounds numbers below 0.0001 to 0" in drawn[0].warnings[0]


def test_cli_writes_a_zip_and_prints_the_warnings(tmp_path):
    from click.testing import CliRunner

    from nngrade.cli import main

    out = tmp_path / "quiz.zip"
    result = CliRunner().invoke(main, ["export", "canvas", "seed-lab", "--out", str(out), "--variants", "1"])
    assert result.exit_code == 0, result.output
    assert "warning: " in result.output and "matches as text" in result.output
    with zipfile.ZipFile(out) as archive:
        assert "imsmanifest.xml" in archive.namelist()
