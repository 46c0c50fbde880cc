"""Pairs from the translation memory and fuzzy matches, in the XLIFF and TMX a run writes:
still valid against the XLIFF 1.2 strict schema and the TMX 1.4 DTD."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import SAMPLE_RUN
from lxml import etree

from translate.document import AlignedDocument, MemoryMatch, Origin, SentencePair
from translate.render.jsonl import render_jsonl
from translate.render.tmx import render_tmx
from translate.render.xliff import render_xliff

FIXTURES = Path(__file__).parent / "fixtures"
NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
DOCUMENT = AlignedDocument(
    "article",
    (
        SentencePair(1, 1, "Er kam.", "He came.", origin=Origin.memory),
        SentencePair(
            1,
            2,
            "Sie ging am Montag.",
            "She went on Monday.",
            confidence=-0.3,
            match=MemoryMatch("Sie ging am Dienstag.", "She left on Tuesday <b>.", 0.75),
        ),
    ),
)


class _LocalCopies(etree.Resolver):  # type: ignore[misc]
    def resolve(self, url: str, public_id: str, context: Any) -> Any:
        if url == "http://www.w3.org/2001/xml.xsd":
            return self.resolve_filename(str(FIXTURES / "xml.xsd"), context)
        return None


def test_xliff_marks_memory_english_and_offers_fuzzy_matches() -> None:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalCopies())
    schema = etree.XMLSchema(etree.parse(str(FIXTURES / "xliff-core-1.2-strict.xsd"), parser))
    root = etree.fromstring(render_xliff(DOCUMENT, SAMPLE_RUN).encode("utf-8"))
    assert schema.validate(root), schema.error_log.filter_from_errors()
    first, second = root.iterfind(".//x:trans-unit", NS)
    target = first.find("x:target", NS)
    assert (target.get("state"), target.get("state-qualifier")) == ("translated", "leveraged-tm")
    assert second.find("x:target", NS).get("state-qualifier") == "mt-suggestion"
    offered = second.find("x:alt-trans", NS)
    assert offered.get("match-quality") == "75"
    assert offered.findtext("x:source", namespaces=NS) == "Sie ging am Dienstag."
    assert offered.findtext("x:target", namespaces=NS) == "She left on Tuesday <b>."
    assert first.find("x:alt-trans", NS) is None


def test_tmx_notes_and_jsonl_fields() -> None:
    text = render_tmx(DOCUMENT, SAMPLE_RUN)
    dtd = etree.DTD(str(FIXTURES / "tmx14.dtd"))
    root = etree.fromstring(text.encode("utf-8"))
    assert dtd.validate(root), dtd.error_log.filter_from_errors()
    first, second = root.iter("tu")
    assert [n.text for n in first.iter("note")] == [
        "from the translation memory: a person's translation, not the model's"
    ]
    assert "translation memory, 75% match: Sie ging am Dienstag. = She left on Tuesday <b>." in [
        n.text for n in second.iter("note")
    ]
    records = [json.loads(line) for line in render_jsonl(DOCUMENT).splitlines()]
    assert records[0]["origin"] == "memory" and "memory_match" not in records[0]
    assert "origin" not in records[1]
    assert records[1]["memory_match"] == {
        "de": "Sie ging am Dienstag.",
        "en": "She left on Tuesday <b>.",
        "similarity": 0.75,
    }
