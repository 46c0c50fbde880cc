"""An OpenDocument text (`.odt`) reduced to its body text.

The body (`office:text` in `content.xml`) is read in order: headings, paragraphs and list items
are paragraphs (list numbers and bullets dropped), a line break typed inside one stays a line
break in it, sections are read through, and a table is read row by row only when it holds prose
(`office.holds_prose`). Left out: headers and footers (in `styles.xml`, never read as text),
footnotes and endnotes with their marks, comments, tracked deletions (kept apart in
`text:tracked-changes`), hidden text and paragraphs (`text:display="none"` through a style, and
the hidden-text fields), frames (text boxes, images) and generated indexes (table of contents).
"""

from __future__ import annotations

from collections.abc import Iterator

from translate.document import SourceMetadata
from translate.errors import InputError
from translate.options import InputFormat
from translate.read.office import (
    Element,
    Styles,
    check_depth,
    hidden_style,
    open_zip,
    optional_part,
    read_part,
    required_part,
    table_paragraphs,
    tidy,
)
from translate.read.readdocument import ReadDocument

_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_KIND = "OpenDocument (.odt)"
# Inline elements whose content is never body text.
_SKIP_INLINE = frozenset(
    {
        _TEXT + "note",
        _OFFICE + "annotation",
        _TEXT + "hidden-text",
        _TEXT + "hidden-paragraph",
        _TEXT + "number",
        _TEXT + "ruby-text",
        _TEXT + "tracked-changes",
        _DRAW + "frame",
        _DRAW + "a",
        _DRAW + "custom-shape",
    }
)
_PARAGRAPHS = frozenset({_TEXT + "p", _TEXT + "h"})
_READ_THROUGH = frozenset(
    {_TEXT + "section", _TEXT + "list", _TEXT + "list-item", _TEXT + "list-header"}
)
_TABLE_PARTS = frozenset(
    {_TABLE + "table-rows", _TABLE + "table-header-rows", _TABLE + "table-row-group"}
)


def read_odt(data: bytes, *, source: str) -> ReadDocument:
    """The paragraphs and metadata of an `.odt` file's bytes."""
    archive = open_zip(data, source=source, kind=_KIND)
    with archive:
        manifest = read_part(archive, "META-INF/manifest.xml", source=source, kind=_KIND)
        if manifest is not None and b"encryption-data" in manifest:
            raise InputError(
                f"{source}: is password-protected (encrypted); save a copy without a password "
                "and give that."
            )
        content = required_part(archive, "content.xml", source=source, kind=_KIND)
        styles_root = optional_part(archive, "styles.xml", source=source, kind=_KIND)
        meta = optional_part(archive, "meta.xml", source=source, kind=_KIND)
    text = content.find(f"{_OFFICE}body/{_OFFICE}text")
    if text is None:
        raise InputError(
            f"{source}: is an OpenDocument file but not a text document (no office:text); "
            "give an .odt file."
        )
    styles: Styles = {}
    for root in (styles_root, content):  # automatic styles (in content.xml) last: they win
        if root is not None:
            styles.update(_styles(root))
    reader = _Reader(styles, source)
    paragraphs = [paragraph for paragraph in reader.blocks(text, 0) if paragraph]
    return ReadDocument(tuple(paragraphs), _metadata(meta))


class _Reader:
    """The walk over the body: blocks in order, tables weighed, hidden text skipped."""

    def __init__(self, styles: Styles, source: str) -> None:
        self.styles = styles
        self.source = source

    def blocks(self, container: Element, depth: int) -> Iterator[str]:
        """The paragraphs of the body, a section, a list or a cell, in order."""
        check_depth(depth, self.source, "lists, sections or tables")
        for child in container:
            if child.tag in _PARAGRAPHS:
                yield self.paragraph(child)
            elif child.tag in _READ_THROUGH:
                yield from self.blocks(child, depth + 1)
            elif child.tag == _TABLE + "table":
                yield from table_paragraphs(
                    [
                        list(self.blocks(cell, depth + 1))
                        for row in _rows(child)
                        for cell in row.findall(_TABLE + "table-cell")
                    ]
                )

    def paragraph(self, paragraph: Element) -> str:
        """A paragraph's visible text ("" for a hidden one)."""
        if self._hidden(paragraph):
            return ""
        pieces = [paragraph.text or ""]
        # Each element's tail follows its children (`_then_tail`): mixed content, in order.
        stack: list[Iterator[Element]] = [iter(paragraph)]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                continue
            tag = child.tag
            if tag in _SKIP_INLINE or self._hidden(child):
                pass
            elif tag == _TEXT + "s":
                pieces.append(" " * _count(child.get(_TEXT + "c")))
            elif tag == _TEXT + "tab":
                pieces.append(" ")
            elif tag == _TEXT + "line-break":
                pieces.append("\n")
            else:
                pieces.append(child.text or "")
                stack.append(_then_tail(child, pieces))
                continue
            pieces.append(child.tail or "")
        return tidy("".join(pieces))

    def _hidden(self, element: Element) -> bool:
        return hidden_style(self.styles, element.get(_TEXT + "style-name"))


def _then_tail(element: Element, pieces: list[str]) -> Iterator[Element]:
    """The element's children, and once they are walked, its tail appended to `pieces`."""
    yield from element
    pieces.append(element.tail or "")


def _rows(table: Element) -> Iterator[Element]:
    """A table's rows in order, through header rows and row groups."""
    for child in table:
        if child.tag == _TABLE + "table-row":
            yield child
        elif child.tag in _TABLE_PARTS:
            yield from _rows(child)


def _count(value: str | None) -> int:
    """`text:c`, how many spaces a `text:s` stands for (1 if unset; at most 100)."""
    try:
        return max(1, min(int(value or "1"), 100))
    except ValueError:
        return 1


def _styles(root: Element) -> Styles:
    """Each text or paragraph style's parent, and whether it hides its text."""
    styles: Styles = {}
    for style in root.iter(_STYLE + "style"):
        name = style.get(_STYLE + "name")
        if name is None:
            continue
        properties = style.find(_STYLE + "text-properties")
        hides = properties is not None and properties.get(_TEXT + "display") == "none"
        styles[name] = (style.get(_STYLE + "parent-style-name"), hides)
    return styles


def _metadata(meta: Element | None) -> SourceMetadata:
    """Title, author and creation date from `meta.xml`, where the document states them."""

    def stated(*tags: str) -> str | None:
        for tag in tags:
            element = meta.find(f"{_OFFICE}meta/{tag}") if meta is not None else None
            text = (element.text or "").strip() if element is not None else ""
            if text:
                return text
        return None

    return SourceMetadata(
        format=InputFormat.odt.value,
        title=stated(f"{_DC}title"),
        author=stated(f"{_META}initial-creator", f"{_DC}creator"),
        date=stated(f"{_META}creation-date", f"{_DC}date"),
    )
