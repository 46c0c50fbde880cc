"""The batch index: pages written one at a time from the entries, and 1,000 articles in Chromium."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CHROMIUM, SAMPLE_RUN, TINY_MARIAN

from translate import BatchOptions, Device, Options, process_paths
from translate.document import AlignedDocument, SentencePair, Summary, SummarySentence
from translate.errors import OutputError
from translate.render.html import render_html
from translate.render.index import IndexRow, render_index_page
from translate.render.runjson import render_run
from translate.run.journal.entries import ArticleEntry, Status
from translate.run.journal.index import index_row, write_index

ARTICLES = 1000


def _article(out: Path, number: int, *, html: bool = False) -> ArticleEntry:
    """Article `number`'s folder as a run writes it (run.json, and the page when `html`), and its
    manifest entry: 1 + number % 5 sentences, every 7th article with a flagged pair, every
    other one from a dated folder, a unique word (Zeppelin0042) in its title and summary."""
    name = f"artikel{number:04}"
    sentences = 1 + number % 5
    pairs = tuple(
        SentencePair(
            1,
            index,
            f"Bericht {number}, Satz {index}.",
            f"Zeppelin{number:04} report, sentence {index}."
            if index == 1
            else f"Sentence {index}.",
            confidence=-0.5,
            flags=("length-ratio",) if number % 7 == 0 and index == 1 else (),
        )
        for index in range(1, sentences + 1)
    )
    document = AlignedDocument(name, pairs)
    summary = Summary((SummarySentence(f"Zeppelin{number:04} landed.", "p1.s1"),), "textrank")
    folder = out / name
    folder.mkdir(parents=True)
    (folder / "run.json").write_text(render_run(SAMPLE_RUN, document, summary), encoding="utf-8")
    files = ["run.json"]
    if html:
        page = render_html(document, summary, SAMPLE_RUN)
        (folder / "side-by-side.html").write_text(page, encoding="utf-8")
        files.append("side-by-side.html")
    day = 1 + number % 28
    source = f"archiv/2024-05-{day:02}/{name}.txt" if number % 2 == 0 else f"neu/{name}.txt"
    return ArticleEntry(
        source=source,
        name=name,
        status=Status.DONE,
        sentences=sentences,
        flagged=1 if number % 7 == 0 else 0,
        outputs=tuple(f"{name}/{file}" for file in files),
    )


def _rows(page: str) -> list[str]:
    return [line for line in page.splitlines() if line.startswith("<tr data-position")]


def test_a_row_holds_what_run_json_and_the_manifest_say(tmp_path: Path) -> None:
    entry = _article(tmp_path, 14, html=True)
    assert index_row(tmp_path, entry) == IndexRow(
        name="artikel0014",
        status="done",
        title="Zeppelin0014 report, sentence 1.",
        href="artikel0014/side-by-side.html",
        date="2024-05-15",
        sentences=5,
        flagged=1,
        flags=(("length-ratio", 1),),
        summary=("Zeppelin0014 landed.",),
        summary_flags=(("length-ratio",),),
    )


def test_a_summary_sentence_from_a_flagged_pair_is_marked_in_the_index(tmp_path: Path) -> None:
    pairs = (
        SentencePair(1, 1, "Der Hund schläft.", "The dog sleeps."),
        SentencePair(1, 2, "Es regnet.", "It is are are are.", flags=("repetition",)),
    )
    summary = Summary(
        (
            SummarySentence("The dog sleeps.", "p1.s1"),
            SummarySentence("It is are are are.", "p1.s2"),
        ),
        "centroid-cues",
    )
    folder = tmp_path / "hund"
    folder.mkdir()
    run = render_run(SAMPLE_RUN, AlignedDocument("hund", pairs), summary)
    (folder / "run.json").write_text(run, encoding="utf-8")
    entry = ArticleEntry("hund.txt", "hund", status=Status.DONE, sentences=2, flagged=1)
    row = index_row(tmp_path, entry)
    assert row.summary_flags == ((), ("repetition",))
    page = render_index_page([row], number=1, first_position=1, has_next=False, updated="now")
    assert (
        '<td class="summary" lang="en">The dog sleeps. It is are are are. '
        '<span class="flags" title="taken from a flagged pair">⚑ repetition</span></td>'
    ) in page


def test_failed_and_pending_articles_have_rows_without_links(tmp_path: Path) -> None:
    failed = ArticleEntry("in/kaputt.txt", "kaputt", Status.FAILED, reason="is empty")
    pending = ArticleEntry("in/2024/05/03/bald.txt", "bald")
    page = (write_index(tmp_path, [failed, pending])).read_text(encoding="utf-8")
    rows = _rows(page)
    assert len(rows) == 2
    assert '<td>kaputt<span class="name">kaputt</span>' in rows[0]
    assert '<span class="status failed">failed: is empty</span>' in rows[0]
    assert '<span class="status pending">pending</span>' in rows[1]
    assert 'data-label="Date">2024-05-03</td>' in rows[1]
    assert "<a href" not in rows[0] + rows[1]


def test_a_skipped_article_is_read_from_its_folder_like_a_done_one(tmp_path: Path) -> None:
    entry = _article(tmp_path, 7, html=True)
    skipped = ArticleEntry(entry.source, entry.name, Status.SKIPPED, outputs=entry.outputs)
    row = index_row(tmp_path, skipped)
    assert (row.title, row.sentences, row.flagged) == ("Zeppelin0007 report, sentence 1.", 3, 1)


def test_links_go_to_the_best_file_written_and_are_url_quoted(tmp_path: Path) -> None:
    outputs = ("a b#c/run.json", "a b#c/side-by-side.md", "a b#c/aligned.tsv")
    entry = ArticleEntry("x.txt", "a b#c", Status.DONE, outputs=outputs)
    assert index_row(tmp_path, entry).href == "a%20b%23c/side-by-side.md"
    only_tsv = ArticleEntry("x.txt", "a b#c", Status.DONE, outputs=("a b#c/aligned.tsv",))
    assert index_row(tmp_path, only_tsv).href == "a%20b%23c/"


def test_a_damaged_run_json_gives_a_plain_row(tmp_path: Path) -> None:
    (tmp_path / "kaputt").mkdir()
    (tmp_path / "kaputt" / "run.json").write_text("{nicht json", encoding="utf-8")
    entry = ArticleEntry("kaputt.txt", "kaputt", Status.DONE, sentences=4)
    row = index_row(tmp_path, entry)
    assert (row.title, row.sentences, row.summary) == ("", 4, ())


def test_pages_are_bounded_and_linked(tmp_path: Path) -> None:
    entries = [_article(tmp_path, number) for number in range(7)]
    assert write_index(tmp_path, entries, page_rows=3) == tmp_path / "index.html"
    pages = [tmp_path / name for name in ("index.html", "index-2.html", "index-3.html")]
    texts = [page.read_text(encoding="utf-8") for page in pages]
    assert [len(_rows(text)) for text in texts] == [3, 3, 1]
    assert not (tmp_path / "index-4.html").exists()
    assert 'rel="next"' in texts[0] and 'rel="prev"' not in texts[0]
    assert '<a href="index-3.html" rel="next">' in texts[1]
    assert '<a href="index.html" rel="prev">' in texts[1]
    assert 'rel="next"' not in texts[2] and '<a href="index-2.html" rel="prev">' in texts[2]
    assert "Page 3: articles 7–7;" in texts[2]
    assert 'data-position="4"' in _rows(texts[1])[0]


def test_exactly_full_pages_have_no_empty_page_after_them(tmp_path: Path) -> None:
    entries = [_article(tmp_path, number) for number in range(6)]
    write_index(tmp_path, entries, page_rows=3)
    assert 'rel="next"' not in (tmp_path / "index-2.html").read_text(encoding="utf-8")
    assert not (tmp_path / "index-3.html").exists()


def test_pages_are_written_as_the_entries_stream_by(tmp_path: Path) -> None:
    """Memory holds one page: page 1 is on disk before the entries of page 3 are even made."""
    seen: list[bool] = []

    def entries() -> Iterator[ArticleEntry]:
        for number in range(10):
            if number == 6:  # the first entry of page 3 (pages of 3 rows)
                seen.append((tmp_path / "index.html").exists())
                seen.append((tmp_path / "index-2.html").exists())
            yield _article(tmp_path, number)

    write_index(tmp_path, entries(), page_rows=3)
    assert seen == [True, False]  # page 2 waits for the look-ahead entry that says a page follows


def test_stale_pages_of_a_longer_run_go_but_foreign_files_stay(tmp_path: Path) -> None:
    entries = [_article(tmp_path, number) for number in range(7)]
    write_index(tmp_path, entries, page_rows=2)  # four pages
    (tmp_path / "index-5.html").write_text("<p>my own notes</p>", encoding="utf-8")
    # Look-alikes of a temporary name that no run recorded are not provably ours: they stay
    # (the run's clean-up removes a killed write's temporary files by their recorded token).
    (tmp_path / ".index-2.html.k3j4h5.tmp").write_text("half a page", encoding="utf-8")
    (tmp_path / ".index.html.notes").write_text("not ours", encoding="utf-8")
    write_index(tmp_path, entries[:3], page_rows=2)  # two pages now
    names = sorted(path.name for path in tmp_path.iterdir() if not path.is_dir())
    assert names == [
        ".index-2.html.k3j4h5.tmp",
        ".index.html.notes",
        "index-2.html",
        "index-5.html",
        "index.html",
    ]


def test_an_empty_run_still_gets_a_page(tmp_path: Path) -> None:
    page = write_index(tmp_path, []).read_text(encoding="utf-8")
    assert "no articles in this run yet" in page
    assert _rows(page) == []


def test_a_folder_where_the_index_goes_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "index.html").mkdir()
    with pytest.raises(OutputError, match=r"index\.html: is a folder"):
        write_index(tmp_path, [])


def test_text_is_escaped_and_titles_are_shortened() -> None:
    row = IndexRow(
        name="<b>x</b>",
        status="done",
        title="Die <script>alert(1)</script> " + "lang " * 60,
        href="x/side-by-side.html",
        summary=('"Quote" & <tag>',),
    )
    page = render_index_page([row], number=1, first_position=1, has_next=False, updated="now")
    assert "<script>alert(1)</script>" not in page.split("<script>")[0]
    assert "&lt;b&gt;x&lt;/b&gt;" in page
    assert "&quot;Quote&quot; &amp; &lt;tag&gt;" in page
    [line] = _rows(page)
    assert "lang lang…</a>" in line


def test_the_index_is_self_contained(tmp_path: Path) -> None:
    page = write_index(tmp_path, [_article(tmp_path, 1, html=True)]).read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page
    assert " src=" not in page and "<link" not in page


def test_a_real_run_ends_by_writing_its_index(tiny_marian: Any, tmp_path: Path) -> None:
    """Two articles through the tiny model; the second run finds both unchanged and still lists
    them, read from their folders."""
    source = tmp_path / "in" / "2024-05-03"
    source.mkdir(parents=True)
    (source / "hund.txt").write_text("Der Hund schläft. Wo ist der Bahnhof?", encoding="utf-8")
    (source / "leer.txt").write_text("", encoding="utf-8")
    options = Options(model=str(TINY_MARIAN), device=Device.cpu)
    out = tmp_path / "out"
    for _ in range(2):
        process_paths([str(source)], options, out, load=lambda _: tiny_marian, batch=BatchOptions())
        rows = _rows((out / "index.html").read_text(encoding="utf-8"))
        assert len(rows) == 2
        hund = next(row for row in rows if "hund" in row)
        assert '<a href="hund/side-by-side.html">The dog sleeps.</a>' in hund
        assert 'data-label="Date">2024-05-03</td>' in hund
        assert '<td class="summary" lang="en">The dog sleeps. Where is the station?</td>' in hund
        leer = next(row for row in rows if "leer" in row)
        assert "failed: " in leer and "is empty" in leer


# --- 1,000 articles in a real browser ---------------------------------------------------


@pytest.fixture(scope="module")
def thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 article folders as a run leaves them (no model: their run.json and page are
    rendered from small documents), and the index over them."""
    out = tmp_path_factory.mktemp("outputs")
    entries = [_article(out, number, html=number in (0, 123, 500)) for number in range(ARTICLES)]
    write_index(out, entries)
    return out


def test_a_thousand_articles_make_two_pages(thousand: Path) -> None:
    first = (thousand / "index.html").read_text(encoding="utf-8")
    second = (thousand / "index-2.html").read_text(encoding="utf-8")
    assert [len(_rows(first)), len(_rows(second))] == [500, 500]
    assert not (thousand / "index-3.html").exists()
    assert json.loads((thousand / "artikel0123" / "run.json").read_text())["title"] == (
        "Zeppelin0123 report, sentence 1."
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


def _open(browser: Any, path: Path, width: int) -> tuple[Any, list[str]]:
    phone = {"is_mobile": True, "has_touch": True} if width < 600 else {}
    page = browser.new_page(viewport={"width": width, "height": 900}, **phone)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else 0)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda r: problems.append(r.url) if not r.url.startswith("file:") else 0)
    page.goto(path.as_uri())
    return page, problems


# The rows the browser lays out (a hidden attribute that CSS overrode would still show).
_SHOWN = "[...document.querySelectorAll('tbody tr')].filter(r => r.getClientRects().length)"


def _visible_rows(page: Any) -> int:
    return int(page.evaluate(f"{_SHOWN}.length"))


def _column(page: Any, index: int) -> list[str]:
    return list(page.evaluate(f"{_SHOWN}.map(r => r.cells[{index}].innerText)"))


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375])
def test_the_index_filters_by_text_and_flags(browser: Any, thousand: Path, width: int) -> None:
    page, problems = _open(browser, thousand / "index.html", width)
    assert _visible_rows(page) == 500
    assert page.inner_text("#count") == "500 of 500 articles on this page shown"
    page.fill("#filter", "zeppelin0123")
    assert _visible_rows(page) == 1
    assert _column(page, 0) == ["Zeppelin0123 report, sentence 1.\nartikel0123"]
    page.fill("#filter", "landed 2024-05-0")  # every word must match: dated on days 1 to 9
    assert _visible_rows(page) == 90  # even articles 0-498 whose day (1 + n % 28) is 1-9
    page.fill("#filter", "")
    page.check("#flagged-only")
    assert _visible_rows(page) == 72  # 0, 7, ..., 497
    assert set(_column(page, 3)) == {"⚑ 1\nlength-ratio ×1"}
    page.uncheck("#flagged-only")
    assert _visible_rows(page) == 500
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width  # no sideways scrolling, on a phone either
    assert problems == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375])
def test_the_index_sorts_by_column(browser: Any, thousand: Path, width: int) -> None:
    page, problems = _open(browser, thousand / "index.html", width)
    sentences = page.locator('th[data-key="sentences"] button')
    sentences.click()
    assert page.get_attribute('th[data-key="sentences"]', "aria-sort") == "ascending"
    assert _column(page, 2)[:3] == ["1", "1", "1"]
    first = page.evaluate("document.querySelector('tbody tr').dataset")
    assert (first["sentences"], first["position"]) == ("1", "1")  # ties keep the run's order
    sentences.click()
    first = page.evaluate("document.querySelector('tbody tr').dataset")
    assert (first["sentences"], first["position"]) == ("5", "5")
    page.locator('th[data-key="date"] button').click()  # ascending: undated first, then by day
    dates = page.evaluate("[...document.querySelectorAll('tbody tr')].map(r => r.dataset.date)")
    assert dates[:250] == [""] * 250 and dates[250] == "2024-05-01" and dates[-1] == "2024-05-27"
    page.locator('th[data-key="title"] button').click()
    titles = page.evaluate("[...document.querySelectorAll('tbody tr')].map(r => r.dataset.title)")
    assert titles[0].startswith("zeppelin0000") and titles[-1].startswith("zeppelin0499")
    assert problems == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375])
def test_the_index_links_to_pages_and_articles(browser: Any, thousand: Path, width: int) -> None:
    page, problems = _open(browser, thousand / "index.html", width)
    page.click("nav.pages >> text=next ›")
    page.wait_for_url("**/index-2.html")
    assert _visible_rows(page) == 500
    assert "Page 2: articles 501–1000;" in page.inner_text(".meta")
    link = page.locator("tbody tr a").first
    assert link.inner_text() == "Zeppelin0500 report, sentence 1."
    link.tap() if width < 600 else link.click()
    page.wait_for_url("**/artikel0500/side-by-side.html")
    assert page.inner_text("h1") == "Zeppelin0500 report, sentence 1."  # as the index says
    page.go_back()
    page.click("nav.pages >> text=‹ previous")
    page.wait_for_url("**/index.html")
    assert problems == []
