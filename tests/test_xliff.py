"""XLIFF 1.2 output: valid against the official OASIS strict schema, one unit per sentence pair."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_RUN
from lxml import etree

from translate.document import AlignedDocument, SentencePair, SourceMetadata
from translate.render.xliff import render_xliff

FIXTURES = Path(__file__).parent / "fixtures"
NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The strict schema imports the W3C schema of the xml: attributes from its web address; the
# tests answer that from the copy beside it, so validation needs no network.
W3C_XML_XSD = "http://www.w3.org/2001/xml.xsd"

DOCUMENT = AlignedDocument(
    name="wetter <&>",
    pairs=(
        SentencePair(
            1, 1, "Das Wetter ist heute schön.", "The weather is nice today.", confidence=-0.01
        ),
        SentencePair(
            1,
            2,
            "Preise <5 € & „mehr“",
            'Prices <5 € & "more" more more',
            confidence=-2.5,
            flags=("low-confidence", "length-ratio"),
        ),
        SentencePair(2, 1, "Seite\x0cumbruch.", "Page\x0cbreak."),
    ),
)


class _LocalCopies(etree.Resolver):  # type: ignore[misc]
    def resolve(self, url: str, public_id: str, context: Any) -> Any:
        if url == W3C_XML_XSD:
            return self.resolve_filename(str(FIXTURES / "xml.xsd"), context)
        return None


@pytest.fixture(scope="module")
def schema() -> Any:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalCopies())
    document = etree.parse(str(FIXTURES / "xliff-core-1.2-strict.xsd"), parser)
    return etree.XMLSchema(document)


def _valid(schema: Any, text: str) -> Any:
    root = etree.fromstring(text.encode("utf-8"))
    assert schema.validate(root), schema.error_log.filter_from_errors()
    return root


def test_validates_against_the_strict_schema(schema: Any) -> None:
    root = _valid(schema, render_xliff(DOCUMENT, SAMPLE_RUN))
    assert root.get("version") == "1.2"
    [file] = root.findall("x:file", NS)
    assert file.get("source-language") == "de"
    assert file.get("target-language") == "en"
    assert file.get("original") == "wetter <&>"
    assert file.get("datatype") == "plaintext"


def test_one_unit_per_pair_grouped_by_paragraph(schema: Any) -> None:
    root = _valid(schema, render_xliff(DOCUMENT, SAMPLE_RUN))
    groups = root.findall("x:file/x:body/x:group", NS)
    assert [group.get("id") for group in groups] == ["p1", "p2"]
    assert [[unit.get("id") for unit in group.findall("x:trans-unit", NS)] for group in groups] == [
        ["p1.s1", "p1.s2"],
        ["p2.s1"],
    ]
    unit = groups[0].findall("x:trans-unit", NS)[1]
    source, target = unit.find("x:source", NS), unit.find("x:target", NS)
    assert (source.get(XML_LANG), source.text) == ("de", "Preise <5 € & „mehr“")
    assert (target.get(XML_LANG), target.text) == ("en", 'Prices <5 € & "more" more more')
    # A character XML cannot carry (form feed) becomes U+FFFD rather than break the file.
    assert root.find(".//x:trans-unit[@id='p2.s1']/x:source", NS).text == "Seite\ufffdumbruch."


def test_flagged_pairs_need_review_with_reasons_and_confidence(schema: Any) -> None:
    root = _valid(schema, render_xliff(DOCUMENT, SAMPLE_RUN))
    units = {unit.get("id"): unit for unit in root.iterfind(".//x:trans-unit", NS)}
    states = {key: unit.find("x:target", NS).get("state") for key, unit in units.items()}
    assert states == {
        "p1.s1": "translated",
        "p1.s2": "needs-review-translation",
        "p2.s1": "translated",
    }
    assert {unit.find("x:target", NS).get("state-qualifier") for unit in units.values()} == {
        "mt-suggestion"
    }
    assert [note.text for note in units["p1.s2"].findall("x:note", NS)] == [
        "review (low-confidence): the model was unsure of this translation "
        "(low mean token log-probability)",
        "review (length-ratio): the English is far longer or shorter than German-to-English "
        "usually is",
        "confidence: -2.5000 (the model's mean log-probability per token; 0 is certain)",
    ]
    assert [note.get("priority") for note in units["p1.s2"].findall("x:note", NS)] == [
        "1",
        "1",
        "3",
    ]
    assert [note.text for note in units["p1.s1"].findall("x:note", NS)] == [
        "confidence: -0.0100 (the model's mean log-probability per token; 0 is certain)"
    ]
    assert units["p2.s1"].findall("x:note", NS) == []


def test_the_header_carries_the_run_signature(schema: Any) -> None:
    root = _valid(schema, render_xliff(DOCUMENT, SAMPLE_RUN))
    header = root.find("x:file/x:header", NS)
    tool = header.find("x:tool", NS)
    assert (tool.get("tool-id"), tool.get("tool-version")) == ("translate", "0.1.0")
    assert [note.text for note in header.findall("x:note", NS)] == [
        "signature: model:tiny|rev:sha256:0123456789ab|engine:transformers|beams:4|maxlen:512"
        "|seg:rules-0.1.0|translate:0.1.0",
        "model: tiny (revision sha256:0123456789abcdef)",
        "input-sha256: ff",
    ]
    assert root.find("x:file", NS).get("date") == "2026-11-25T00:00:00+00:00"


def test_the_schema_rejects_a_unit_without_an_id(schema: Any) -> None:
    broken = render_xliff(DOCUMENT, SAMPLE_RUN).replace('<trans-unit id="p1.s1">', "<trans-unit>")
    assert not schema.validate(etree.fromstring(broken.encode("utf-8")))


def test_the_schema_rejects_an_unknown_state(schema: Any) -> None:
    broken = render_xliff(DOCUMENT, SAMPLE_RUN).replace('state="translated"', 'state="draft"')
    assert not schema.validate(etree.fromstring(broken.encode("utf-8")))


def test_the_header_says_what_a_web_page_stated(schema: Any) -> None:
    stated = SourceMetadata(
        format="html",
        encoding="windows-1252",
        title="Stadtrat beschließt Haushalt",
        author="Anna Beispiel",
        url="https://example.org/haushalt",
    )
    root = _valid(schema, render_xliff(DOCUMENT, replace(SAMPLE_RUN, metadata=stated)))
    notes = [note.text for note in root.findall("x:file/x:header/x:note", NS)]
    assert notes[3:] == [
        "source-format: html",
        "source-encoding: windows-1252",
        "source-title: Stadtrat beschließt Haushalt",
        "source-author: Anna Beispiel",
        "source-url: https://example.org/haushalt",
    ]
