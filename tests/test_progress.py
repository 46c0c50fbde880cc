import io
import logging
from pathlib import Path

import pytest

from translate.cli.logs import StderrHandler
from translate.cli.progress import ProgressBarObserver, observe
from translate.run.journal.entries import ArticleEntry, Status
from translate.run.journal.observer import LogObserver

DONE = ArticleEntry(source="in/a.txt", name="a", status=Status.DONE, sentences=3, cache_hits=1)
SKIPPED = ArticleEntry(source="in/b.txt", name="b", status=Status.SKIPPED)


class Terminal(io.StringIO):
    """A stream that says it is a terminal (so the bar draws itself) and keeps each write."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.writes.append(text)
        return super().write(text)


@pytest.mark.parametrize(
    ("stream", "quiet", "expected"),
    [
        (io.StringIO(), False, LogObserver),
        (Terminal(), True, LogObserver),
        (Terminal(), False, ProgressBarObserver),
    ],
)
def test_a_bar_only_on_a_terminal_and_not_when_quiet(
    stream: io.StringIO, quiet: bool, expected: type
) -> None:
    with observe(Path("out"), quiet=quiet, verbose=False, stream=stream) as observer:
        assert type(observer) is expected


def test_the_bar_prints_one_line_per_article_when_verbose(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stderr = io.StringIO()
    monkeypatch.setattr("sys.stderr", stderr)
    observer = ProgressBarObserver(Path("out"), verbose=True)
    observer.finish_article(SKIPPED)  # found up to date before the bar starts
    observer.start(articles=1, sentences=3)
    observer.advance(3)
    observer.finish_article(DONE)
    observer.stop()
    lines = stderr.getvalue().splitlines()
    assert "translate: in/b.txt: unchanged since the last run, skipped (--force redoes it)" in lines
    assert "translate: in/a.txt: 3 sentences translated (1 from the cache), written to out/a/" in (
        lines
    )


@pytest.mark.parametrize("verbose", [False, True])
def test_the_bar_is_silent_about_articles_unless_verbose(
    monkeypatch: pytest.MonkeyPatch, verbose: bool
) -> None:
    stderr = Terminal()  # a terminal, so the bar draws itself
    monkeypatch.setattr("sys.stderr", stderr)
    observer = ProgressBarObserver(Path("out"), verbose=verbose)
    observer.start(articles=1, sentences=3)
    observer.finish_article(DONE)
    observer.stop()
    assert "1/1" in stderr.getvalue()  # the bar itself was drawn, and counted the article
    assert ("in/a.txt" in stderr.getvalue()) is verbose


def test_log_lines_follow_stderr_when_it_is_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    handler = StderrHandler()
    logger = logging.getLogger("translate.test_progress")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        replaced = io.StringIO()
        monkeypatch.setattr("sys.stderr", replaced)
        logger.warning("above the bar")
        assert replaced.getvalue() == "above the bar\n"
    finally:
        logger.removeHandler(handler)


def test_the_time_left_follows_the_recent_pace(monkeypatch: pytest.MonkeyPatch) -> None:
    """10,000 articles: the first minute fast (a warm cache), then ten times slower. The time
    left must come from the slow pace of the last minute, not the average since the start."""
    monkeypatch.setattr("sys.stderr", io.StringIO())
    now = [0.0]
    observer = ProgressBarObserver(Path("out"), verbose=False, clock=lambda: now[0])
    observer.start(articles=10_000, sentences=0)
    for _ in range(6_000):  # 100 articles/s for 60 s
        now[0] += 0.01
        observer.finish_article(DONE)
    for _ in range(1_200):  # then 10 articles/s for 120 s
        now[0] += 0.1
        observer.finish_article(DONE)
    left = observer.time_left()
    observer.stop()
    assert left is not None
    remaining = 10_000 - 7_200
    assert abs(left - remaining / 10) < 0.1 * remaining / 10  # 280 s; the overall mean says 50


def test_verbose_lines_are_printed_in_bunches(monkeypatch: pytest.MonkeyPatch) -> None:
    """One print above the bar per bunch: a redraw per line would cost more than the article."""
    stderr = Terminal()
    monkeypatch.setattr("sys.stderr", stderr)
    now = [0.0]
    observer = ProgressBarObserver(Path("out"), verbose=True, clock=lambda: now[0])
    observer.start(articles=100, sentences=0)
    for _ in range(100):  # 100 articles in one second
        now[0] += 0.01
        observer.finish_article(DONE)
    observer.stop()
    bunches = [text for text in stderr.writes if "in/a.txt" in text]
    assert 4 <= len(bunches) <= 6  # every 0.2 s, and the rest when the bar goes
    line = "translate: in/a.txt: 3 sentences translated (1 from the cache), written to out/a/\n"
    assert sum(text.count(line) for text in bunches) == 100
