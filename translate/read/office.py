"""What Word (`.docx`) and OpenDocument (`.odt`) files share: a zip of XML parts.

Both are read with the standard library alone (`zipfile`, `xml.etree`), so they need no extra:
python-docx and odfpy would each cover one format and hide what we must see (tracked
deletions, hidden runs, notes) behind an object model. A document is untrusted input, so a
part is read at most `PART_LIMIT` bytes however large its zip entry claims to be (a zip bomb
stops there), and XML with a DTD, which no office file has and an entity bomb needs, is
refused. Whatever goes wrong becomes one `InputError` naming the file.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from xml.etree import ElementTree as ET

from translate.errors import InputError

# The most a single XML part may unpack to: 64 MiB is a book's worth of text with its markup.
PART_LIMIT = 64 << 20
# An encrypted Office file is an OLE compound file, not a zip; old `.doc` files are too.
_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
# A table is read when at least this share of its filled cells hold a sentence.
# How deep a document's tables, lists, sections or content controls may nest.
MAX_DEPTH = 32
# A style's parent and whether it hides its text, by style name (Word and OpenDocument alike).
Styles = dict[str, tuple[str | None, bool]]
_PROSE_SHARE = 0.5
_PROSE_MIN_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?…:][\"“”»«’')\]]*$")
_SPACES = re.compile(r"[^\S\n]+")
# What `zipfile` raises for a damaged archive: its own error, and those of what it calls.
_DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    struct.error,
    OSError,
    ValueError,
    EOFError,
    RuntimeError,
    NotImplementedError,
)

Element = ET.Element


def open_zip(data: bytes, *, source: str, kind: str) -> zipfile.ZipFile:
    """The document's zip, or an `InputError` saying what the bytes are instead."""
    if data.startswith(_COMPOUND_FILE):
        if _ENCRYPTION_STREAM in data:
            raise InputError(
                f"{source}: is password-protected (encrypted); save a copy without a password "
                "and give that."
            )
        raise InputError(
            f"{source}: is an old binary Office file (.doc), no {kind} document; save it as "
            ".docx or .odt and give that."
        )
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except _DAMAGED:
        raise InputError(
            f"{source}: is no readable {kind} document (not a zip archive, or a truncated one); "
            "check the file."
        ) from None


def read_part(archive: zipfile.ZipFile, name: str, *, source: str, kind: str) -> bytes | None:
    """An entry's bytes (None when the zip has no such entry), at most `PART_LIMIT` of them."""
    try:
        with archive.open(name) as entry:
            data = entry.read(PART_LIMIT + 1)
    except KeyError:
        return None
    except _DAMAGED:  # a damaged or truncated entry, an unknown compression, an encrypted one
        raise InputError(
            f"{source}: its {name} cannot be unpacked (a damaged or encrypted {kind} file); "
            "check the file."
        ) from None
    if len(data) > PART_LIMIT:
        raise InputError(
            f"{source}: its {name} unpacks to more than {PART_LIMIT >> 20} MiB of XML, more "
            "than any article; check the file."
        )
    return data


def parse_part(data: bytes, name: str, *, source: str, kind: str) -> Element:
    """A part's XML tree; a DTD (never in an office file, always in an entity bomb) is refused."""
    if _DTD.search(data[:4096]):
        raise InputError(f"{source}: its {name} declares a DTD, which no {kind} file does.")
    try:
        return ET.fromstring(data)
    except ET.ParseError:
        raise InputError(
            f"{source}: its {name} is not well-formed XML (a damaged {kind} file); check the file."
        ) from None


def required_part(archive: zipfile.ZipFile, name: str, *, source: str, kind: str) -> Element:
    """A part the document cannot be without, parsed; its absence means it is no such document."""
    data = read_part(archive, name, source=source, kind=kind)
    if data is None:
        raise InputError(
            f"{source}: is a zip archive but no {kind} document (it has no {name}); check the file."
        )
    return parse_part(data, name, source=source, kind=kind)


def optional_part(archive: zipfile.ZipFile, name: str, *, source: str, kind: str) -> Element | None:
    """A part the document may lack (styles, metadata), parsed, or None."""
    data = read_part(archive, name, source=source, kind=kind)
    return None if data is None else parse_part(data, name, source=source, kind=kind)


def tidy(text: str) -> str:
    """A paragraph's text with runs of spaces and tabs made one space and each line stripped;
    the line breaks the author typed inside it (Shift+Enter) are kept, as in a text file."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def check_depth(depth: int, source: str, nests: str) -> None:
    """`InputError` once a walk over a document is `MAX_DEPTH` levels of `nests` deep: each level
    is a recursive call, and a hostile file could nest thousands."""
    if depth > MAX_DEPTH:
        raise InputError(
            f"{source}: nests {nests} deeper than {MAX_DEPTH} levels; save it as a new document "
            "and give that."
        )


def table_paragraphs(cells: list[list[str]]) -> list[str]:
    """A table's paragraphs, cell by cell, when it holds prose (`holds_prose`); none for data."""
    return [text for cell in cells for text in cell] if holds_prose(cells) else []


def holds_prose(cells: list[list[str]]) -> bool:
    """Whether a table is text laid out in cells (read) or data (left out).

    A table is read row by row, cell by cell, when at least half of its filled cells hold a
    sentence: six words or more that end in final punctuation. Figures, schedules and contact
    boxes have short cells and are left out, as a reader of the article skips them.
    """
    filled = [" ".join(cell) for cell in cells if any(cell)]
    if not filled:
        return False
    prose = sum(
        1
        for text in filled
        if len(text.split()) >= _PROSE_MIN_WORDS and _SENTENCE_END.search(text.rstrip())
    )
    return prose >= _PROSE_SHARE * len(filled)


def hidden_style(styles: Styles, name: str | None) -> bool:
    """Whether style `name`, or a style it is based on, hides its text.

    `styles` maps a style's id to (its parent's id, whether it hides text itself); the chain is
    followed at most 50 steps, so a loop in a damaged file ends.
    """
    for _ in range(50):
        if name is None or name not in styles:
            return False
        parent, hides = styles[name]
        if hides:
            return True
        name = parent
    return False
