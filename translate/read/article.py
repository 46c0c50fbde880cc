"""Reading articles: bytes from a file, stdin or a URL in, an `Article` of paragraphs out.

A text article is decoded as `translate.read.encoding` says (UTF-8, a BOM's encoding, or the
legacy encoding detected, never a guess that leaves control characters in); a web page
(`.html`/`.htm`, `--input-format html`, or a URL that serves HTML) is reduced to its article by
`translate.read.page`. Whatever is read, the input's SHA-256 is that of its bytes.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from translate.document import Article, SourceMetadata
from translate.errors import InputError
from translate.options import DEFAULT_FETCH_TIMEOUT, InputFormat, parse_choice
from translate.read.documents import (
    DOCUMENT_FORMATS,
    DOCUMENT_SUFFIXES,
    DOCUMENT_TYPES,
    read_document,
)
from translate.read.encoding import decode_text
from translate.read.source import DEFAULT_MAX_BYTES, STDIN, is_url, read_source

_BLANK_LINES = re.compile(r"\n[ \t\f\v\u00a0]*\n\s*")
PAGE_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
# The file in an article's folder that keeps a fetched page's bytes, by the page's format.
SAVED_PAGE_FILES = {
    InputFormat.html: "source.html",
    InputFormat.text: "source.txt",
    **{kind: f"source.{kind.value}" for kind in DOCUMENT_FORMATS},
}
_TEXT_TYPES = frozenset({"text/plain", "text/markdown"})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def read_article(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
    input_format: InputFormat | str | None = None,
    timeout: float = DEFAULT_FETCH_TIMEOUT,
) -> Article:
    """Read one German article: a file, `-` for stdin, or an `http(s)://` URL (fetched).

    Raises `InputError` naming the input and the fix. Only regular files are read, at most
    `max_bytes` (see `translate.read.source`; a URL's page too). `encoding` forces the
    decoding; `input_format` (`text`, `html`, `docx`, `odt`, `pdf`) how it is read, else the
    suffix says (text for stdin) or a URL's content type. A URL's bytes are kept in `Article.raw`.
    """
    chosen = parse_choice(InputFormat, input_format, "input format") if input_format else None
    if is_url(str(path)):
        return _read_url(str(path), max_bytes, encoding, chosen, timeout)
    data = read_source(path, max_bytes)
    if str(path) == STDIN:
        return parse_article(
            data, name="stdin", source=STDIN, encoding=encoding, input_format=chosen
        )
    suffix = Path(path).suffix.lower()
    suffix_format = InputFormat.html if suffix in PAGE_SUFFIXES else DOCUMENT_SUFFIXES.get(suffix)
    return parse_article(
        data,
        name=Path(path).stem,
        source=str(path),
        encoding=encoding,
        input_format=chosen or suffix_format,
    )


def parse_article(
    data: bytes,
    *,
    name: str,
    source: str,
    encoding: str | None = None,
    input_format: InputFormat | str | None = None,
    http_charset: str | None = None,
    url: str | None = None,
) -> Article:
    """Decode and split an article's bytes into paragraphs (pure; `source` names it in errors).

    `input_format` `html` reads a web page (`http_charset`: the charset its server sent; `url`:
    where it came from), `docx`, `odt` and `pdf` a document (`encoding` does not apply); text
    otherwise.
    """
    chosen = parse_choice(InputFormat, input_format, "input format") if input_format else None
    if chosen in DOCUMENT_FORMATS:
        assert chosen is not None
        document = read_document(data, chosen, source=source)
        paragraphs, metadata = list(document.paragraphs), document.metadata
    elif chosen is InputFormat.html:
        from translate.read.page import read_page

        page = read_page(data, source=source, encoding=encoding, http_charset=http_charset, url=url)
        paragraphs, metadata = list(page.paragraphs), page.metadata
    else:
        decoded = decode_text(data, source=source, encoding=encoding)
        paragraphs = split_paragraphs(decoded.text)
        metadata = SourceMetadata(format=InputFormat.text.value, encoding=decoded.encoding)
    if not paragraphs:
        raise InputError(f"{source}: is empty; give an article with some text.")
    return Article(
        name=name,
        source=source,
        paragraphs=tuple(paragraphs),
        sha256=hashlib.sha256(data).hexdigest(),
        metadata=metadata,
    )


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; a single line break inside one is a soft wrap.

    Line ends are normalised (CRLF and CR become LF) and kept inside a paragraph, because the
    segmenter uses them: a headline on a line of its own is a sentence of its own.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [block.strip() for block in _BLANK_LINES.split(text) if block.strip()]


def _read_url(
    url: str,
    max_bytes: int,
    encoding: str | None,
    chosen: InputFormat | None,
    timeout: float,
) -> Article:
    """Fetch a page and read it as a saved page (or as text, if that is what it serves)."""
    from translate.read.charset import charset_label
    from translate.read.fetch import fetch_url
    from translate.read.names import url_output_name

    fetched = fetch_url(url, max_bytes=max_bytes, timeout=timeout)
    kind = chosen or _format_of(fetched.content_type, fetched.data, url)
    article = parse_article(
        fetched.data,
        name=url_output_name(url),
        source=url,
        encoding=encoding,
        input_format=kind,
        http_charset=charset_label(fetched.content_type),
        url=fetched.final_url,
    )
    metadata = SourceMetadata(
        **{
            **article.metadata.record(),
            "fetched_url": fetched.final_url,
            "saved_as": SAVED_PAGE_FILES[kind],
        }
    )
    return Article(
        name=article.name,
        source=article.source,
        paragraphs=article.paragraphs,
        sha256=article.sha256,
        metadata=metadata,
        raw=fetched.data,
    )


def _format_of(content_type: str | None, data: bytes, url: str) -> InputFormat:
    """How a fetched page is read: by its content type, else by a look at its first bytes."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media in DOCUMENT_TYPES:
        return DOCUMENT_TYPES[media]
    if media in _HTML_TYPES:
        return InputFormat.html
    if media in _TEXT_TYPES:
        return InputFormat.text
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not media or media == "application/octet-stream":
        looks_like_html = start.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head"))
        return InputFormat.html if looks_like_html else InputFormat.text
    raise InputError(
        f"{url}: serves {media}, not a web page or text; give the address of the article's page."
    )
