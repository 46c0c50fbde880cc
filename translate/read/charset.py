"""Decoding a web page: the charset it states, as a browser honours it, else detection.

The order is the HTML standard's: a BOM, then the charset the server sent (`Content-Type`), then
the page's own `<meta charset>` or `<meta http-equiv="Content-Type">` within its first bytes;
labels are read as browsers read them (`iso-8859-1`, `latin1` and `us-ascii` mean windows-1252,
which is what pages declaring them really hold). A page whose bytes do not fit what it states,
or that states nothing, is decoded like a text file (`translate.read.encoding`): UTF-8, else the
legacy encoding its bytes read as.
"""

from __future__ import annotations

import codecs
import logging
import re

from translate.read.encoding import DecodedText, decode_text, is_c1, repair_c1

logger = logging.getLogger(__name__)

# How far into the page a <meta> charset is looked for (the standard says 1024 bytes; saved
# pages often have a long <head> before it).
PRESCAN_BYTES = 8192
_META_CHARSET = re.compile(
    rb"""<meta\s[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE
)
_CONTENT_TYPE_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
# Labels the HTML standard maps to another encoding than Python's codec of that name.
_WINDOWS_1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"}
    | {"cp819", "ibm819", "iso-ir-100", "csisolatin1", "x-cp1252", "windows-1252", "cp1252"}
)
# `&#150;`: numeric references to C1 controls mean the windows-1252 character of that byte.
_C1_REFERENCE = re.compile(r"&#(?:(1[2-5][0-9])|[xX]([89][0-9a-fA-F]));")


def charset_label(content_type: str | None) -> str | None:
    """The charset a `Content-Type` value names (`text/html; charset=UTF-8` → `UTF-8`)."""
    if not content_type:
        return None
    match = _CONTENT_TYPE_CHARSET.search(content_type)
    return match.group(1) if match else None


def declared_charset(data: bytes) -> str | None:
    """The charset a page's `<meta>` states in its first PRESCAN_BYTES, if any."""
    match = _META_CHARSET.search(data[:PRESCAN_BYTES])
    return match.group(1).decode("ascii") if match else None


def decode_page(
    data: bytes, *, source: str, encoding: str | None = None, http_charset: str | None = None
) -> DecodedText:
    """A page's text: `encoding` (forced), else BOM, HTTP charset, <meta> charset, detection."""
    if encoding is not None or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE)):
        return _references_fixed(decode_text(data, source=source, encoding=encoding))
    if data.startswith(codecs.BOM_UTF16_BE):
        return _references_fixed(decode_text(data, source=source))
    for origin, label in (("its server", http_charset), ("the page", declared_charset(data))):
        codec = _codec(label)
        if codec is None:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            text = None
        if codec == "utf-8" and text is not None:
            return _references_fixed(decode_text(data, source=source))
        if text is not None and not any(is_c1(character) for character in text):
            logger.info("%s: read as %s (as %s states)", source, codec, origin)
            return _references_fixed(DecodedText(text, codec))
        logger.warning(
            "%s: %s says the page is %s, but its bytes are not; detecting its encoding",
            source,
            origin,
            label,
        )
        break
    return _references_fixed(decode_text(data, source=source))


def _codec(label: str | None) -> str | None:
    """The codec a charset label means in a browser, or None for a label nobody knows."""
    if label is None:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
        "".encode(name)
    except LookupError:
        return None
    return "utf-8" if name == "utf-8" else name


def _references_fixed(decoded: DecodedText) -> DecodedText:
    """`&#132;` → `„`: numeric references to C1 controls read as windows-1252, as browsers do."""
    text = _C1_REFERENCE.sub(_reference_character, decoded.text)
    return (
        decoded if text == decoded.text else DecodedText(text, decoded.encoding, decoded.detected)
    )


def _reference_character(match: re.Match[str]) -> str:
    code = int(match.group(1)) if match.group(1) else int(match.group(2), 16)
    character = repair_c1(chr(code))
    return character if character != chr(code) else match.group(0)
