"""XLIFF 1.2 (`aligned.xlf`): the article as a document to post-edit in a CAT tool.

TMX is a memory: a CAT tool re-segments the document and looks its own segments up there, so a
sentence it cuts differently finds nothing. XLIFF carries the document itself, cut as we cut it,
with our English as the draft of every segment: OmegaT, Trados, memoQ and translate-toolkit all
read version 1.2. One `<trans-unit>` per sentence pair, one `<group>` per paragraph; every draft is
marked as machine translation (`state-qualifier="mt-suggestion"`), a flagged one as needing
review (`state="needs-review-translation"`), and the flags' reasons and the confidence are
`<note>`s, which CAT tools show beside the segment. A person's English from the translation
memory is `state-qualifier="leveraged-tm"` instead, and a close memory entry is an
`<alt-trans match-quality="88">`, what CAT tools show as a fuzzy match. Valid against the OASIS
xliff-core-1.2-strict schema (tests/fixtures); ElementTree does the escaping.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from translate.document import AlignedDocument, Origin, RunInfo, SentencePair
from translate.render.notes import EDITED_NOTE, MEMORY_NOTE, confidence_note, flag_notes
from translate.render.xmltext import indented_xml, xml_safe

XLIFF_FILE = "aligned.xlf"
XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
SOURCE_LANGUAGE = "de"
TARGET_LANGUAGE = "en"
TOOL_ID = "translate"
NEEDS_REVIEW = "needs-review-translation"
TRANSLATED = "translated"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Notes a CAT tool sorts by priority (1 is the highest): why to review first, the score after.
_FLAG_PRIORITY = "1"
_CONFIDENCE_PRIORITY = "3"


def render_xliff(document: AlignedDocument, run: RunInfo) -> str:
    """The aligned document as an XLIFF 1.2 file (UTF-8 text)."""
    # The namespace as a plain `xmlns` attribute: ElementTree's `default_namespace` refuses the
    # unqualified attribute names that XLIFF uses.
    root = ET.Element("xliff", {"version": "1.2", "xmlns": XLIFF_NAMESPACE})
    file = ET.SubElement(
        root,
        "file",
        {
            "original": xml_safe(document.name),
            "source-language": SOURCE_LANGUAGE,
            "target-language": TARGET_LANGUAGE,
            "datatype": "plaintext",
            "tool-id": TOOL_ID,
            "date": run.date,
        },
    )
    header = ET.SubElement(file, "header")
    ET.SubElement(
        header,
        "tool",
        {"tool-id": TOOL_ID, "tool-name": "translate", "tool-version": run.tool_version},
    )
    stated = [(f"source-{key.replace('_', '-')}", v) for key, v in run.metadata.record().items()]
    for label, value in (
        ("signature", run.signature()),
        ("model", f"{run.model} (revision {run.model_revision})"),
        ("input-sha256", run.input_sha256),
        *stated,  # how the input was read and what a web page stated (title, author, url...)
    ):
        _note(header, f"{label}: {value}")
    body = ET.SubElement(file, "body")
    text = "".join(indented_xml(root, body, 2, _groups(document)))  # one paragraph at a time
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'


def _groups(document: AlignedDocument) -> Iterator[ET.Element]:
    for number, group in enumerate(document.paragraphs(), start=1):
        paragraph = ET.Element("group", id=f"p{number}", restype="x-paragraph")
        for pair in group:
            _unit(paragraph, pair)
        yield paragraph


def _unit(parent: ET.Element, pair: SentencePair) -> None:
    unit = ET.SubElement(parent, "trans-unit", id=pair.id)
    source = ET.SubElement(unit, "source", {_XML_LANG: SOURCE_LANGUAGE})
    source.text = xml_safe(pair.source)
    attributes = {_XML_LANG: TARGET_LANGUAGE, "state": NEEDS_REVIEW if pair.flags else TRANSLATED}
    # A person's English (from the memory, or post-edited) is no machine draft.
    if pair.origin is not Origin.edited:
        qualifiers = {Origin.model: "mt-suggestion", Origin.memory: "leveraged-tm"}
        attributes["state-qualifier"] = qualifiers[pair.origin]
    target = ET.SubElement(unit, "target", attributes)
    target.text = xml_safe(pair.target)
    if pair.origin is not Origin.model:
        note = MEMORY_NOTE if pair.origin is Origin.memory else EDITED_NOTE
        _note(unit, note, annotates="target", priority=_FLAG_PRIORITY)
    for note in flag_notes(pair):
        _note(unit, xml_safe(note), annotates="target", priority=_FLAG_PRIORITY)
    if pair.confidence is not None:
        note = confidence_note(pair.confidence)
        _note(unit, note, annotates="target", priority=_CONFIDENCE_PRIORITY)
    if pair.match is not None:  # a fuzzy match, where CAT tools show one
        quality = f"{pair.match.similarity * 100:.0f}"
        offered = ET.SubElement(
            unit, "alt-trans", {"match-quality": quality, "origin": "translation-memory"}
        )
        ET.SubElement(offered, "source", {_XML_LANG: SOURCE_LANGUAGE}).text = xml_safe(
            pair.match.source
        )
        ET.SubElement(offered, "target", {_XML_LANG: TARGET_LANGUAGE}).text = xml_safe(
            pair.match.target
        )


def _note(parent: ET.Element, text: str, *, annotates: str = "", priority: str = "") -> None:
    attributes = {"from": TOOL_ID}
    if annotates:
        attributes["annotates"] = annotates
    if priority:
        attributes["priority"] = priority
    ET.SubElement(parent, "note", attributes).text = xml_safe(text)
