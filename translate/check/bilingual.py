"""Reading German/English pairs from the bilingual files any tool writes, for `translate check`.

TMX (1.4, and the 1.1 `lang` attribute), XLIFF 1.2 (1.1 and 2.0 read the same way: units with a
source and a target), our `aligned.jsonl` (any JSON lines with `de` and `en`) and a TSV whose
header names a German and an English column (`de`/`en`, `german`/`english`, `source`/`target`,
...), from a file or from standard input (`-`). The format is the one asked for, else comes from
the file's extension, else from its first character. Decoding (UTF-8, or UTF-16 with its BOM),
a segment's text (inline markup's words kept, native codes left out) and which TMX units pair
German with English are `translate memory import`'s too (`translate.read.bilingual`). A file
this cannot read raises `InputError` with one line naming the file and, where there is one, the
row or unit.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from translate.errors import InputError, UsageError
from translate.read.bilingual import (
    decode_text,
    first_character,
    local,
    segment_text,
    tmx_pairs,
)
from translate.read.source import STDIN, read_plain_file

GERMAN_COLUMNS = frozenset({"de", "deu", "ger", "german", "deutsch", "source", "src"})
ENGLISH_COLUMNS = frozenset({"en", "eng", "english", "englisch", "target", "tgt"})
# What `--input-format` may say; TMX and XLIFF are both read as XML, told apart by their root.
INPUT_FORMATS = ("tmx", "xliff", "jsonl", "tsv")
# The name standard input goes by in findings and messages.
STDIN_NAME = "stdin"
# What pairs.xlsx (or a .docx, .odt) and a PDF start with: binary, never a bilingual text file.
_ZIP = b"PK\x03\x04"
_PDF = b"%PDF-"


@dataclass(frozen=True, slots=True)
class Unit:
    """One German/English pair of a file, with the id the file gives it (else its row)."""

    id: str
    source: str
    target: str


def read_units(path: Path, input_format: str | None = None) -> list[Unit]:
    """The translated units of `path` (`-`: standard input), read as `input_format` (one of
    `INPUT_FORMATS`) when given: a unit without a target (or an empty one) is skipped."""
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise UsageError(
            f"--input-format {input_format}: not a format check reads; give one of "
            f"{', '.join(INPUT_FORMATS)}."
        )
    name = STDIN_NAME if str(path) == STDIN else str(path)
    data = _read(path, name)
    if data.startswith((_ZIP, _PDF)):
        raise InputError(
            f"{name}: a {'PDF' if data.startswith(_PDF) else 'zip archive (.xlsx, .docx...)'}, "
            "not a bilingual file; check the articles' aligned.jsonl (or .tsv, .xlf, .tmx) instead."
        )
    kind = _kind(path, data, input_format)
    if kind in ("tmx", "xliff", "xml"):
        units = _xml_units(name, data, None if kind == "xml" else kind)
    else:
        reader = _jsonl_units if kind == "jsonl" else _tsv_units
        units = reader(name, decode_text(data, name))
    return [unit for unit in units if unit.target.strip()]


def _read(path: Path, name: str) -> bytes:
    if name == STDIN_NAME:
        try:
            return sys.stdin.buffer.read()
        except OSError as error:
            raise InputError(f"{name}: cannot read it ({error.strerror or error}).") from None
    return read_plain_file(path, "a bilingual file", max_bytes=None)


def _kind(path: Path, data: bytes, asked: str | None) -> str:
    if asked is not None:
        return asked
    suffix = "" if str(path) == STDIN else path.suffix.lower()
    if suffix in (".tmx", ".xlf", ".xliff", ".xml"):
        return "xml"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".tsv", ".tab", ".csv", ".txt"):
        return "tsv"
    start = first_character(data)
    return "xml" if start == "<" else "jsonl" if start == "{" else "tsv"


def _xml_units(name: str, data: bytes, expected: str | None) -> Iterator[Unit]:
    try:
        root = ET.fromstring(data)  # the bytes: the parser honours a BOM and an encoding="..."
    except ET.ParseError as error:
        line, _ = error.position
        raise InputError(f"{name}: line {line}: not well-formed XML ({error}).") from None
    kind = local(root.tag)
    if expected is not None and kind != expected:
        raise InputError(f"{name}: a <{kind}> document, not {expected.upper()} as asked.")
    if kind == "tmx":
        return (Unit(pair.id, pair.german, pair.english) for pair in tmx_pairs(root, name))
    if kind == "xliff":
        return _xliff_units(name, root)
    raise InputError(f"{name}: a <{kind}> document is neither TMX nor XLIFF.")


def _xliff_units(name: str, root: ET.Element) -> Iterator[Unit]:
    for file in _all(root, "file"):
        source_language = file.get("source-language") or root.get("srcLang") or "de"
        target_language = file.get("target-language") or root.get("trgLang") or "en"
        if not (source_language.lower().startswith("de") and target_language.lower()[:2] == "en"):
            raise InputError(
                f"{name}: translate check compares German with English; this file is "
                f"{source_language} → {target_language}."
            )
    for number, unit in enumerate(
        (element for element in root.iter() if local(element.tag) in ("trans-unit", "unit")),
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
    return None if element is None else segment_text(element)


def _jsonl_units(name: str, text: str) -> Iterator[Unit]:
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as error:
            raise InputError(f"{name}: line {line}: not JSON ({error.msg}).") from None
        if not isinstance(record, dict):
            raise InputError(f"{name}: line {line}: a JSON line must be an object.")
        source, target = record.get("de"), record.get("en")
        if not isinstance(source, str) or not isinstance(target, str):
            raise InputError(f'{name}: line {line}: needs "de" and "en" strings.')
        unit = record.get("id")
        yield Unit(str(unit) if unit is not None else str(line), source, target)


def _tsv_units(name: str, text: str) -> Iterator[Unit]:
    rows = csv.reader(io.StringIO(text, newline=""), delimiter="\t")
    header = [name.strip().lower() for name in next(rows, [])]
    german = next((i for i, name in enumerate(header) if name in GERMAN_COLUMNS), None)
    english = next((i for i, name in enumerate(header) if name in ENGLISH_COLUMNS), None)
    if german is None or english is None:
        raise InputError(
            f"{name}: line 1: the header needs a German column (de, german, source) and an "
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
                f"{name}: line {line}: {len(row)} fields where the header has {len(header)}."
            )
        yield Unit(_row_id(row, numbers, named, line), row[german], row[english])


def _row_id(row: list[str], numbers: list[int | None], named: int | None, line: int) -> str:
    paragraph, sentence = numbers
    if paragraph is not None and sentence is not None:
        return f"p{row[paragraph]}.s{row[sentence]}"
    return row[named] if named is not None else str(line)


def _all(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (child for child in element.iter() if local(child.tag) == name)


def _children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (child for child in element if local(child.tag) == name)
