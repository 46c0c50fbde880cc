"""Showing a batch run's progress on stderr: a rich progress bar on a terminal, log lines elsewhere.

The library reports progress to a `BatchObserver`; this module holds the CLI's observers (the CLI
imports it only when it runs a batch, so `--help` stays quick).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from translate.run import ArticleEntry, BatchObserver, LogObserver, Status, describe_entry


class SpeedColumn(ProgressColumn):
    """Sentences per second, as rich estimates it from the recent progress."""

    def render(self, task: Task) -> Text:
        """The speed, once there is one."""
        speed = task.speed
        return Text(f"{speed:.1f} sentences/s" if speed else "", style="progress.data.speed")


class ProgressBarObserver:
    """A transient rich bar: sentences done (with sentences/s and ETA) and articles done/total."""

    def __init__(self, out_dir: Path, *, verbose: bool) -> None:
        self.out_dir = out_dir
        self.verbose = verbose
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._articles = 0
        self._done = 0

    def start(self, articles: int, sentences: int) -> None:
        """Draw the bar for this many articles and sentences (none when there is nothing to do)."""
        if not articles:
            return
        self._articles = articles
        self._progress = Progress(
            TextColumn("translate"),
            BarColumn(),
            TextColumn("{task.fields[articles]} articles"),
            SpeedColumn(),
            TimeRemainingColumn(),
            console=Console(file=sys.stderr),
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task("translate", total=sentences, articles=self._count())

    def advance(self, sentences: int) -> None:
        """Move the bar on by this many sentences."""
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, sentences)

    def finish_article(self, entry: ArticleEntry) -> None:
        """Count the article; with `verbose`, print its line (above the bar, if there is one)."""
        if self._progress is not None and self._task is not None:
            self._done += 1
            self._progress.update(self._task, articles=self._count())
        if not self.verbose or entry.status is Status.FAILED:
            return  # failures are logged as errors where they happen
        line = f"translate: {describe_entry(entry, self.out_dir)}"
        if self._progress is not None:
            self._progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=sys.stderr)

    def stop(self) -> None:
        """Remove the bar."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def _count(self) -> str:
        return f"{self._done}/{self._articles}"


@contextmanager
def observe(
    out_dir: Path, *, quiet: bool, verbose: bool, stream: TextIO | None = None
) -> Iterator[BatchObserver]:
    """The observer for a run: a progress bar if `stream` (stderr) is a terminal and not quiet,
    else plain log lines (which logging's level silences under --quiet)."""
    stream = stream or sys.stderr
    if quiet or not stream.isatty():
        yield LogObserver(out_dir)
        return
    observer = ProgressBarObserver(out_dir, verbose=verbose)
    try:
        yield observer
    finally:
        observer.stop()
