"""Showing a batch run's progress on stderr: a rich progress bar on a terminal, log lines elsewhere.

The library reports progress to a `BatchObserver`; this module holds the CLI's observers (the CLI
imports it only when it runs a batch, so `--help` stays quick).
"""

from __future__ import annotations

import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.live import Live
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.spinner import Spinner
from rich.text import Text

from translate.cli.printable import printable
from translate.run import ArticleEntry, BatchObserver, LogObserver, Status, describe_entry


class SpeedColumn(ProgressColumn):
    """Sentences per second over the last minute (the bar itself counts articles)."""

    def render(self, task: Task) -> Text:
        """The speed, once there is one."""
        speed = task.fields.get("sentence_speed")
        return Text(f"{speed:.1f} sentences/s" if speed else "", style="progress.data.speed")


@dataclass(slots=True)
class _Window:
    """The window being translated: its articles and sentences, and how many of each are done."""

    articles: int = 0
    sentences: int = 0
    finished: int = 0
    done: int = 0


class ProgressBarObserver:
    """A transient rich bar over the articles (done/total, sentences/s, time left).

    The time left comes from the articles finished in the last `SPEED_WINDOW_S` seconds, a
    moving average that follows a run whose pace changes (a cold cache that warms up, long
    articles after short ones), not the rate of its first minute. The number of sentences is
    not known up front (articles are read as the run reaches them), so the bar counts articles;
    within a window (`planned`) it moves by the sentences translated, so that it does not sit
    still and then jump by a whole window: the articles of a window not yet finished advance
    together, each by the share of the window's sentences done.
    """

    SPEED_WINDOW_S = 60.0
    # `--verbose` lines are printed above the bar in bunches, at most this often: printing
    # each one costs rich a redraw of the bar, more than a small article's whole translation.
    LINES_EVERY_S = 0.2

    def __init__(
        self,
        out_dir: Path,
        *,
        verbose: bool,
        clock: Callable[[], float] = time.monotonic,
        waiting: str | None = None,
    ) -> None:
        """`waiting` is what a spinner says until the bar starts (the inputs are found and the
        model loads: seconds in which the terminal would otherwise stay blank)."""
        self.out_dir = out_dir
        self.verbose = verbose
        self._clock = clock
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._sentences: deque[tuple[float, int]] = deque()
        self._lines: list[str] = []
        self._printed = 0.0
        self._finished = 0  # articles
        self._window = _Window()
        self._status: Live | None = None
        if waiting is not None:
            spinner = Spinner("dots", text=f"translate: {waiting}…")
            self._status = Live(spinner, console=Console(file=sys.stderr), transient=True)
            self._status.start(refresh=True)  # at once: the wait is what it is there for

    def start(self, articles: int, sentences: int) -> None:
        """Draw the bar for this many articles (none when there is nothing to do)."""
        self._stop_waiting()
        if not articles:
            return
        self._progress = Progress(
            TextColumn("translate"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("articles"),
            SpeedColumn(),
            TimeRemainingColumn(),
            console=Console(file=sys.stderr),
            transient=True,
            get_time=self._clock,
            speed_estimate_period=self.SPEED_WINDOW_S,
        )
        self._progress.start()
        self._task = self._progress.add_task("translate", total=articles, sentence_speed=None)

    def planned(self, articles: int, sentences: int) -> None:
        """A window of `articles` articles and `sentences` sentences starts to be translated."""
        self._window = _Window(articles=articles, sentences=sentences)

    def completed(self) -> float:
        """How far the bar is, in articles: those finished, and the window's share of the rest."""
        window = self._window
        unfinished = max(0, window.articles - window.finished)
        share = min(1.0, window.done / window.sentences) if window.sentences else 0.0
        return self._finished + unfinished * share

    def advance(self, sentences: int) -> None:
        """Count this many more sentences translated: the bar moves on by the window's share,
        and the sentences/s column follows."""
        self._window.done += sentences
        self._move()
        now = self._clock()
        self._sentences.append((now, sentences))
        while self._sentences and self._sentences[0][0] < now - self.SPEED_WINDOW_S:
            self._sentences.popleft()
        if self._progress is not None and self._task is not None and len(self._sentences) > 1:
            span = now - self._sentences[0][0]
            count = sum(done for _, done in self._sentences)
            self._progress.update(self._task, sentence_speed=count / span if span else None)

    def finish_article(self, entry: ArticleEntry) -> None:
        """Move the bar on by one article; with `verbose`, print its line above the bar."""
        self._finished += 1
        if self._window.finished < self._window.articles:
            self._window.finished += 1
        self._move()
        if not self.verbose or entry.status is Status.FAILED:
            return  # failures are logged as errors where they happen
        line = printable(f"translate: {describe_entry(entry, self.out_dir)}")
        if self._progress is None:
            print(line, file=sys.stderr)
            return
        self._lines.append(line)
        if self._clock() - self._printed >= self.LINES_EVERY_S:
            self._print_lines()

    def _stop_waiting(self) -> None:
        if self._status is not None:
            self._status.stop()
            self._status = None

    def _move(self) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=self.completed())

    def _print_lines(self) -> None:
        """The lines waiting to be shown, in one print above the bar."""
        if self._progress is not None and self._lines:
            text = "\n".join(self._lines)
            self._progress.console.print(text, markup=False, highlight=False, soft_wrap=True)
        self._lines = []
        self._printed = self._clock()

    def time_left(self) -> float | None:
        """The bar's estimate of the seconds left (None before there is one)."""
        if self._progress is None or self._task is None:
            return None
        return self._progress.tasks[0].time_remaining

    def stop(self) -> None:
        """Print the lines still waiting, and remove the spinner or the bar."""
        self._stop_waiting()
        self._print_lines()
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


@contextmanager
def observe(
    out_dir: Path,
    *,
    quiet: bool,
    verbose: bool,
    stream: TextIO | None = None,
    waiting: str | None = None,
) -> Iterator[BatchObserver]:
    """The observer for a run: a progress bar if `stream` (stderr) is a terminal and not quiet,
    else plain log lines (which logging's level silences under --quiet). On a terminal,
    `waiting` is said by a spinner until the bar starts; it leaves no line behind."""
    stream = stream or sys.stderr
    if quiet or not stream.isatty():
        yield LogObserver(out_dir)
        return
    observer = ProgressBarObserver(out_dir, verbose=verbose, waiting=waiting)
    try:
        yield observer
    finally:
        observer.stop()
