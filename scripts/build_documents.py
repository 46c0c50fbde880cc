"""Build Word, OpenDocument and PDF files from a plain description, with LibreOffice.

A description (JSON) gives a document's metadata, page layout (size, columns, justified and
hyphenated text), running header and footer (`{page}` and `{pages}` become page fields), and
its blocks: a title, sub-headings, paragraphs as lists of sentences, tables. Inside a sentence,
`{note:...}`, `{comment:...}`, `{del:...}` and `{hidden:...}` put a footnote, a comment, a
tracked deletion or hidden text there, and `{br}` a line break typed inside the paragraph: all
things a reader must leave out (or, for `{br}`, not take as a paragraph's end). The description
is written as a flat OpenDocument file (`.fodt`), which `soffice --headless --convert-to`
turns into `.docx`, `.odt` and `.pdf`: real files of a real office suite.

    python scripts/build_documents.py tests/fixtures/documents/*.json --out tests/fixtures/documents

`expected_paragraphs` gives what a reader should return for a description, written by hand in
it: the sentences with the marks' hidden parts removed, joined by spaces.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

FORMATS = ("docx", "odt", "pdf")
_MARK = re.compile(r"\{(note|comment|del|hidden):([^{}]*)\}|\{br\}")
_NAMESPACES = " ".join(
    f'xmlns:{prefix}="{uri}"'
    for prefix, uri in {
        "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
        "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
        "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
        "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
        "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
        "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
        "dc": "http://purl.org/dc/elements/1.1/",
        "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
        "config": "urn:oasis:names:tc:opendocument:xmlns:config:1.0",
    }.items()
)


def expected_paragraphs(description: dict[str, Any]) -> list[str]:
    """The paragraphs a reader should return: title, sub-headings, paragraphs, prose tables'
    cells, with notes, comments, deletions and hidden text left out."""
    found: list[str] = []
    for block in description["blocks"]:
        if "title" in block or "heading" in block:
            found.append(_plain(block.get("title") or block["heading"]))
        elif "sentences" in block:
            found.append(" ".join(_plain(sentence) for sentence in block["sentences"]))
        elif "table" in block and block.get("prose"):
            found.extend(_plain(cell) for row in block["table"] for cell in row if cell)
    return found


def expected_sentences(description: dict[str, Any]) -> list[str]:
    """Every sentence a reader should return, as written (marks' hidden parts removed); each
    cell of a prose table is written as one sentence."""
    found: list[str] = []
    for block in description["blocks"]:
        if "title" in block or "heading" in block:
            found.append(_plain(block.get("title") or block["heading"]))
        elif "sentences" in block:
            found.extend(_plain(sentence) for sentence in block["sentences"])
        elif "table" in block and block.get("prose"):
            found.extend(_plain(cell) for row in block["table"] for cell in row if cell)
    return found


def _plain(text: str) -> str:
    return " ".join(_MARK.sub(lambda match: " " if match.group(0) == "{br}" else "", text).split())


def fodt(description: dict[str, Any], *, printed: bool = False) -> str:
    """The description as a flat OpenDocument text; `printed`: as it is printed (to PDF), its
    tracked deletions accepted (LibreOffice would print them struck through)."""
    changes: list[str] = []
    body = "".join(_block(block, changes, printed) for block in description["blocks"])
    tracked = f"<text:tracked-changes>{''.join(changes)}</text:tracked-changes>" if changes else ""
    layout = description.get("layout", {})
    meta = description.get("meta", {})
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {_NAMESPACES} office:version="1.3"
 office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>{escape(meta.get("title", ""))}</dc:title>
<meta:initial-creator>{escape(meta.get("author", ""))}</meta:initial-creator>
<dc:creator>{escape(meta.get("author", ""))}</dc:creator>
<meta:creation-date>{escape(meta.get("date", "2024-01-01T00:00:00"))}</meta:creation-date>
</office:meta>
<office:font-face-decls><style:font-face style:name="Liberation Serif"
 svg:font-family="'Liberation Serif'" style:font-family-generic="roman"/></office:font-face-decls>
{_styles(layout)}
<office:body><office:text>{tracked}{body}</office:text></office:body>
</office:document>
"""


def _styles(layout: dict[str, Any]) -> str:
    size = layout.get("size", 11)
    align = "justify" if layout.get("justify", True) else "start"
    hyphenate = "true" if layout.get("hyphenate", True) else "false"
    indent = layout.get("indent", "0cm")
    spacing = layout.get("spacing", "0.2cm")
    width, height = layout.get("page", ["14.8cm", "21cm"])
    columns = layout.get("columns", 1)
    header = layout.get("header")
    footer = layout.get("footer")
    return f"""<office:styles>
<style:default-style style:family="paragraph"><style:text-properties
 style:font-name="Liberation Serif" fo:font-size="{size}pt" fo:language="de" fo:country="DE"
 fo:hyphenate="{hyphenate}" fo:hyphenation-remain-char-count="3"
 fo:hyphenation-push-char-count="3"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph"/>
<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph"
 style:parent-style-name="Standard"><style:paragraph-properties fo:margin-top="0cm"
 fo:margin-bottom="{spacing}" fo:text-align="{align}" fo:text-indent="{indent}"/></style:style>
<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:margin-bottom="0.4cm"/>
 <style:text-properties fo:font-size="{size + 7}pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"
 style:parent-style-name="Standard"><style:paragraph-properties fo:margin-top="0.3cm"
 fo:margin-bottom="0.15cm"/><style:text-properties fo:font-size="{size + 2}pt"
 fo:font-weight="bold"/></style:style>
<style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard"/>
<style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:text-align="center"/></style:style>
<style:style style:name="Hidden" style:family="text"><style:text-properties
 text:display="none"/></style:style>
</office:styles>
<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties
 fo:page-width="{width}" fo:page-height="{height}" fo:margin-top="1.2cm" fo:margin-bottom="1.2cm"
 fo:margin-left="1.8cm" fo:margin-right="1.8cm"><style:columns fo:column-count="{columns}"
 fo:column-gap="0.7cm"/></style:page-layout-properties>
<style:header-style><style:header-footer-properties fo:min-height="0cm"
 fo:margin-bottom="0.5cm"/></style:header-style>
<style:footer-style><style:header-footer-properties fo:min-height="0cm"
 fo:margin-top="0.5cm"/></style:footer-style></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">
{_furniture("header", "Header", header)}{_furniture("footer", "Footer", footer)}
</style:master-page></office:master-styles>"""


def _furniture(tag: str, style: str, text: str | None) -> str:
    if not text:
        return ""
    fields = (
        escape(text)
        .replace("{page}", '<text:page-number text:select-page="current">1</text:page-number>')
        .replace("{pages}", "<text:page-count>1</text:page-count>")
    )
    return f'<style:{tag}><text:p text:style-name="{style}">{fields}</text:p></style:{tag}>'


def _block(block: dict[str, Any], changes: list[str], printed: bool) -> str:
    if "title" in block:
        return (
            f'<text:p text:style-name="Title">{_inline(block["title"], changes, printed)}</text:p>'
        )
    if "heading" in block:
        heading = _inline(block["heading"], changes, printed)
        return f'<text:h text:style-name="Heading_20_2" text:outline-level="2">{heading}</text:h>'
    if "sentences" in block:
        text = " ".join(_inline(sentence, changes, printed) for sentence in block["sentences"])
        return f'<text:p text:style-name="Text_20_body">{text}</text:p>'
    rows = "".join(
        "<table:table-row>"
        + "".join(
            '<table:table-cell office:value-type="string"><text:p>'
            f"{_inline(cell, changes, printed)}</text:p></table:table-cell>"
            for cell in row
        )
        + "</table:table-row>"
        for row in block["table"]
    )
    width = len(block["table"][0])
    return (
        f'<table:table table:name="T{len(changes)}{width}"><table:table-column '
        f'table:number-columns-repeated="{width}"/>{rows}</table:table>'
    )


def _inline(text: str, changes: list[str], printed: bool) -> str:
    """A sentence's XML: text escaped, marks made into notes, comments, changes, hidden spans."""
    pieces: list[str] = []
    position = 0
    for match in _MARK.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        position = match.end()
        kind, inner = match.group(1), escape(match.group(2) or "")
        if match.group(0) == "{br}":
            pieces.append("<text:line-break/>")
        elif kind == "note":
            number = sum(piece.count("<text:note ") for piece in pieces) + 1
            pieces.append(
                f'<text:note text:note-class="footnote"><text:note-citation>{number}'
                f"</text:note-citation><text:note-body><text:p>{inner}</text:p></text:note-body>"
                "</text:note>"
            )
        elif kind == "comment":
            pieces.append(
                "<office:annotation><dc:creator>Lektorat</dc:creator><dc:date>"
                f"2024-01-01T00:00:00</dc:date><text:p>{inner}</text:p></office:annotation>"
            )
        elif kind == "del" and printed:
            pass
        elif kind == "hidden":
            pieces.append(f'<text:span text:style-name="Hidden">{inner}</text:span>')
        else:
            identifier = f"ct{len(changes) + 1}"
            changes.append(
                f'<text:changed-region text:id="{identifier}"><text:deletion><office:change-info>'
                "<dc:creator>Lektorat</dc:creator><dc:date>2024-01-01T00:00:00</dc:date>"
                f"</office:change-info><text:p>{inner}</text:p></text:deletion>"
                "</text:changed-region>"
            )
            pieces.append(f'<text:change text:change-id="{identifier}"/>')
    pieces.append(escape(text[position:]))
    return "".join(pieces)


def build(descriptions: list[Path], out: Path, formats: tuple[str, ...] = FORMATS) -> list[Path]:
    """Convert each description into `out/<stem>.<format>` with LibreOffice; the files made."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("build_documents: needs LibreOffice (soffice) on the PATH")
    out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as work:
        profile = Path(work) / "profile"
        for kind in formats:
            folder = Path(work) / kind
            folder.mkdir()
            sources = []
            for path in descriptions:
                source = folder / f"{path.stem}.fodt"
                description = json.loads(path.read_text(encoding="utf-8"))
                source.write_text(fodt(description, printed=kind == "pdf"), "utf-8")
                sources.append(str(source))
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--convert-to",
                    kind,
                    "--outdir",
                    str(out),
                    *sources,
                ],
                check=True,
                capture_output=True,
                timeout=600,
            )
            made.extend(out / f"{Path(source).stem}.{kind}" for source in sources)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("descriptions", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--formats", default=",".join(FORMATS))
    arguments = parser.parse_args()
    made = build(arguments.descriptions, arguments.out, tuple(arguments.formats.split(",")))
    print(f"built {len(made)} files in {arguments.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
