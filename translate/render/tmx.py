"""TMX 1.4b, the translation-memory exchange format CAT tools import (OmegaT, Trados, Okapi).

One `<tu>` per sentence pair, German first; the header carries the seven attributes the TMX 1.4b
DTD requires, and the run signature as `<prop>`s so the memory says where it came from (with
the input's encoding as `o-encoding`, and what a web page stated as `x-source-*` props). A
pair's review flags and confidence are `<note>`s in words (what CAT tools show beside a match)
and `<prop>`s (for scripts). Built with ElementTree, one `<tu>` at a time (`indented_xml`), so
escaping and well-formedness are the XML library's job, not ours.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from translate.document import AlignedDocument, Origin, RunInfo, SentencePair
from translate.render.notes import (
    EDITED_NOTE,
    MEMORY_NOTE,
    confidence_note,
    flag_notes,
    match_note,
)
from translate.render.xmltext import indented_xml, xml_safe

TMX_FILE = "aligned.tmx"
SOURCE_LANGUAGE = "de"
TARGET_LANGUAGE = "en"
_DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
# `xml:lang` is predeclared in XML; ElementTree writes this name as the `xml:` prefix.
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def render_tmx(document: AlignedDocument, run: RunInfo) -> str:
    """The aligned document as a TMX 1.4b translation memory (UTF-8 text)."""
    root = ET.Element("tmx", version="1.4")
    header = ET.SubElement(
        root,
        "header",
        {
            "creationtool": "translate",
            "creationtoolversion": run.tool_version,
            "segtype": "sentence",
            "o-tmf": "translate-aligned-jsonl",
            "adminlang": "en",
            "srclang": SOURCE_LANGUAGE,
            "datatype": "plaintext",
            "creationdate": _tmx_date(run.date),
        },
    )
    if run.metadata.encoding:
        header.set("o-encoding", run.metadata.encoding)
    stated = [(f"x-source-{key.replace('_', '-')}", v) for key, v in run.metadata.record().items()]
    for kind, value in (
        ("x-document", document.name),
        ("x-signature", run.signature()),
        ("x-model", run.model),
        ("x-model-revision", run.model_revision),
        ("x-input-sha256", run.input_sha256),
        *stated,
    ):
        ET.SubElement(header, "prop", type=kind).text = xml_safe(value)
    body = ET.SubElement(root, "body")
    units = (_unit(pair) for pair in document.pairs)
    body_text = "".join(indented_xml(root, body, 1, units))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{_DOCTYPE}\n{body_text}\n'


def _unit(pair: SentencePair) -> ET.Element:
    unit = ET.Element("tu", tuid=pair.id)
    if pair.origin is not Origin.model:
        note = MEMORY_NOTE if pair.origin is Origin.memory else EDITED_NOTE
        ET.SubElement(unit, "note").text = note
    if pair.match is not None:
        ET.SubElement(unit, "note").text = xml_safe(match_note(pair.match))
    for note in flag_notes(pair):
        ET.SubElement(unit, "note").text = xml_safe(note)
    if pair.confidence is not None:
        ET.SubElement(unit, "note").text = confidence_note(pair.confidence)
    ET.SubElement(unit, "prop", type="x-pair-id").text = pair.id
    if pair.confidence is not None:
        ET.SubElement(unit, "prop", type="x-confidence").text = f"{pair.confidence:.4f}"
    for flag in pair.flags:
        ET.SubElement(unit, "prop", type="x-flag").text = flag
    for language, text in ((SOURCE_LANGUAGE, pair.source), (TARGET_LANGUAGE, pair.target)):
        variant = ET.SubElement(unit, "tuv", {_XML_LANG: language})
        ET.SubElement(variant, "seg").text = xml_safe(text)
    return unit


def _tmx_date(iso_date: str) -> str:
    """TMX dates are ISO 8601 basic format in UTC: `2026-11-25T09:03:38+00:00` → `...T090338Z`."""
    digits = iso_date.split("+")[0].removesuffix("Z").replace("-", "").replace(":", "")
    return f"{digits}Z"
