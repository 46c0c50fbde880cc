"""TMX output: a hand-written golden file, and validity against the TMX 1.4b DTD."""

from pathlib import Path

import pytest
from conftest import SAMPLE_RUN
from lxml import etree

from translate.document import AlignedDocument, SentencePair
from translate.render.tmx import render_tmx
from translate.render.xmltext import xml_safe

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"

DOCUMENT = AlignedDocument(
    name="wetter",
    pairs=(
        SentencePair(1, 1, "Das Wetter ist heute schön.", "The weather is nice today."),
        SentencePair(
            1,
            2,
            "Preise <5 € & mehr",
            "Prices <5 € & more",
            confidence=-2.5,
            flags=("low-confidence",),
        ),
        SentencePair(2, 1, "Er sagte: „Ja.“", 'He said: "Yes."'),
    ),
)
RUN = SAMPLE_RUN


def _validate(tmx: str) -> etree._ElementTree:
    dtd = etree.DTD(str(FIXTURES / "tmx14.dtd"))
    tree = etree.ElementTree(etree.fromstring(tmx.encode("utf-8")))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    return tree


def test_matches_the_hand_written_file() -> None:
    assert render_tmx(DOCUMENT, RUN) == (GOLDEN / "wetter.tmx").read_text(encoding="utf-8")


def test_is_valid_tmx_1_4b() -> None:
    tree = _validate(render_tmx(DOCUMENT, RUN))
    root = tree.getroot()
    assert root.get("version") == "1.4"
    units = root.findall("body/tu")
    assert len(units) == 3
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    de, en = units[1].findall("tuv")
    assert (de.get(xml_lang), de.findtext("seg")) == ("de", "Preise <5 € & mehr")
    assert (en.get(xml_lang), en.findtext("seg")) == ("en", "Prices <5 € & more")


def test_flags_and_confidence_are_notes_in_words() -> None:
    root = _validate(render_tmx(DOCUMENT, RUN)).getroot()
    first, flagged, _ = root.findall("body/tu")
    assert [note.text for note in flagged.findall("note")] == [
        "review (low-confidence): the model was unsure of this translation "
        "(low mean token log-probability)",
        "confidence: -2.5000 (the model's mean log-probability per token; 0 is certain)",
    ]
    assert first.findall("note") == []
    # The machine-readable props stay, for scripts that read them.
    props = {prop.get("type"): prop.text for prop in flagged.findall("prop")}
    assert props == {"x-pair-id": "p1.s2", "x-confidence": "-2.5000", "x-flag": "low-confidence"}


def test_the_dtd_rejects_a_header_without_its_required_attributes() -> None:
    broken = render_tmx(DOCUMENT, RUN).replace(' srclang="de"', "")
    dtd = etree.DTD(str(FIXTURES / "tmx14.dtd"))
    assert not dtd.validate(etree.fromstring(broken.encode("utf-8")))


@pytest.mark.parametrize(
    ("text", "safe"),
    [("a\x0bb", "a\ufffdb"), ("tab\tok", "tab\tok"), ("\x00", "\ufffd"), ("😀 ü", "😀 ü")],
)
def test_characters_xml_cannot_carry_are_replaced(text: str, safe: str) -> None:
    assert xml_safe(text) == safe


def test_control_characters_still_give_valid_xml() -> None:
    document = AlignedDocument("x", (SentencePair(1, 1, "Seite\x0cumbruch.", "Page\x0cbreak."),))
    _validate(render_tmx(document, RUN))
