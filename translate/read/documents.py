"""Documents people are sent, Word, OpenDocument and PDF, reduced to their body text.

Each format has a reader of its own (`docx`, `odt`, `pdf`); this module says which suffix is
which format and hands the bytes to the right one. Word and OpenDocument files need only the
standard library; PDF needs pdfminer.six, the `documents` extra, imported only when a PDF is
read.
"""

from __future__ import annotations

from translate.errors import InputError
from translate.options import InputFormat
from translate.read.readdocument import ReadDocument

DOCUMENT_FORMATS = frozenset({InputFormat.docx, InputFormat.odt, InputFormat.pdf})
DOCUMENT_SUFFIXES = {
    ".docx": InputFormat.docx,
    ".odt": InputFormat.odt,
    ".pdf": InputFormat.pdf,
}
DOCUMENT_TYPES = {
    "application/pdf": InputFormat.pdf,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": InputFormat.docx,
    "application/vnd.oasis.opendocument.text": InputFormat.odt,
}


def read_document(data: bytes, kind: InputFormat, *, source: str) -> ReadDocument:
    """The body text of a `.docx`, `.odt` or `.pdf` file's bytes (pure; `source` names it in
    errors, which are `InputError`s of one line)."""
    if not data.strip():
        raise InputError(f"{source}: is empty; give an article with some text.")
    if kind is InputFormat.docx:
        from translate.read.docx import read_docx

        return read_docx(data, source=source)
    if kind is InputFormat.odt:
        from translate.read.odt import read_odt

        return read_odt(data, source=source)
    from translate.read.pdf import read_pdf

    return read_pdf(data, source=source)
