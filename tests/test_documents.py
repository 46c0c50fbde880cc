"""Word, OpenDocument and PDF files read into paragraphs: real LibreOffice files (built by
scripts/build_documents.py from the descriptions beside them), and small hand-made ones for
what LibreOffice cannot be told to write (hidden styles, content controls, damaged zips)."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import REPO

from translate.errors import InputError
from translate.read import read_article
from translate.read.docx import read_docx
from translate.read.odt import read_odt

DOCUMENTS = REPO / "tests" / "fixtures" / "documents"

# What `bericht` says, by hand: its header, footer (page numbers), footnote, comment, tracked
# deletion, hidden text and data table left out; the line break typed inside the third
# paragraph kept as a line break (a space in the PDF, which has no such thing).
BERICHT = [
    "Alte Brücke wird gesperrt",
    "Die Alte Brücke über die Saale wird ab Montag für den Autoverkehr gesperrt. Grund sind "
    "Schäden an den Stahlträgern, die bei einer Routineprüfung entdeckt wurden. Fußgänger und "
    "Radfahrer können die Brücke weiterhin benutzen.",
    "Die Umleitung führt über die Nord-Ost-Tangente und verlängert viele Wege um mehrere "
    "Minuten. Der Baubürgermeister bat die Pendlerinnen und Pendler um Verständnis. Die "
    "Sicherheit habe Vorrang vor der Bequemlichkeit,\nsagte er am Freitag.",
    "Sanierung bis 2026",
    "Die Sanierung soll im Herbst beginnen und rund zwei Jahre dauern. Die Kosten schätzt die "
    "Stadtverwaltung auf etwa 14 Millionen Euro, von denen das Land einen Großteil übernehmen "
    "will. Während der Bauarbeiten bleibt ein schmaler Weg für den Fuß- und Radverkehr offen.",
    "Anwohner der Uferstraße befürchten mehr Verkehr vor ihren Häusern. Eine Bürgerinitiative "
    "fordert deshalb Tempo 30 und zusätzliche Zebrastreifen auf der Umleitungsstrecke. Die Stadt "
    "will die Vorschläge prüfen und im Mai bei einer Bürgerversammlung vorstellen.",
]
SPALTEN = [
    "Museum zeigt Funde aus der Bronzezeit",
    "Das Landesmuseum zeigt von Sonntag an eine Ausstellung über die Bronzezeit in "
    "Mitteldeutschland. Zu sehen sind mehr als 400 Fundstücke, darunter Schwerter, Schmuck und "
    "Gefäße aus Ton. Viele davon wurden erst in den vergangenen Jahren bei Bauarbeiten entdeckt.",
    "Höhepunkt der Schau ist ein vollständig erhaltener Goldhort, der bei Grabungen für eine "
    "Autobahn gefunden wurde. Archäologen sprechen von einem der bedeutendsten Funde der "
    "vergangenen Jahrzehnte. Der Schatz war vermutlich als Opfergabe vergraben worden.",
    "Die Ausstellung richtet sich ausdrücklich auch an Familien mit Kindern. In einer Werkstatt "
    "können junge Besucherinnen und Besucher selbst ausprobieren, wie vor dreitausend Jahren "
    "Bronze gegossen wurde. Begleitend gibt es Führungen, Vorträge und einen ausführlichen "
    "Katalog.",
    "Die Schau ist bis Ende Januar zu sehen. Der Eintritt kostet zwölf Euro, ermäßigt acht Euro. "
    "Kinder unter sechs Jahren haben freien Eintritt.",
]


@pytest.mark.parametrize("suffix", ["docx", "odt"])
def test_an_office_document_gives_its_body_and_nothing_else(suffix: str) -> None:
    article = read_article(DOCUMENTS / f"bericht.{suffix}")
    assert list(article.paragraphs) == BERICHT
    assert article.metadata.format == suffix
    assert article.metadata.title == "Brückensanierung"
    assert article.metadata.author == "Paula Brandt"
    assert (article.metadata.date or "").startswith("2024-04-22T08:00:00")


def test_a_pdf_gives_its_body_without_running_header_footer_or_footnote() -> None:
    article = read_article(DOCUMENTS / "bericht.pdf")
    assert list(article.paragraphs) == [paragraph.replace("\n", " ") for paragraph in BERICHT]
    assert (article.metadata.title, article.metadata.author) == ("Brückensanierung", "Paula Brandt")
    assert article.metadata.format == "pdf"


def test_a_two_column_pdf_is_read_column_by_column() -> None:
    assert list(read_article(DOCUMENTS / "spalten.pdf").paragraphs) == SPALTEN


@pytest.mark.parametrize("suffix", ["docx", "odt"])
def test_a_two_column_office_document_reads_the_same(suffix: str) -> None:
    assert list(read_article(DOCUMENTS / f"spalten.{suffix}").paragraphs) == SPALTEN


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("geheim.pdf", "is password-protected (encrypted)"),
        ("geheim.docx", "is password-protected (encrypted)"),
        ("scan.pdf", "has no text layer (a scan?)"),
    ],
)
def test_documents_that_cannot_be_read_say_why(name: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        read_article(DOCUMENTS / name)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_pdf_encrypted_only_against_changes_opens_without_a_password_and_is_read() -> None:
    assert list(read_article(DOCUMENTS / "offen.pdf").paragraphs) == [
        "Offener Bericht.",
        "Der Text darf gelesen werden.",
    ]


def test_the_pdf_reader_names_its_extra_when_pdfminer_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in [module for module in sys.modules if module.startswith("pdfminer")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pdfminer", None)  # an import of it now fails
    with pytest.raises(InputError) as caught:
        read_article(DOCUMENTS / "spalten.pdf")
    assert "install the `documents` extra: pip install 'translate-de-en[documents]'" in str(
        caught.value
    )


# Hand-made Word XML: what LibreOffice's export does not produce.
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(body: str, styles: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "word/document.xml", f"<w:document {W}><w:body>{body}</w:body></w:document>"
        )
        if styles:
            archive.writestr("word/styles.xml", f"<w:styles {W}>{styles}</w:styles>")
    return buffer.getvalue()


def _p(*runs: str, style: str | None = None) -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{properties}{''.join(runs)}</w:p>"


def _r(text: str, properties: str = "") -> str:
    return f'<w:r><w:rPr>{properties}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def test_word_leaves_out_what_is_not_shown_and_keeps_what_was_inserted() -> None:
    styles = (
        '<w:style w:styleId="Versteckt"><w:rPr><w:vanish/></w:rPr></w:style>'
        '<w:style w:styleId="Erbt"><w:basedOn w:val="Versteckt"/></w:style>'
        '<w:style w:styleId="Verzeichnis1"><w:name w:val="toc 1"/></w:style>'
    )
    body = (
        _p(_r("Inhalt 1"), style="Verzeichnis1")
        + _p(
            _r("Der Rat "),
            "<w:del><w:r><w:delText>hat nicht </w:delText></w:r></w:del>",
            "<w:ins>" + _r("hat ") + "</w:ins>",
            _r("beschlossen"),
            '<w:r><w:footnoteReference w:id="1"/></w:r>',
            _r("."),
        )
        + _p(
            _r("Sichtbar"),
            _r(" verborgen", "<w:vanish/>"),
            _r(" geerbt", '<w:rStyle w:val="Erbt"/>'),
            _r(" bleibt", '<w:vanish w:val="false"/>'),
            _r("."),
        )
        + _p(_r("Ganz versteckt."), style="Erbt")
        + _p(
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
            '<w:r><w:instrText>DATE \\@ "d.M.yyyy"</w:instrText></w:r>',
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
            _r("3.5.2024"),
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
            _r(" Zeile eins"),
            "<w:r><w:br/></w:r>",
            _r("Zeile zwei"),
            '<w:r><w:br w:type="page"/></w:r>',
            _r("nach dem Umbruch"),
            "<w:r><w:tab/></w:r>",
            _r("Ende"),
        )
        + "<w:sdt><w:sdtContent>"
        + _p(_r("Im Steuerelement."))
        + "</w:sdtContent></w:sdt>"
    )
    assert list(read_docx(_docx(body, styles), source="x.docx").paragraphs) == [
        "Der Rat hat beschlossen.",
        "Sichtbar bleibt.",
        "3.5.2024 Zeile eins\nZeile zwei nach dem Umbruch Ende",
        "Im Steuerelement.",
    ]


def _cell(text: str) -> str:
    return f"<w:tc>{_p(_r(text))}</w:tc>"


def test_word_tables_are_read_only_when_they_hold_prose() -> None:
    data = (
        "<w:tbl>"
        + "".join(
            f"<w:tr>{_cell(a)}{_cell(b)}</w:tr>"
            for a, b in [("Ort", "Pegel"), ("Ratzdorf", "6,10 m")]
        )
        + "</w:tbl>"
    )
    prose = (
        "<w:tbl><w:tr>"
        + _cell("Links steht ein ganzer Satz mit vielen Wörtern.")
        + _cell("Rechts steht noch ein Satz mit vielen Wörtern.")
        + "</w:tr></w:tbl>"
    )
    body = _p(_r("Vorher.")) + data + prose + _p(_r("Nachher."))
    assert list(read_docx(_docx(body), source="x.docx").paragraphs) == [
        "Vorher.",
        "Links steht ein ganzer Satz mit vielen Wörtern.",
        "Rechts steht noch ein Satz mit vielen Wörtern.",
        "Nachher.",
    ]


ODF = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
)


def _odt(text: str, manifest: str = "", content: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        if manifest:
            archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr(
            "content.xml",
            content
            or (
                f"<office:document-content {ODF}><office:automatic-styles>"
                '<style:style style:name="T1" style:family="text" style:parent-style-name="Aus"/>'
                '<style:style style:name="Aus" style:family="text"><style:text-properties '
                'text:display="none"/></style:style></office:automatic-styles><office:body>'
                f"<office:text>{text}</office:text></office:body></office:document-content>"
            ).encode(),
        )
    return buffer.getvalue()


def test_opendocument_mixed_content_in_order_and_hidden_parts_left_out() -> None:
    text = (
        "<text:tracked-changes><text:changed-region><text:deletion><text:p>Gelöscht."
        "</text:p></text:deletion></text:changed-region></text:tracked-changes>"
        "<text:h><text:number>1.</text:number>Überschrift</text:h>"
        "<text:p>Ein<text:s text:c='2'/><text:span>Satz</text:span> mit "
        '<text:span text:style-name="T1">nie gezeigtem </text:span>Text<text:note>'
        "<text:note-citation>1</text:note-citation><text:note-body><text:p>Fußnote.</text:p>"
        "</text:note-body></text:note>.<office:annotation><text:p>Kommentar</text:p>"
        "</office:annotation><text:line-break/>Zweite Zeile.</text:p>"
        "<text:list><text:list-item><text:p>Punkt eins.</text:p></text:list-item></text:list>"
        "<text:table-of-content><text:index-body><text:p>Inhalt 1</text:p></text:index-body>"
        "</text:table-of-content>"
    )
    assert list(read_odt(_odt(text), source="x.odt").paragraphs) == [
        "Überschrift",
        "Ein Satz mit Text.\nZweite Zeile.",
        "Punkt eins.",
    ]


def test_a_word_table_in_a_table_is_read_once() -> None:
    """Each table reads its own rows only (and those in a content control); the rows of a table
    nested in a cell are its cell's to read. Read as every row below the table, the sentence
    came out once per level (8 times at 4), and 30 levels took hours."""
    sentence = "Ganz innen steht ein Satz mit vielen Wörtern."
    word = _p(_r(sentence))
    for _ in range(4):
        word = f"<w:tbl><w:tr><w:tc>{word}</w:tc></w:tr></w:tbl>"
    row = f"<w:tr>{_cell(sentence)}</w:tr>"
    controlled = f"<w:tbl><w:sdt><w:sdtContent>{row}</w:sdtContent></w:sdt></w:tbl>"
    assert list(read_docx(_docx(word), source="x.docx").paragraphs) == [sentence]
    assert list(read_docx(_docx(controlled), source="x.docx").paragraphs) == [sentence]


@pytest.mark.parametrize("levels", [32, 33])
def test_tables_nested_past_the_limit_are_one_line_in_either_format(levels: int) -> None:
    """The one depth limit both walks share (`office.check_depth`): 32 levels are read."""
    sentence = "Ganz innen steht ein Satz mit vielen Wörtern."
    word = _p(_r(sentence))
    opendocument = f"<text:p>{sentence}</text:p>"
    for _ in range(levels):
        word = f"<w:tbl><w:tr><w:tc>{word}</w:tc></w:tr></w:tbl>"
        opendocument = (
            "<table:table><table:table-row><table:table-cell>"
            f"{opendocument}</table:table-cell></table:table-row></table:table>"
        )
    readers = [
        (read_docx, _docx(word), "x.docx", "tables or content controls"),
        (read_odt, _odt(opendocument), "x.odt", "lists, sections or tables"),
    ]
    for read, data, source, nests in readers:
        if levels == 32:
            assert list(read(data, source=source).paragraphs) == [sentence]
        else:
            with pytest.raises(InputError) as raised:
                read(data, source=source)
            assert str(raised.value).endswith(
                f": nests {nests} deeper than 32 levels; save it as a new document and give that."
            )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: b"PK\x03\x04 kaputt", "is no readable Word (.docx) document (not a zip archive"),
        (lambda: _zip({"notiz.txt": "Hallo"}), "is a zip archive but no Word (.docx) document"),
        (lambda: _zip({"word/document.xml": "<w:document"}), "is not well-formed XML"),
        (
            lambda: _zip({"word/document.xml": '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'}),
            "declares a DTD",
        ),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "is an old binary Office file"),
    ],
)
def test_a_damaged_word_file_is_one_line(make: object, message: str) -> None:
    assert callable(make)
    with pytest.raises(InputError) as caught:
        read_docx(make(), source="x.docx")
    assert message in str(caught.value)


def test_a_password_protected_opendocument_file_says_so() -> None:
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/>'
        "</manifest:file-entry></manifest:manifest>"
    )
    with pytest.raises(InputError) as caught:
        read_odt(_odt("", manifest=manifest, content=bytes(range(256))), source="x.odt")
    assert str(caught.value) == (
        "x.odt: is password-protected (encrypted); save a copy without a password and give that."
    )


def _zip(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_a_zip_bomb_stops_at_the_part_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from translate.read import office

    monkeypatch.setattr(office, "PART_LIMIT", 1000)
    data = _zip({"word/document.xml": f"<w:document {W}><w:body>" + " " * 5000})
    with pytest.raises(InputError) as caught:
        read_docx(data, source="x.docx")
    assert "unpacks to more than" in str(caught.value)


class _PdfHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = (DOCUMENTS / "spalten.pdf").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_url_that_serves_a_pdf_is_read_as_one_and_its_bytes_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PdfHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        article = read_article(f"http://127.0.0.1:{server.server_address[1]}/museum")
    finally:
        server.shutdown()
        server.server_close()
    assert list(article.paragraphs) == SPALTEN
    assert (article.metadata.format, article.metadata.saved_as) == ("pdf", "source.pdf")
    assert article.raw == (DOCUMENTS / "spalten.pdf").read_bytes()


def test_pdfminer_is_imported_only_when_a_pdf_is_read() -> None:
    script = (
        "import sys\n"
        "from translate.cli.app import app\n"
        "from translate.read import read_article\n"
        f"read_article({str(DOCUMENTS / 'bericht.docx')!r})\n"
        "assert 'pdfminer' not in sys.modules, 'imported early'\n"
        f"read_article({str(DOCUMENTS / 'spalten.pdf')!r})\n"
        "assert 'pdfminer' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
