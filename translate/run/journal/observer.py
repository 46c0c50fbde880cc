"""Telling someone how a batch run goes: the observer protocol, and plain log lines.

The library reports progress to a `BatchObserver`; the CLI's progress bar is one
(`translate.cli.progress`), `LogObserver` the one for a stderr that is not a terminal.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from translate.run.journal.entries import ArticleEntry, Status

logger = logging.getLogger(__name__)


class BatchObserver(Protocol):
    """Told about a batch run's progress (the CLI draws a progress bar or prints lines)."""

    def start(self, articles: int, sentences: int) -> None:
        """Work is about to begin on this many articles (and sentences: 0 when not yet known,
        as in a batch, which reads each article only when it gets to it)."""

    def planned(self, articles: int, sentences: int) -> None:
        """The next `articles` articles, `sentences` sentences in all, are translated together
        (a window); `advance` then counts its sentences as they are done."""

    def advance(self, sentences: int) -> None:
        """This many more sentences are translated (from the model or the cache)."""

    def finish_article(self, entry: ArticleEntry) -> None:
        """An article is written, found up to date, or failed."""


class LogObserver:
    """One log line per finished article (INFO), for a stderr that is not a terminal."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir

    def start(self, articles: int, sentences: int) -> None:
        """Say how much there is to do."""
        if articles and sentences:
            logger.info("%d article(s), %d sentence(s) to translate", articles, sentences)
        elif articles:
            logger.info("%d article(s) to translate", articles)

    def planned(self, articles: int, sentences: int) -> None:
        """Nothing to show before an article is done."""

    def advance(self, sentences: int) -> None:
        """Nothing to show between articles."""

    def finish_article(self, entry: ArticleEntry) -> None:
        """Log a written or skipped article (failures are logged as errors where they happen)."""
        if entry.status is not Status.FAILED:
            logger.info("%s", describe_entry(entry, self.out_dir))


def describe_entry(entry: ArticleEntry, out_dir: Path) -> str:
    """One line about a finished article: translated and written, skipped, or failed."""
    if entry.status is Status.SKIPPED:
        return f"{entry.source}: unchanged since the last run, skipped (--force redoes it)"
    if entry.status is Status.FAILED:
        return f"{entry.source}: failed: {entry.reason}"
    found = [f"{entry.cache_hits} from the cache"] if entry.cache_hits else []
    found += [f"{entry.memory} from the memory"] if entry.memory else []
    cached = f" ({', '.join(found)})" if found else ""
    sentences = f"{entry.sentences} sentence{'' if entry.sentences == 1 else 's'}"
    in_folder = not entry.outputs or any(
        output.startswith(f"{entry.name}/") for output in entry.outputs
    )
    if in_folder:
        where, see = f"written to {out_dir / entry.name}/", "aligned.jsonl"
    else:  # a corpus row: its pairs and summary are rows of the run's files, no folder
        files = " and ".join(entry.outputs)
        where, see = f"its rows go into {files} in {out_dir}/", f"the flags in {entry.outputs[0]}"
    flagged = f"; {entry.flagged} flagged for review (see {see})" if entry.flagged else ""
    return f"{entry.source}: {sentences} translated{cached}, {where}{flagged}"
