"""The side-by-side HTML page: its structure, its escaping, and how a real browser lays it out."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import CHROMIUM, SAMPLE_RUN

from translate.document import AlignedDocument, SentencePair, Summary, SummarySentence
from translate.render.html import render_html

DOCUMENT = AlignedDocument(
    name="wetter <b>&</b>",
    pairs=(
        SentencePair(
            1,
            1,
            "Das Wetter ist heute schön.",
            "The weather is nice today.",
            alignment=((0, 0), (1, 1), (2, 2), (3, 4), (4, 3)),
        ),
        SentencePair(
            1,
            2,
            "Die Stadt schreibt <script>alert(1)</script> & mehr.",
            "The city writes <script>alert(1)</script> & more.",
            confidence=-3.25,
            flags=("low confidence",),
        ),
        SentencePair(
            2,
            1,
            "Am Abend wird es regnen, und in der Nacht soll der Wind deutlich zunehmen, "
            "sagen die Meteorologen des Wetterdienstes in ihrer neuesten Vorhersage.",
            "It will rain in the evening.",
        ),
    ),
)
SUMMARY = Summary(
    sentences=(SummarySentence("The weather is nice today.", "p1.s1"),), method="textrank"
)
RUN = SAMPLE_RUN


class _Elements(HTMLParser):
    """Collects (tag, attributes) of every start tag and all script text."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def _parse(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    return parser


def _with_class(parser: _Elements, name: str) -> list[dict[str, str | None]]:
    return [a for _, a in parser.elements if name in (a.get("class") or "").split()]


def test_one_row_per_pair_with_language_tags() -> None:
    parser = _parse(render_html(DOCUMENT, SUMMARY, RUN))
    rows = _with_class(parser, "pair")
    assert [row["id"] for row in rows] == ["p1.s1", "p1.s2", "p2.s1"]
    assert all(row.get("tabindex") == "0" for row in rows)
    assert [a.get("lang") for a in _with_class(parser, "de")] == ["de"] * 3
    assert [a.get("lang") for a in _with_class(parser, "en")] == ["en"] * 3
    assert len([a for tag, a in parser.elements if tag == "section"]) == 3  # summary + 2 paras


def test_text_is_escaped_not_markup() -> None:
    page = render_html(DOCUMENT, SUMMARY, RUN)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; mehr." in page
    assert "<title>wetter &lt;b&gt;&amp;&lt;/b&gt;: German / English</title>" in page


def test_self_contained_with_the_signature() -> None:
    page = render_html(DOCUMENT, SUMMARY, RUN)
    parser = _parse(page)
    assert not [a for _, a in parser.elements if "src" in a]
    links = [a["href"] for tag, a in parser.elements if tag == "a" and a.get("href")]
    assert links == ["#p1.s1"]  # the summary sentence points at its row
    metas = {a.get("name"): a.get("content") for tag, a in parser.elements if tag == "meta"}
    assert metas["translate-signature"] == RUN.signature()


def test_flags_are_marked_with_their_reason_and_a_legend() -> None:
    parser = _parse(render_html(DOCUMENT, SUMMARY, RUN))
    marks = [a for a in _with_class(parser, "flag") if a.get("title")]
    assert [mark["title"] for mark in marks] == ["low confidence"]
    assert _with_class(parser, "legend")


def test_the_legend_gives_each_flags_reason() -> None:
    flagged = AlignedDocument(
        "zahlen",
        (
            SentencePair(1, 1, "Es kamen 12.", "12 came.", flags=()),
            SentencePair(1, 2, "Es kamen 12.", "21 came.", flags=("number-mismatch",)),
        ),
    )
    page = render_html(flagged, Summary((), "textrank"), RUN)
    assert (
        '<li><span class="flag">⚑</span> <code>number-mismatch</code>: a number, date or time '
        "of the German is missing or different in the English, or the English states one the "
        "German does not</li>"
    ) in page


def test_words_carry_their_alignment() -> None:
    parser = _parse(render_html(DOCUMENT, SUMMARY, RUN))
    [aligned] = [row for row in _with_class(parser, "pair") if row.get("data-alignment")]
    assert aligned["data-alignment"] == "[[0,0],[1,1],[2,2],[3,4],[4,3]]"
    assert len(_with_class(parser, "w")) == 10  # 5 German and 5 English words
    assert parser.scripts  # the hover script is only there when there is alignment


def test_no_script_without_alignment() -> None:
    plain = AlignedDocument("x", (SentencePair(1, 1, "Hallo.", "Hello."),))
    assert "<script>" not in render_html(plain, Summary((), "textrank"), RUN)


# --- in a real browser ------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: install it (`apt-get install chromium`) or set "
            "TRANSLATE_CHROMIUM; `.ci/run` does this"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


def _open(browser: Any, tmp_path: Path, width: int) -> tuple[Any, list[str]]:
    page_file = tmp_path / "side-by-side.html"
    page_file.write_text(render_html(DOCUMENT, SUMMARY, RUN), encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else 0)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(page_file.as_uri())
    return page, problems


def _boxes(page: Any, selector: str) -> list[dict[str, float]]:
    return [element.bounding_box() for element in page.query_selector_all(selector)]


@pytest.mark.browser
def test_columns_side_by_side_on_a_laptop(browser: Any, tmp_path: Path) -> None:
    page, problems = _open(browser, tmp_path, 1280)
    german, english = _boxes(page, ".pair .de"), _boxes(page, ".pair .en")
    assert len(german) == len(english) == 3
    for de, en in zip(german, english, strict=True):
        assert de["width"] > 200 and en["width"] > 200  # both visible
        assert en["x"] >= de["x"] + de["width"]  # English to the right
        assert de["y"] == en["y"]  # row N of German and row N of English share a row
    rows = _boxes(page, ".pair")
    # The long German sentence makes its row taller; the next row still starts below both.
    assert rows[2]["height"] >= german[2]["height"]
    page.screenshot(path=str(tmp_path / "laptop.png"), full_page=True)
    assert problems == []


@pytest.mark.browser
def test_columns_stack_on_a_phone(browser: Any, tmp_path: Path) -> None:
    page, problems = _open(browser, tmp_path, 375)
    german, english = _boxes(page, ".pair .de"), _boxes(page, ".pair .en")
    for de, en in zip(german, english, strict=True):
        assert en["y"] >= de["y"] + de["height"]  # English below its German sentence
        assert en["x"] + en["width"] <= 375
    assert problems == []


@pytest.mark.browser
def test_hovering_a_word_highlights_its_aligned_word(browser: Any, tmp_path: Path) -> None:
    page, problems = _open(browser, tmp_path, 1280)
    page.hover('#p1\\.s1 .de .w[data-w="3"]')  # "heute"
    linked = page.eval_on_selector_all(".w.linked", "els => els.map(e => e.textContent)")
    assert sorted(linked) == ["heute", "today."]
    page.mouse.move(0, 0)
    assert page.query_selector_all(".w.linked") == []
    assert problems == []
