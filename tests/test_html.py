"""The side-by-side HTML page: its structure, its escaping, and how a real browser lays it out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
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
            flags=("low-confidence", "length-ratio"),
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
    sentences=(
        SummarySentence("The weather is nice today.", "p1.s1"),
        SummarySentence("The city writes <script>alert(1)</script> & more.", "p1.s2"),
    ),
    method="textrank",
)
# The reasons as a reader sees them (translate.align.review.FLAG_REASONS), written out.
LOW_CONFIDENCE = "the model was unsure of this translation (low mean token log-probability)"
LENGTH_RATIO = "the English is far longer or shorter than German-to-English usually is"
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
    sections = [a["class"] for tag, a in parser.elements if tag == "section"]
    assert sections == ["summary", "paragraph", "paragraph", "legend"]


def test_text_is_escaped_not_markup() -> None:
    page = render_html(DOCUMENT, SUMMARY, RUN)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; mehr." in page
    assert "<title>The weather is nice today.: German / English</title>" in page
    assert '<p class="origin"><code>wetter &lt;b&gt;&amp;&lt;/b&gt;</code></p>' in page
    hostile = AlignedDocument("x", (SentencePair(1, 1, "Hallo <b>.", "Hello <b> & you."),))
    assert '<h1 lang="en">Hello &lt;b&gt; &amp; you.</h1>' in render_html(
        hostile, Summary((), "textrank"), RUN
    )


def test_self_contained_with_the_signature() -> None:
    page = render_html(DOCUMENT, SUMMARY, RUN)
    parser = _parse(page)
    assert not [a for _, a in parser.elements if "src" in a]
    links = [a["href"] for tag, a in parser.elements if tag == "a" and a.get("href")]
    # The summary sentences point at their rows; the rest at the legend and the confidence note.
    assert links == ["#p1.s1", "#p1.s2", "#review-flags", "#confidence-note"]
    metas = {a.get("name"): a.get("content") for tag, a in parser.elements if tag == "meta"}
    assert metas["translate-signature"] == RUN.signature()


def test_the_page_leads_with_title_source_and_date_and_ends_with_the_signature() -> None:
    dated = AlignedDocument(
        "000_bericht",
        (
            SentencePair(1, 1, "Berlin, 3. Mai 2024", "Berlin, 3 May 2024"),
            SentencePair(1, 2, "Der Hund schläft im Garten.", "The dog sleeps in the garden."),
        ),
    )
    run = replace(RUN, source="archiv/000_bericht.txt")
    page = render_html(dated, SUMMARY, run)
    body = page.split("<body>")[1]
    # The English title (as the batch index shows it), then where it came from and its date.
    assert body.startswith(
        '\n<header>\n<h1 lang="en">The dog sleeps in the garden.</h1>\n'
        '<p class="origin">From <code>archiv/000_bericht.txt</code> · <time>2024-05-03</time>'
        "</p>\n</header>\n"
        '<section class="summary"'
    )
    signature = f"<code>{RUN.signature()}</code>"
    assert body.index("</main>") < body.index(signature)  # kept, but after the sentences
    url = replace(RUN, source="https://zeitung.example/a?b=1&c=2")
    assert (
        '<p class="origin">From <a href="https://zeitung.example/a?b=1&amp;c=2">'
        "https://zeitung.example/a?b=1&amp;c=2</a></p>"
    ) in render_html(DOCUMENT, SUMMARY, url)
    stdin = replace(RUN, source="-")
    assert '<p class="origin">From standard input</p>' in render_html(DOCUMENT, SUMMARY, stdin)


def test_flags_are_buttons_that_open_their_reasons_in_words() -> None:
    page = render_html(DOCUMENT, SUMMARY, RUN)
    parser = _parse(page)
    buttons = [a for tag, a in parser.elements if tag == "button"]
    # One in the summary (its second sentence comes from the flagged pair), one in the row.
    assert [b["aria-controls"] for b in buttons] == ["why-summary-p1.s2", "why-p1.s2"]
    assert all(b["aria-expanded"] == "false" and b["class"] == "flag" for b in buttons)
    assert (
        '<div class="why" id="why-p1.s2" role="note"><ul>'
        f"<li>low-confidence: {LOW_CONFIDENCE}</li><li>length-ratio: {LENGTH_RATIO}</li>"
        "<li>confidence -3.2500</li></ul></div>"
    ) in page
    assert 'class="pair flagged" id="p1.s2"' in page
    assert "title=" not in page  # the reason is no hover-only tooltip


def test_the_legend_explains_each_flag_that_occurs() -> None:
    page = render_html(DOCUMENT, SUMMARY, RUN)
    assert (
        "<dl>\n"
        f"<dt>⚑ length-ratio</dt><dd>{LENGTH_RATIO} (1 pair)</dd>\n"
        f"<dt>⚑ low-confidence</dt><dd>{LOW_CONFIDENCE} (1 pair)</dd>\n"
        "</dl>"
    ) in page
    assert "split-to-fit" not in page  # a flag that does not occur is not explained


def test_confidence_is_in_the_page_not_only_an_attribute() -> None:
    page = render_html(DOCUMENT, SUMMARY, RUN)
    assert '<span class="confidence">confidence -3.2500</span>' in page
    assert '<input type="checkbox" id="show-confidence">' in page
    plain = AlignedDocument("x", (SentencePair(1, 1, "Hallo.", "Hello."),))
    assert 'id="show-confidence"' not in render_html(plain, Summary((), "textrank"), RUN)


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
        "<dt>⚑ number-mismatch</dt><dd>a number, date or time of the German is missing or "
        "different in the English, or the English states one the German does not (1 pair)</dd>"
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


PHONE = 375


def _open(
    browser: Any,
    tmp_path: Path,
    width: int,
    document: AlignedDocument = DOCUMENT,
    summary: Summary = SUMMARY,
) -> tuple[Any, list[str]]:
    """The page at `width`; at phone width as a phone: touch, no hover."""
    page_file = tmp_path / "side-by-side.html"
    page_file.write_text(render_html(document, summary, RUN), encoding="utf-8")
    phone = {"is_mobile": True, "has_touch": True} if width == PHONE else {}
    page = browser.new_page(viewport={"width": width, "height": 900}, **phone)
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


# Sixty rows, so that the page can scroll any of them to the top of the window.
LONG = AlignedDocument(
    "lang",
    tuple(
        SentencePair(
            1 + index // 10,
            1 + index % 10,
            f"Das ist der Satz Nummer {index}.",
            f"This is sentence number {index}.",
            confidence=-0.25,
            flags=("split-to-fit",) if index == 30 else (),
        )
        for index in range(60)
    ),
)
LONG_SUMMARY = Summary((SummarySentence("This is sentence number 30.", "p4.s1"),), "textrank")


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, PHONE])
def test_a_summary_link_lands_with_its_row_fully_visible(
    browser: Any, tmp_path: Path, width: int
) -> None:
    page, problems = _open(browser, tmp_path, width, LONG, LONG_SUMMARY)
    link = page.locator('.summary a[href="#p4.s1"]')
    link.tap() if width == PHONE else link.click()
    page.wait_for_function("location.hash === '#p4.s1'")
    assert page.evaluate("window.scrollY") > 0
    row = page.locator("#p4\\.s1").bounding_box()  # relative to the window
    header = page.locator(".columns")
    # The sticky column header covers the top of the window on a laptop; a phone has none.
    covered = header.bounding_box()["y"] + header.bounding_box()["height"] if width > PHONE else 0
    assert header.is_visible() is (width > PHONE)
    assert row["y"] >= covered  # the row's first line (and its id) below the header
    assert row["y"] + row["height"] <= 900  # and its last line inside the window
    assert page.evaluate("document.querySelector(':target').id") == "p4.s1"
    assert problems == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, PHONE])
def test_a_flags_reasons_open_on_a_tap_or_click(browser: Any, tmp_path: Path, width: int) -> None:
    page, problems = _open(browser, tmp_path, width)
    for why_id in ("why-p1\\.s2", "why-summary-p1\\.s2"):  # the row's mark and the summary's
        why = page.locator(f"#{why_id}")
        button = page.locator(f'button[aria-controls="{why_id.replace(chr(92), "")}"]')
        assert button.is_visible() and button.inner_text() == "⚑ low-confidence, length-ratio"
        assert not why.is_visible()
        button.tap() if width == PHONE else button.click()
        assert why.is_visible()
        assert why.inner_text().splitlines() == [
            f"low-confidence: {LOW_CONFIDENCE}",
            f"length-ratio: {LENGTH_RATIO}",
            "confidence -3.2500",
        ]
        assert button.get_attribute("aria-expanded") == "true"
        button.tap() if width == PHONE else button.click()  # a second tap closes it again
        page.mouse.move(0, 0)
        assert button.get_attribute("aria-expanded") == "false"
        assert not why.is_visible()
    assert problems == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, PHONE])
def test_a_flags_reasons_show_on_keyboard_focus(browser: Any, tmp_path: Path, width: int) -> None:
    page, problems = _open(browser, tmp_path, width)
    why = page.locator("#why-p1\\.s2")
    page.focus("#p1\\.s2")  # the row, as Tab reaches it
    assert not why.is_visible()
    page.keyboard.press("Tab")  # on to the row's ⚑ button
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "why-p1.s2"
    assert why.is_visible()
    assert LOW_CONFIDENCE in why.inner_text()
    page.keyboard.press("Tab")  # focus moves on: the reasons close
    assert not why.is_visible()
    assert problems == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, PHONE])
def test_the_legend_is_visible_and_explains_the_flags(
    browser: Any, tmp_path: Path, width: int
) -> None:
    page, problems = _open(browser, tmp_path, width)
    legend = page.locator(".legend dl")
    assert legend.is_visible()
    terms = page.eval_on_selector_all(".legend dt", "els => els.map(e => e.innerText)")
    assert terms == ["⚑ length-ratio", "⚑ low-confidence"]
    assert page.locator(".legend dd").nth(1).inner_text() == f"{LOW_CONFIDENCE} (1 pair)"
    box = legend.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width  # no sideways scrolling
    assert problems == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, PHONE])
def test_confidence_shows_on_demand(browser: Any, tmp_path: Path, width: int) -> None:
    page, problems = _open(browser, tmp_path, width)
    confidence = page.locator("#p1\\.s2 .confidence")
    assert not confidence.is_visible()
    page.focus("#p1\\.s2")  # a focused (or tapped) row shows its own
    assert confidence.is_visible() and confidence.inner_text() == "confidence -3.2500"
    page.evaluate("document.activeElement.blur()")
    assert not confidence.is_visible()
    switch = page.locator("#show-confidence")
    switch.tap() if width == PHONE else switch.click()  # the switch shows every row's
    assert switch.is_checked()
    assert confidence.is_visible()
    assert problems == []


# A row as the seed's are: a short English sentence, its confidence and a flag. Showing the
# confidence when the row takes focus must not move the ⚑ button under a finger.
SHORT_FLAGGED = AlignedDocument(
    "kurz",
    (
        SentencePair(
            1,
            1,
            "Damit befindet sich nahezu ganz Zentralsyrien unter der Kontrolle der Regierung.",
            "The may has an euros.",
            confidence=-0.3404,
            flags=("length-ratio",),
        ),
    ),
)


@pytest.mark.browser
def test_the_first_tap_on_a_rows_flag_opens_its_reasons_on_a_phone(
    browser: Any, tmp_path: Path
) -> None:
    page_file = tmp_path / "side-by-side.html"
    page_file.write_text(render_html(SHORT_FLAGGED, Summary((), "textrank"), RUN), encoding="utf-8")
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(page_file.as_uri())
    button = page.locator('button[aria-controls="why-p1.s1"]')
    before = button.bounding_box()
    button.tap()
    assert page.locator("#why-p1\\.s1").is_visible()
    assert button.get_attribute("aria-expanded") == "true"
    assert button.bounding_box()["x"] == before["x"]  # the focused row's confidence moved nothing
    assert page.locator("#p1\\.s1 .confidence").is_visible()  # and it is shown


# The seed's page on the tiny model, in small: long German, short English, most pairs flagged,
# a three-sentence summary of flagged pairs, confidences shown on demand.
SEEDLIKE = AlignedDocument(
    "000_0ada823e5ab43808",
    tuple(
        SentencePair(
            1 + index // 3,
            1 + index % 3,
            "Das einst von der Opposition gehaltene Territorium im östlichen Teil der Region "
            "wurde nun offiziell vollständig von der Regierung kontrolliert.",
            f"The government appr help number {index}.",
            confidence=-0.3,
            flags=("length-ratio", "number-mismatch") if index % 3 else ("length-ratio",),
        )
        for index in range(14)
    ),
)
SEEDLIKE_SUMMARY = Summary(
    tuple(
        SummarySentence(f"The government appr help number {i}.", f"p{1 + i // 3}.s{1 + i % 3}")
        for i in (1, 5, 13)
    ),
    "centroid-cues",
)


@pytest.mark.browser
def test_on_a_phone_the_first_sentence_is_on_the_first_screen(browser: Any, tmp_path: Path) -> None:
    page_file = tmp_path / "side-by-side.html"
    page_file.write_text(render_html(SEEDLIKE, SEEDLIKE_SUMMARY, RUN), encoding="utf-8")
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(page_file.as_uri())
    first = page.locator("#p1\\.s1").bounding_box()
    assert first["y"] < 844 - 40  # its first line shows without scrolling
    assert page.locator("h1").inner_text() == "The government appr help number 0."
    signature = page.locator(".signature").bounding_box()
    assert signature["y"] > first["y"]
