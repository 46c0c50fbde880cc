"""`manifest.json`: what a batch run did to every article, rewritten atomically as articles finish.

A reader (a person, a script, the next run after a crash) always finds a complete JSON file: the
run signature, one entry per article with its status, and totals.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from translate.clock import utc_now
from translate.document import SourceMetadata
from translate.run.files import write_text_atomic
from translate.version import __version__

MANIFEST_FILE = "manifest.json"


class Status(StrEnum):
    """Where an article stands in a batch run."""

    PENDING = "pending"
    DONE = "done"
    SKIPPED = "skipped-unchanged"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    """One article of a batch: its input, output folder (relative to `--out`) and outcome.

    `cache_hits` counts the article's sentences whose translation was already in the cache;
    `flagged` the pairs with a review flag (`translate.align.review`);
    `seconds` is the wall time from the previous article's completion to this one's (articles
    are translated together, so this is the time the run spent to get this one done; the times
    of a run's articles add up to its translating time).
    """

    source: str
    name: str
    status: Status = Status.PENDING
    reason: str | None = None
    sentences: int = 0
    cache_hits: int = 0
    flagged: int = 0
    seconds: float = 0.0
    outputs: tuple[str, ...] = ()
    metadata: SourceMetadata | None = None  # how the input was read, what a page stated

    def record(self) -> dict[str, Any]:
        """The entry as it appears in `manifest.json`."""
        return {
            "source": self.source,
            "name": self.name,
            "status": str(self.status),
            "reason": self.reason,
            "sentences": self.sentences,
            "cache_hits": self.cache_hits,
            "flagged_for_review": self.flagged,
            "seconds": round(self.seconds, 3),
            "outputs": list(self.outputs),
            **({"metadata": self.metadata.record()} if self.metadata is not None else {}),
        }


@dataclass(slots=True)
class Manifest:
    """The manifest of one run in `folder`; `update` records an entry and rewrites the file."""

    folder: Path
    signature: str
    run: dict[str, Any]
    non_articles: tuple[str, ...] = ()
    entries: dict[str, ArticleEntry] = field(default_factory=dict)
    model_sentences: int = 0
    token: str | None = None  # the run's temporary-name token
    state: str = "running"
    started: str = field(default_factory=utc_now)
    _clock: float = field(default_factory=time.monotonic)

    @property
    def path(self) -> Path:
        return self.folder / MANIFEST_FILE

    def add(self, entries: Iterable[ArticleEntry]) -> None:
        """Register entries (usually pending ones) without writing."""
        for entry in entries:
            self.entries[entry.source] = entry

    def update(self, entry: ArticleEntry) -> None:
        """Record an article's new state and rewrite the manifest."""
        self.entries[entry.source] = entry
        self.write()

    def finish(self, state: str) -> None:
        """Mark the run `complete`, `interrupted` (Ctrl-C, SIGTERM) or `failed` (an error stopped
        it) and rewrite the manifest."""
        self.state = state
        self.write()

    def totals(self) -> dict[str, Any]:
        """Counts over all entries, with the run's time and speed."""
        entries = list(self.entries.values())
        done = [entry for entry in entries if entry.status is Status.DONE]
        seconds = time.monotonic() - self._clock
        sentences = sum(entry.sentences for entry in done)
        return {
            "articles": len(entries),
            **{str(status): sum(e.status is status for e in entries) for status in Status},
            "non_articles_skipped": len(self.non_articles),
            "sentences": sentences,
            "cache_hits": sum(entry.cache_hits for entry in done),
            "model_sentences": self.model_sentences,
            "seconds": round(seconds, 3),
            "sentences_per_second": round(sentences / seconds, 2) if seconds > 0 else 0.0,
        }

    def render(self) -> str:
        """The manifest as JSON text."""
        record = {
            "tool": f"translate {__version__}",
            "signature": self.signature,
            "run": self.run,
            "state": self.state,
            "started": self.started,
            "updated": utc_now(),
            "totals": self.totals(),
            "articles": [entry.record() for entry in self.entries.values()],
            "non_articles": list(self.non_articles),
        }
        return json.dumps(record, ensure_ascii=False, indent=2) + "\n"

    def write(self) -> None:
        """Replace `manifest.json` atomically: a temporary file renamed over it."""
        write_text_atomic(self.path, self.render(), token=self.token)
