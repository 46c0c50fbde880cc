"""Reading German/English pairs from the bilingual files any tool writes, for `translate check`.

TMX (1.4, and the 1.1 `lang` attribute), XLIFF 1.2 (1.1 and 2.0 read the same way: units with a
source and a target), our `aligned.jsonl` (any JSON lines with `de` and `en`) and a TSV whose
header names a German and an English column (`de`/`en`, `german`/`english`, `source`/`target`,
...). The format comes from the file's extension, else from its first character. Inline markup
of XML segments (`<g>`, `<ph/>`, `<bpt>`) is read as the text it holds. A file this cannot read
raises `InputError` with one line naming the file and, where there is one, the row or unit.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from translate.errors import InputError
from translate.read.source import read_plain_file

GERMAN_COLUMNS = frozenset({"de", "deu", "ger", "german", "deutsch", "source", "src"})
ENGLISH_COLUMNS = frozenset({"en", "eng", "english", "englisch", "target", "tgt"})
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# What pairs.xlsx (or a .docx, .odt) and a PDF start with: binary, never a bilingual text file.
_ZIP = b"PK\x03\x04"
_PDF = b"%PDF-"


@dataclass(frozen=True, slots=True)
class Unit:
    """One German/English pair of a file, with the id the file gives it (else its row)."""

    id: str
    source: str
    target: str


def read_units(path: Path) -> list[Unit]:
    """The translated units of `path`: a unit without a target (or an empty one) is skipped."""
    data = read_plain_file(path, "a bilingual file", max_bytes=None)
    if data.startswith((_ZIP, _PDF)):
        raise InputError(
            f"{path}: a {'PDF' if data.startswith(_PDF) else 'zip archive (.xlsx, .docx...)'}, "
            "not a bilingual file; check the articles' aligned.jsonl (or .tsv, .xlf, .tmx) instead."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            text = data.decode("utf-16")
        else:
            raise InputError(
                f"{path}: not UTF-8 (byte {error.start}); save it as UTF-8 and check it again."
            ) from error
    kind = _kind(path, text)
    reader = {"xml": _xml_units, "jsonl": _jsonl_units, "tsv": _tsv_units}[kind]
    return [unit for unit in reader(path, text) if unit.target.strip()]


def _kind(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".tmx", ".xlf", ".xliff", ".xml"):
        return "xml"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".tsv", ".tab", ".csv", ".txt"):
        return "tsv"
    start = text.lstrip()[:1]
    return "xml" if start == "<" else "jsonl" if start == "{" else "tsv"


def _xml_units(path: Path, text: str) -> Iterator[Unit]:
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as error:
        line, _ = error.position
        raise InputError(f"{path}: line {line}: not well-formed XML ({error}).") from None
    name = _local(root.tag)
    if name == "tmx":
        yield from _tmx_units(path, root)
    elif name == "xliff":
        yield from _xliff_units(path, root)
    else:
        raise InputError(f"{path}: a <{name}> document is neither TMX nor XLIFF.")


def _tmx_units(path: Path, root: ET.Element) -> Iterator[Unit]:
    for number, unit in enumerate(_all(root, "tu"), start=1):
        texts: dict[str, str] = {}
        for variant in _children(unit, "tuv"):
            language = (variant.get(_XML_LANG) or variant.get("lang") or "").lower()
            segment = next(_children(variant, "seg"), None)
            if segment is not None:
                texts.setdefault(language[:2], "".join(segment.itertext()))
        if "de" in texts and "en" in texts:
            yield Unit(unit.get("tuid") or f"tu{number}", texts["de"], texts["en"])
        elif len(texts) >= 2:
            languages = ", ".join(sorted(texts))
            raise InputError(
                f"{path}: unit {unit.get('tuid') or number}: no German and English pair "
                f"(languages {languages})."
            )


def _xliff_units(path: Path, root: ET.Element) -> Iterator[Unit]:
    for file in _all(root, "file"):
        source_language = file.get("source-language") or root.get("srcLang") or "de"
        target_language = file.get("target-language") or root.get("trgLang") or "en"
        if not (source_language.lower().startswith("de") and target_language.lower()[:2] == "en"):
            raise InputError(
                f"{path}: translate check compares German with English; this file is "
                f"{source_language} → {target_language}."
            )
    for number, unit in enumerate(
        (element for element in root.iter() if _local(element.tag) in ("trans-unit", "unit")),
        start=1,
    ):
        # 1.2: source and target are the unit's children (an <alt-trans> holds other ones);
        # 2.0: each <segment> of the unit has its own.
        segments = list(_children(unit, "segment")) or [unit]
        sources = [_text(segment, "source") for segment in segments]
        targets = [_text(segment, "target") for segment in segments]
        if any(target is None for target in targets):
            continue
        source = " ".join(text for text in sources if text)
        target = " ".join(text for text in targets if text)
        yield Unit(unit.get("id") or f"unit{number}", source, target)


def _text(parent: ET.Element, name: str) -> str | None:
    element = next(_children(parent, name), None)
    return None if element is None else "".join(element.itertext())


def _jsonl_units(path: Path, text: str) -> Iterator[Unit]:
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as error:
            raise InputError(f"{path}: line {line}: not JSON ({error.msg}).") from None
        if not isinstance(record, dict):
            raise InputError(f"{path}: line {line}: a JSON line must be an object.")
        source, target = record.get("de"), record.get("en")
        if not isinstance(source, str) or not isinstance(target, str):
            raise InputError(f'{path}: line {line}: needs "de" and "en" strings.')
        unit = record.get("id")
        yield Unit(str(unit) if unit is not None else str(line), source, target)


def _tsv_units(path: Path, text: str) -> Iterator[Unit]:
    rows = csv.reader(io.StringIO(text, newline=""), delimiter="\t")
    header = [name.strip().lower() for name in next(rows, [])]
    german = next((i for i, name in enumerate(header) if name in GERMAN_COLUMNS), None)
    english = next((i for i, name in enumerate(header) if name in ENGLISH_COLUMNS), None)
    if german is None or english is None:
        raise InputError(
            f"{path}: line 1: the header needs a German column (de, german, source) and an "
            "English one (en, english, target), tab-separated."
        )
    numbers = [header.index(name) if name in header else None for name in ("paragraph", "sentence")]
    named = header.index("id") if "id" in header else None
    for row in rows:
        line = rows.line_num
        if not any(field.strip() for field in row):
            continue
        if len(row) != len(header):
            raise InputError(
                f"{path}: line {line}: {len(row)} fields where the header has {len(header)}."
            )
        yield Unit(_row_id(row, numbers, named, line), row[german], row[english])


def _row_id(row: list[str], numbers: list[int | None], named: int | None, line: int) -> str:
    paragraph, sentence = numbers
    if paragraph is not None and sentence is not None:
        return f"p{row[paragraph]}.s{row[sentence]}"
    return row[named] if named is not None else str(line)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _all(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (child for child in element.iter() if _local(child.tag) == name)


def _children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (child for child in element if _local(child.tag) == name)
