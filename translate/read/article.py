"""Reading articles: bytes from a file or stdin in, an `Article` of paragraphs out.

Decoding is strict: a wrong encoding would silently feed mojibake to the model, so anything that
is not UTF-8 text is refused with a message that says how to convert it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from translate.document import Article
from translate.errors import InputError
from translate.read.source import DEFAULT_MAX_BYTES, STDIN, read_source

_BLANK_LINES = re.compile(r"\n[ \t\f\v\u00a0]*\n\s*")


def read_article(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read one German article; `-` reads stdin. Raises `InputError` naming the file and the fix.

    Only regular files are read, and at most `max_bytes` (see `translate.read.source`).
    """
    data = read_source(path, max_bytes)
    if str(path) == STDIN:
        return parse_article(data, name="stdin", source=STDIN)
    return parse_article(data, name=Path(path).stem, source=str(path))


def parse_article(data: bytes, *, name: str, source: str) -> Article:
    """Decode and split an article's bytes into paragraphs (pure; `source` names it in errors)."""
    if b"\x00" in data:
        raise InputError(
            f"{source}: looks like a binary file (it contains NUL bytes); give a UTF-8 text file."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{source}: is not valid UTF-8 (byte 0x{data[error.start]:02x} at offset "
            f"{error.start}); convert it, e.g. `iconv -f latin1 -t utf-8`."
        ) from None
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise InputError(f"{source}: is empty; give an article with some text.")
    return Article(
        name=name,
        source=source,
        paragraphs=tuple(paragraphs),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; a single line break inside one is a soft wrap.

    Line ends are normalised (CRLF and CR become LF) and kept inside a paragraph, because the
    segmenter uses them: a headline on a line of its own is a sentence of its own.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [block.strip() for block in _BLANK_LINES.split(text) if block.strip()]
