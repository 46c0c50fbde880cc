"""A Word document (`.docx`, Office Open XML) reduced to its body text.

The body (`word/document.xml`) is read in order: each paragraph is a paragraph, a line break
typed inside one (Shift+Enter) stays a line break in it, and a table is read row by row only
when it holds prose (`office.holds_prose`). Left out: headers and footers (parts of their own,
never opened), footnote and endnote marks and texts, comments, tracked deletions and text moved
away, hidden text (`w:vanish`, directly or through a style), field codes (their results are
kept), text boxes and drawings, and a generated table of contents. Tracked insertions are kept:
the text reads as the author's last version.
"""

from __future__ import annotations

import zipfile
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
    required_part,
    table_paragraphs,
    tidy,
)
from translate.read.readdocument import ReadDocument

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_DCTERMS = "{http://purl.org/dc/terms/}"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAIN_TYPE = "/officeDocument"
_KIND = "Word (.docx)"
# Elements whose content is never body text.
_SKIP = frozenset(
    {
        W + "del",
        W + "moveFrom",
        W + "delText",
        W + "instrText",
        W + "delInstrText",
        W + "pPr",
        W + "rPr",
        W + "sdtPr",
        W + "sdtEndPr",
        W + "footnoteReference",
        W + "endnoteReference",
        W + "commentReference",
        W + "annotationRef",
        W + "drawing",
        W + "pict",
        W + "object",
        W + "sym",
        W + "fldData",
        _MC + "AlternateContent",
    }
)
_FALSE = frozenset({"0", "false", "off"})
# What may stand between a table and its rows.
_ROW_WRAPPERS = frozenset({W + "sdt", W + "sdtContent", W + "customXml"})


def read_docx(data: bytes, *, source: str) -> ReadDocument:
    """The paragraphs and metadata of a `.docx` file's bytes."""
    archive = open_zip(data, source=source, kind=_KIND)
    with archive:
        main = _main_part(archive, source)
        root = required_part(archive, main, source=source, kind=_KIND)
        styles_root = optional_part(archive, "word/styles.xml", source=source, kind=_KIND)
        core = optional_part(archive, "docProps/core.xml", source=source, kind=_KIND)
    body = root.find(f"{W}body")
    if body is None:
        raise InputError(f"{source}: is not a Word document (its {main} has no body).")
    styles, contents_styles = _styles(styles_root)
    reader = _Reader(styles, contents_styles, source)
    paragraphs = [text for text in reader.blocks(body, 0) if text]
    return ReadDocument(tuple(paragraphs), _metadata(core))


def _main_part(archive: zipfile.ZipFile, source: str) -> str:
    """Where the package says its main document is (`word/document.xml` in every Word file)."""
    relations = optional_part(archive, "_rels/.rels", source=source, kind=_KIND)
    if relations is not None:
        for relation in relations.iter(f"{_RELATIONSHIPS}Relationship"):
            if (relation.get("Type") or "").endswith(_MAIN_TYPE) and relation.get("Target"):
                return str(relation.get("Target")).lstrip("/")
    return "word/document.xml"


class _Reader:
    """The walk over the body: blocks in order, tables weighed, hidden text skipped."""

    def __init__(self, styles: Styles, contents_styles: frozenset[str], source: str) -> None:
        self.styles = styles
        self.contents_styles = contents_styles
        self.source = source

    def blocks(self, container: Element, depth: int) -> Iterator[str]:
        """The paragraphs of a body, a cell or a content control, in order."""
        check_depth(depth, self.source, "tables or content controls")
        for child in container:
            if child.tag == W + "p":
                yield self.paragraph(child)
            elif child.tag == W + "tbl":
                yield from table_paragraphs(
                    [
                        list(self.blocks(cell, depth + 1))
                        for row in _rows(child)
                        for cell in row.findall(W + "tc")
                    ]
                )
            elif child.tag == W + "sdt" and not self._is_contents(child):
                content = child.find(W + "sdtContent")
                if content is not None:
                    yield from self.blocks(content, depth + 1)
            elif child.tag in (W + "customXml", W + "ins", W + "moveTo", W + "smartTag"):
                yield from self.blocks(child, depth + 1)

    def paragraph(self, paragraph: Element) -> str:
        """A paragraph's visible text ("" for a hidden one or one of a table of contents)."""
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        name = style.get(W + "val") if style is not None else None
        if hidden_style(self.styles, name) or name in self.contents_styles:
            return ""
        pieces: list[str] = []
        stack = [iter(paragraph)]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                continue
            tag = child.tag
            if tag in _SKIP or (tag == W + "r" and self._hidden_run(child)):
                continue
            if tag == W + "t":
                pieces.append(child.text or "")
            elif tag in (W + "tab", W + "ptab"):
                pieces.append(" ")
            elif tag == W + "br":
                pieces.append("\n" if child.get(W + "type") in (None, "textWrapping") else " ")
            elif tag == W + "cr":
                pieces.append("\n")
            elif tag == W + "noBreakHyphen":
                pieces.append("-")
            else:
                stack.append(iter(child))
        return tidy("".join(pieces))

    def _hidden_run(self, run: Element) -> bool:
        properties = run.find(W + "rPr")
        if properties is None:
            return False
        vanish = properties.find(W + "vanish")
        if vanish is not None:
            return (vanish.get(W + "val") or "true") not in _FALSE
        style = properties.find(W + "rStyle")
        return style is not None and hidden_style(self.styles, style.get(W + "val"))

    def _is_contents(self, control: Element) -> bool:
        """A content control holding a generated table of contents (or another index)."""
        gallery = control.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
        return gallery is not None and "Table of Contents" in (gallery.get(W + "val") or "")


def _rows(table: Element) -> Iterator[Element]:
    """A table's own rows in order, through the content controls and custom XML that may wrap
    them; never the rows of a table nested in a cell, which its own cell's walk reads (each
    nested table read again per level above it would double its text at every level)."""
    stack = [iter(table)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag == W + "tr":
            yield child
        elif child.tag in _ROW_WRAPPERS:
            stack.append(iter(child))


def _styles(root: Element | None) -> tuple[Styles, frozenset[str]]:
    """Each style's parent and whether it hides its text; the ids of table-of-contents styles."""
    styles: Styles = {}
    contents: set[str] = set()
    if root is None:
        return styles, frozenset()
    for style in root.iter(W + "style"):
        identifier = style.get(W + "styleId")
        if identifier is None:
            continue
        based = style.find(W + "basedOn")
        vanish = style.find(f"{W}rPr/{W}vanish")
        hides = vanish is not None and (vanish.get(W + "val") or "true") not in _FALSE
        styles[identifier] = (based.get(W + "val") if based is not None else None, hides)
        name = style.find(W + "name")
        if name is not None and (name.get(W + "val") or "").lower().startswith("toc "):
            contents.add(identifier)
    return styles, frozenset(contents)


def _metadata(core: Element | None) -> SourceMetadata:
    """Title, author and creation date from the document's properties, where it states them."""

    def stated(tag: str) -> str | None:
        element = core.find(tag) if core is not None else None
        text = (element.text or "").strip() if element is not None else ""
        return text or None

    return SourceMetadata(
        format=InputFormat.docx.value,
        title=stated(f"{_DC}title"),
        author=stated(f"{_DC}creator"),
        date=stated(f"{_DCTERMS}created"),
    )
