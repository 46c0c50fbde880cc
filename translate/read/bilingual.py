"""Bilingual files read one way by every command that reads them (`translate check`, `translate
memory import`): the bytes decoded alike (UTF-8 with or without a BOM, UTF-16 with its BOM, as
spreadsheets save "Unicode text"), XML told apart from text alike, a segment's text taken alike,
and a TMX unit's German and English picked by the same rule.

The rule for a TMX: a unit holding German and English is read (the first variant of each
language, `de-DE` and `DE` alike); a unit of another pair (German and French, say, in a
multilingual memory) is skipped; a file in which no unit pairs German with English, though it
has units, is refused in one line naming its languages, since reading nothing from it would
look like success.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

from translate.errors import InputError

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
# Inline elements whose content is the original format's code, not text (XLIFF 1.2 and TMX).
_NATIVE_CODE = frozenset({"bpt", "ept", "ph", "it", "ut"})


@dataclass(frozen=True, slots=True)
class TmxPair:
    """A TMX unit's German and English as written (not stripped), with the unit itself; `id` is
    its `tuid`, else `tu<n>` (its place in the file)."""

    id: str
    german: str
    english: str
    unit: ET.Element


def decode_text(data: bytes, name: str) -> str:
    """A text file's characters: UTF-16 after its BOM, else UTF-8 (a BOM dropped); one line
    naming the file and the byte where it is neither."""
    for bom, encoding in _UTF16_BOMS.items():
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise InputError(
                    f"{name}: not UTF-16 past its byte-order mark (byte {error.start + 2}); "
                    "save it as UTF-8 and give it again."
                ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name}: not UTF-8 (byte {error.start}), nor UTF-16 with a byte-order mark; save it "
            "as UTF-8 and give it again."
        ) from None


def first_character(data: bytes) -> str:
    """The file's first character past a byte-order mark and blank space ("" for none), read
    leniently: enough to tell XML (`<`) and JSON lines (`{`) from text."""
    head = data[:1024]
    for bom, encoding in _UTF16_BOMS.items():
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="ignore").lstrip()[:1]
    return head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="ignore").lstrip()[:1]


def looks_like_xml(data: bytes) -> bool:
    """Whether the file begins with `<` past a byte-order mark and blank space (UTF-16 too)."""
    return first_character(data) == "<"


def local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def segment_text(element: ET.Element) -> str:
    """The text of a `<source>`, `<target>` or `<seg>`: inline markup's words kept (`<g>`,
    `<mrk>`, `<hi>`), the native codes that `<bpt>`, `<ept>`, `<ph>`, `<it>`, `<ut>` carry
    (such as `<b>`) left out. Walked with a stack, not recursion: markup nested thousands
    deep is still a segment, not a RecursionError."""
    parts: list[str] = []
    # What is left to write, last first: an element (its text and children), or a tail.
    pending: list[ET.Element | str] = [element]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        parts.append(item.text or "")
        for child in reversed(item):
            pending.append(child.tail or "")
            if local(child.tag) not in _NATIVE_CODE:
                pending.append(child)
    return "".join(parts)


def tmx_pairs(root: ET.Element, name: str) -> Iterator[TmxPair]:
    """The German-English units of a TMX document (1.4, and 1.1's `lang` attribute), by the
    rule in the module's docstring; `InputError` for a `<tuv>` without a `<seg>`."""
    languages: set[str] = set()
    found = False
    for number, unit in enumerate((e for e in root.iter() if local(e.tag) == "tu"), 1):
        unit_id = unit.get("tuid") or f"tu{number}"
        texts: dict[str, str] = {}
        for variant in (e for e in unit if local(e.tag) == "tuv"):
            language = (variant.get(_XML_LANG) or variant.get("lang") or "").lower()
            segment = next((e for e in variant if local(e.tag) == "seg"), None)
            if segment is None:
                raise InputError(f"{name}: unit {unit_id} has a <tuv> without a <seg>.")
            texts.setdefault(language.split("-")[0].split("_")[0], segment_text(segment))
        languages.update(texts)
        if "de" in texts and "en" in texts:
            found = True
            yield TmxPair(unit_id, texts["de"], texts["en"], unit)
    if not found and languages:
        raise InputError(
            f"{name}: no unit pairs German with English (its languages: "
            f"{', '.join(sorted(language or '?' for language in languages))}); give a German to "
            "English TMX."
        )
