"""Saved web pages reduced to their article: every page shape of bench/data/pages, charsets,
headline, teaser, sub-headings and list items as sentences of their own."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from translate.document import Article
from translate.errors import InputError
from translate.options import SegmenterName
from translate.read.article import parse_article, read_article
from translate.read.page import read_page
from translate.segment import get_segmenter, segment_article

PAGES = REPO / "bench" / "data" / "pages"
CASES = sorted(PAGES.glob("*.html"))
DEV = [page for page in CASES if '"split": "dev"' in page.with_suffix(".json").read_text("utf-8")]
HELD_OUT = [page for page in CASES if page not in DEV]
# The names the expected files give, as the reader names the codecs it used.
CODEC_NAMES = {"utf-8": "utf-8", "cp1252": "cp1252", "iso-8859-15": "iso8859-15"}


def expected(page: Path) -> dict[str, Any]:
    return dict(json.loads(page.with_suffix(".json").read_text(encoding="utf-8")))


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_test_set_has_every_shape_the_issue_names() -> None:
    shapes = " ".join(expected(page)["shape"] for page in CASES)
    assert len(DEV) >= 8 and len(HELD_OUT) >= 5
    for shape in ("CMS", "table layout in windows-1252", "live blog", "JSON-LD", "AMP page"):
        assert shape in shapes


@pytest.mark.parametrize("page", DEV, ids=[page.stem for page in DEV])
def test_each_page_shape_gives_its_article_and_no_boilerplate(page: Path) -> None:
    case = expected(page)
    article = read_article(page)
    text = flat("\n".join(article.paragraphs))
    assert article.paragraphs[0] == case["headline"]
    assert [s for s in case["body"] if flat(s) not in text] == []
    assert [s for s in case["boilerplate"] if s in text] == []
    assert article.metadata.format == "html"
    assert article.metadata.encoding == CODEC_NAMES[case["encoding"]]
    for field, value in case["metadata"].items():
        assert str(getattr(article.metadata, field)).startswith(value), field


@pytest.mark.parametrize("page", HELD_OUT, ids=[page.stem for page in HELD_OUT])
def test_held_out_pages_give_their_whole_body(page: Path) -> None:
    """The held-out pages were not looked at while the extraction was built; their boilerplate
    scores are measured, not asserted (bench/results-extraction.md), their text must be whole."""
    case = expected(page)
    article = read_article(page)
    text = flat("\n".join(article.paragraphs))
    assert [s for s in case["body"] if flat(s) not in text] == []
    assert article.metadata.encoding == CODEC_NAMES[case["encoding"]]


def test_page_metadata_as_the_page_states_it() -> None:
    article = read_article(PAGES / "cms-nachrichten.html")
    assert article.metadata.record() == {
        "format": "html",
        "encoding": "utf-8",
        "title": "Pegel an der Elbe steigt weiter",
        "author": "Katrin Albers",
        "date": "2024-06-14T08:30:00+02:00",
        "url": "https://www.nordkurier-online.example/region/hochwasser-elbe-pegel-100.html",
    }


def sentences(article: Article) -> list[str]:
    return [s.text for s in segment_article(article, get_segmenter(SegmenterName.rules))]


def test_sub_headings_and_list_items_are_sentences_of_their_own() -> None:
    found = sentences(read_article(PAGES / "liveblog.html"))
    assert found[0] == "Tarifstreit bei der Bahn: Der Liveblog"
    for own in (
        "12:10 Uhr Was Reisende jetzt wissen müssen",
        "Fahrkarten für den Streiktag behalten ihre Gültigkeit bis Sonntag.",
        "Im Regionalverkehr fährt etwa jeder dritte Zug",
        "eine Senkung der Wochenarbeitszeit auf 35 Stunden",
        "eine Inflationsausgleichsprämie von 3.000 Euro",
    ):
        assert own in found


PAGE = """<html><head><meta charset="utf-8"><title>T</title></head><body>
<article><h1>Neue Regeln für Radfahrer</h1>
<p>Ab Montag gelten in der Innenstadt neue Regeln für alle, die mit dem Rad unterwegs sind.</p>
<h2>Das ändert sich</h2>
<ul><li>- Tempo 20 in der Fußgängerzone</li><li>• Parken nur noch an Bügeln</li>
<li>Helmpflicht für Kinder <ul><li>bis zwölf Jahre</li></ul></li></ul>
<p>• Verstöße kosten bis zu 55 Euro, teilte die Stadt am Freitag in einer Mitteilung mit.</p>
<p>Die Polizei will in den ersten Wochen vor allem aufklären und noch keine Bußgelder verhängen.</p>
</article></body></html>"""


def test_list_lines_lose_their_bullets() -> None:
    found = sentences(parse_article(PAGE.encode(), name="a", source="a.html", input_format="html"))
    assert "Tempo 20 in der Fußgängerzone" in found
    assert "Parken nur noch an Bügeln" in found
    assert "Helmpflicht für Kinder" in found
    assert "bis zwölf Jahre" in found
    assert "Das ändert sich" in found
    assert not [s for s in found if s.startswith(("-", "•"))]


def page_bytes(head: str, body: str, encoding: str) -> bytes:
    html = f"<html><head>{head}</head><body><article><h1>Überschrift</h1><p>{body}</p></article>"
    return (html + "</body></html>").encode(encoding)


BODY = "„Das Spiel war großartig“, sagte der Trainer – und lächelte dabei sehr zufrieden."


@pytest.mark.parametrize(
    ("head", "encoding", "codec"),
    [
        ('<meta charset="windows-1252">', "cp1252", "cp1252"),
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
            "cp1252",
            "cp1252",
        ),
        # Browsers read ISO-8859-1 as windows-1252, which is what such pages hold.
        ("<meta charset=iso-8859-1>", "cp1252", "cp1252"),
        ('<meta charset="utf-8">', "utf-8", "utf-8"),
        # Nothing declared: detected.
        ("", "cp1252", "cp1252"),
    ],
)
def test_the_pages_charset_is_honoured(head: str, encoding: str, codec: str) -> None:
    page = read_page(page_bytes(head, BODY, encoding), source="p.html")
    assert page.paragraphs == ("Überschrift", BODY)
    assert page.metadata.encoding == codec


def test_the_servers_charset_comes_before_the_pages() -> None:
    data = page_bytes('<meta charset="utf-8">', "Maße in €", "iso-8859-15")
    page = read_page(data, source="p.html", http_charset="ISO-8859-15")
    assert page.paragraphs[1] == "Maße in €"


def test_a_page_whose_bytes_contradict_its_charset_is_detected(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="translate")
    page = read_page(page_bytes('<meta charset="utf-8">', BODY, "cp1252"), source="p.html")
    assert page.paragraphs[1] == BODY
    assert "p.html: the page says the page is utf-8, but its bytes are not" in caplog.text
    assert "p.html: read as cp1252" in caplog.text


def test_numeric_references_to_c1_controls_are_windows_1252() -> None:
    body = "&#132;Ja&#147;, sagte sie &#150; und ging dann ohne ein weiteres Wort nach Hause."
    page = read_page(page_bytes('<meta charset="utf-8">', body, "utf-8"), source="p.html")
    assert (
        page.paragraphs[1] == "„Ja“, sagte sie – und ging dann ohne ein weiteres Wort nach Hause."
    )


def deep_page(levels: int, tag: str) -> bytes:
    """An article whose second paragraph lies `levels` elements deep in `tag`s."""
    return (
        "<html><head><title>T</title></head><body><article><h1>Ein Test der Tiefe</h1>"
        "<p>Der Hund schläft heute im Garten und die Katze spielt mit dem Ball im Hof.</p>"
        f"<p>{f'<{tag}>' * levels}Die Sonne scheint über dem kleinen Dorf am Fluss heute."
        f"{f'</{tag}>' * levels}</p></article></body></html>"
    ).encode()


@pytest.mark.parametrize(("levels", "tag"), [(300, "div"), (1500, "div"), (1500, "span")])
def test_a_page_nested_deeper_than_the_stack_is_read_whole(levels: int, tag: str) -> None:
    """libxml2 stops at 256 levels unless asked; Python's recursion at 1,000."""
    page = read_page(deep_page(levels, tag), source="tief.html")
    assert page.paragraphs == (
        "Ein Test der Tiefe",
        "Der Hund schläft heute im Garten und die Katze spielt mit dem Ball im Hof.",
        "Die Sonne scheint über dem kleinen Dorf am Fluss heute.",
    )


def test_a_page_nested_deeper_than_the_parser_reads_is_refused() -> None:
    with pytest.raises(InputError) as refused:
        read_page(deep_page(3000, "div"), source="tief.html")
    assert str(refused.value) == (
        "tief.html: nests its HTML elements deeper than the parser reads (2,048 levels); give "
        "its text as a .txt file instead."
    )


def test_json_ld_nested_past_the_stack_is_passed_over() -> None:
    script = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
    page = read_page(
        deep_page(1, "div").replace(b"</head>", script.encode() + b"</head>"), source="x"
    )
    assert page.paragraphs[0] == "Ein Test der Tiefe"


def test_a_page_with_no_text_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        read_page(b"<html><body><nav><a href='/'>Start</a></nav></body></html>", source="p.html")
    assert str(caught.value) == ("p.html: holds no article text that could be found; is it a page?")


def test_the_suffix_or_the_option_decides_how_an_input_is_read(tmp_path: Path) -> None:
    page = tmp_path / "seite.htm"
    page.write_bytes(PAGE.encode())
    assert read_article(page).paragraphs[0] == "Neue Regeln für Radfahrer"
    assert read_article(page, input_format="text").paragraphs[0].startswith("<html>")
    text = tmp_path / "seite.txt"
    text.write_bytes(PAGE.encode())
    assert read_article(text, input_format="html").metadata.format == "html"


def test_without_trafilatura_a_page_is_refused_with_the_install_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    with pytest.raises(InputError) as caught:
        read_page(PAGE.encode(), source="p.html")
    assert str(caught.value) == (
        "p.html: reading web pages needs trafilatura, which is not installed (trafilatura); "
        "install it with pip install 'translate-de-en[html]'."
    )
