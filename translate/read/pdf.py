"""A PDF's text layer reduced to its body paragraphs, with pdfminer.six.

pdfminer.six (MIT) gives every line of text with its place, type size and font, which is what
rebuilding paragraphs, columns and furniture needs (`translate.read.pdflayout`); pypdf (BSD)
gives text in content-stream order without reliable positions, and PyMuPDF is AGPL. It is the
`documents` extra, imported only here. Footnote marks (small raised digits) are dropped from
the lines. A PDF that needs a password, one with no text at all (a scan: OCR is out of scope),
one cut short, and one that is damaged each get one line naming the file.
"""

from __future__ import annotations

import io
import re
import statistics
import struct
import zlib
from typing import Any

from translate.document import SourceMetadata
from translate.errors import InputError
from translate.options import InputFormat
from translate.read.pdflayout import paragraphs
from translate.read.pdfpage import Line, Page
from translate.read.readdocument import DOCUMENTS_EXTRA, ReadDocument

_END_MARK = b"%%EOF"
_TAIL_BYTES = 2048
_HEADER_BYTES = 1024
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬆ": "st"})
# A character this much smaller than its line's type, and raised, is a footnote mark.
_MARK_SIZE = 0.75
_MARK_TEXT = re.compile(r"[\d*†‡,]")
_UNMAPPED = "(cid:"
_PDF_DATE = re.compile(
    r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(\d{2})?'?(\d{2})?'?)?"
)
# Errors pdfminer lets out of a damaged file besides its own.
_DAMAGE = (ValueError, KeyError, TypeError, IndexError, AttributeError, struct.error, zlib.error)


def read_pdf(data: bytes, *, source: str) -> ReadDocument:
    """The paragraphs and metadata of a PDF's bytes (its text layer)."""
    miner = _pdfminer(source)
    if b"%PDF-" not in data[:_HEADER_BYTES]:
        raise InputError(f"{source}: is not a PDF file (it has no PDF header); check the file.")
    if _END_MARK not in data[-_TAIL_BYTES:]:
        raise InputError(
            f"{source}: is truncated (it does not end the way a PDF file ends); download or "
            "save it again."
        )
    try:
        pages, info = _pages(data, miner)
    except miner.pdfdocument.PDFEncryptionError:  # a wrong (empty) password too
        raise InputError(
            f"{source}: is password-protected (encrypted); save a copy without a password "
            "and give that."
        ) from None
    except (miner.psexceptions.PSException, RecursionError, *_DAMAGE) as error:
        raise InputError(
            f"{source}: is a damaged PDF that cannot be read ({type(error).__name__}); check "
            "the file."
        ) from None
    texts = "".join(line.text for page in pages for line in page.lines)
    if not texts.strip():
        raise InputError(
            f"{source}: has no text layer (a scan?); reading text from images (OCR) is not "
            "done here: give a PDF with text, or the article as a .txt file."
        )
    if texts.count(_UNMAPPED) * 5 > len(texts) / 20:
        raise InputError(
            f"{source}: its fonts do not say which letters they draw, so its text cannot be "
            "read; give the article in another format."
        )
    return ReadDocument(tuple(paragraphs(pages)), _metadata(info, miner))


def _pdfminer(source: str) -> Any:
    """pdfminer's modules, or an `InputError` saying how to install them."""
    try:
        import pdfminer.converter
        import pdfminer.layout
        import pdfminer.pdfdocument
        import pdfminer.pdfinterp
        import pdfminer.pdfpage
        import pdfminer.pdfparser
        import pdfminer.pdftypes
        import pdfminer.psexceptions
        import pdfminer.utils
    except ImportError as error:
        raise InputError(
            f"{source}: reading PDF files needs pdfminer.six, which is not installed "
            f"({error.name or error}); install the `documents` extra: {DOCUMENTS_EXTRA}."
        ) from None
    return pdfminer


def _pages(data: bytes, miner: Any) -> tuple[list[Page], dict[str, Any]]:
    """Every page's lines, and the document's info dictionary."""
    parser = miner.pdfparser.PDFParser(io.BytesIO(data))
    document = miner.pdfdocument.PDFDocument(parser)
    manager = miner.pdfinterp.PDFResourceManager()
    # Boxes are not ordered (boxes_flow=None): the lines are put in order by pdflayout.
    laparams = miner.layout.LAParams(boxes_flow=None)
    device = miner.converter.PDFPageAggregator(manager, laparams=laparams)
    interpreter = miner.pdfinterp.PDFPageInterpreter(manager, device)
    pages = []
    for number, page in enumerate(miner.pdfpage.PDFPage.create_pages(document)):
        interpreter.process_page(page)
        layout = device.get_result()
        lines = tuple(_lines(layout, number, miner))
        pages.append(Page(height=float(layout.height), lines=lines))
    info = document.info[0] if document.info else {}
    return pages, info


def _lines(layout: Any, number: int, miner: Any) -> list[Line]:
    """The horizontal text lines of a page's layout, top-down coordinates."""
    found = []
    for box in layout:
        if not isinstance(box, miner.layout.LTTextBoxHorizontal):
            continue
        for element in box:
            if isinstance(element, miner.layout.LTTextLineHorizontal):
                line = _line(element, number, float(layout.height), miner)
                if line is not None:
                    found.append(line)
    return found


def _line(element: Any, number: int, height: float, miner: Any) -> Line | None:
    """A line's text (footnote marks dropped, ligatures spelled out) and its measures."""
    characters = [item for item in element if isinstance(item, miner.layout.LTChar)]
    if not characters:
        return None
    size = statistics.median(round(char.size * 2) / 2 for char in characters)
    base = statistics.median(char.y0 for char in characters)
    pieces: list[str] = []
    marks: list[str] = []
    started = False  # a raised number that starts a line labels a footnote: it is kept
    for item in element:
        text = item.get_text()
        if (
            started
            and isinstance(item, miner.layout.LTChar)
            and item.size < _MARK_SIZE * size
            and item.y0 > base + 0.15 * size
            and _MARK_TEXT.fullmatch(text)
        ):
            if marks and pieces and pieces[-1] == "":  # the next digit of the same mark
                marks[-1] += text
            else:
                marks.append(text)
            pieces.append("")
            continue
        pieces.append(text)
        started = started or bool(text.strip())
    text = "".join(pieces).replace("\n", " ").translate(_LIGATURES).strip()
    if not text:
        return None
    bold = all("bold" in str(char.fontname).lower() for char in characters)
    return Line(
        page=number,
        x0=float(element.x0),
        x1=float(element.x1),
        top=height - float(element.y1),
        bottom=height - float(element.y0),
        size=size,
        bold=bold,
        text=text,
        marks=tuple(mark for mark in marks if mark.isdigit() or mark == "*"),
    )


def _metadata(info: dict[str, Any], miner: Any) -> SourceMetadata:
    """Title, author and creation date from the PDF's document information."""

    def stated(key: str) -> str | None:
        value = miner.pdftypes.resolve1(info.get(key)) if key in info else None
        if isinstance(value, bytes):
            value = miner.utils.decode_text(value)
        text = value.strip().strip("\x00") if isinstance(value, str) else ""
        return text or None

    return SourceMetadata(
        format=InputFormat.pdf.value,
        title=stated("Title"),
        author=stated("Author"),
        date=_iso_date(stated("CreationDate")),
    )


def _iso_date(value: str | None) -> str | None:
    """`D:20240503101500+02'00'` → `2024-05-03T10:15:00+02:00` (a date alone if no time)."""
    match = _PDF_DATE.match(value or "")
    if match is None:
        return None
    year, month, day, hour, minute, second, zone, zone_hour, zone_minute = match.groups()
    date = f"{year}-{month or '01'}-{day or '01'}"
    if hour is None:
        return date
    stamp = f"{date}T{hour}:{minute or '00'}:{second or '00'}"
    if zone in ("Z", "z"):
        return stamp + "Z"
    if zone is not None:
        return f"{stamp}{zone}{zone_hour or '00'}:{zone_minute or '00'}"
    return stamp
