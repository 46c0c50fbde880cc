"""The record of a batch run: an append-only journal, and a complete `manifest.json` beside it.

Recording an article costs the same at the 100th article as at the 100,000th: one line is
appended to `manifest.jsonl` (flushed and fsynced, so after `kill -9` or a power cut no finished
article is missing from it; a torn last line is ignored by every reader). `manifest.json`, the
whole picture (the run, totals, every article with its status, pending ones included), is
rewritten atomically at the start, at the end, and while running at most every few seconds (and
never more often than keeps its cost a small share of the run), streamed from the journal, so
neither its writing nor the run's memory grows with the number of articles held in memory.

The journal's lines (JSON objects, one per line):
- `{"event": "run", "tool", "signature", "run", "started", "articles", "non_articles"}` first,
  with `articles` the number of inputs the run found;
- `{"event": "article", "source", "name", "status", ...}` for each article as it finishes
  (the same fields as an entry of `manifest.json`'s `articles`, where `translate apply` later
  updates an article's `flagged_for_review` and adds `edited`, the pairs a person edited);
- `{"event": "end", "state", "updated", "totals"}` last, when the run ends.
"""

from __future__ import annotations

import contextlib
import heapq
import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO

from translate.clock import utc_now
from translate.errors import OutputError
from translate.files import write_lines_atomic, write_text_atomic
from translate.run.journal.entries import ArticleEntry, JsonRecord, Status
from translate.version import __version__

logger = logging.getLogger(__name__)

MANIFEST_FILE = "manifest.json"
JOURNAL_FILE = "manifest.jsonl"
# The least time between two snapshots while running, and how many times a snapshot's own
# duration must pass before the next (which keeps snapshots under ~5% of a long run).
SNAPSHOT_SECONDS = 5.0
SNAPSHOT_COST_FACTOR = 20.0


def read_journal(path: Path) -> Iterator[JsonRecord]:
    """The records of a journal, in order; a line that does not parse (a torn last line after a
    crash) is skipped, and a missing file has no records."""
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError:
        return
    with handle:
        for line in handle:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                yield record


class ManifestState(StrEnum):
    """How a run stands, as its manifest says: still going, or how it ended."""

    RUNNING = "running"
    COMPLETE = "complete"
    INTERRUPTED = "interrupted"  # Ctrl-C or SIGTERM
    FAILED = "failed"  # an error stopped it


class Manifest:
    """The journal and the snapshot of one run in `folder`.

    `pending` gives the entries of the articles not recorded yet, in input order (the run knows
    them; the manifest does not keep them), and `expected` how many articles the run has.
    """

    def __init__(
        self,
        folder: Path,
        *,
        signature: str,
        run: JsonRecord,
        expected: int,
        pending: Callable[[], Iterable[ArticleEntry]],
        non_articles: tuple[str, ...] = (),
        token: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.folder = folder
        self.signature = signature
        self.run = run
        self.expected = expected
        self.non_articles = non_articles
        self.model_sentences = 0
        self.state = ManifestState.RUNNING
        self.started = utc_now()
        self._pending = pending
        self._token = token
        self._clock = clock
        self._began = clock()
        self._counts = dict.fromkeys(Status, 0)
        self._sums = {"sentences": 0, "cache_hits": 0, "memory": 0, "consistency": 0}
        self._journal: IO[str] | None = None
        self._next_snapshot = 0.0

    @property
    def path(self) -> Path:
        return self.folder / MANIFEST_FILE

    @property
    def journal_path(self) -> Path:
        return self.folder / JOURNAL_FILE

    def start(self) -> None:
        """Begin a new journal (replacing the last run's atomically) and write the snapshot."""
        header = {
            "event": "run",
            "tool": f"translate {__version__}",
            "signature": self.signature,
            "run": self.run,
            "started": self.started,
            "articles": self.expected,
            "non_articles": list(self.non_articles),
        }
        write_text_atomic(self.journal_path, _line(header), token=self._token)
        self._journal = self.journal_path.open("a", encoding="utf-8")
        self.snapshot()

    @contextmanager
    def running(self) -> Iterator[Manifest]:
        """Start the run, and end it `interrupted` on Ctrl-C or SIGTERM, `failed` on any other
        error that escapes: every way out leaves a manifest that says how the run ended. A run
        that gets through says `finish(ManifestState.COMPLETE)` itself, before what it does last."""
        try:
            self.start()
            yield self
        except (KeyboardInterrupt, SystemExit):
            self.finish(ManifestState.INTERRUPTED)
            raise
        except BaseException:
            self.finish(ManifestState.FAILED)
            raise

    def record(self, entry: ArticleEntry) -> None:
        """Append a finished (done, skipped or failed) article; snapshot if it is time."""
        assert self._journal is not None, "start() first"
        _append(self._journal, {"event": "article", **entry.record()})
        self._counts[entry.status] += 1
        if entry.status is Status.DONE:
            self._sums["sentences"] += entry.sentences
            self._sums["cache_hits"] += entry.cache_hits
            self._sums["memory"] += entry.memory
            self._sums["consistency"] += len(entry.consistency)
        if self._clock() >= self._next_snapshot:
            self.snapshot()

    def finish(self, state: ManifestState) -> None:
        """End the run as `complete`, `interrupted` (Ctrl-C, SIGTERM) or `failed` (an error
        stopped it): the journal's last line, and the final snapshot."""
        self.state = state
        journal, self._journal = self._journal, None
        if journal is not None:
            end = {"event": "end", "state": state, "updated": utc_now()}
            with contextlib.suppress(OutputError):  # the snapshot still says how it ended
                _append(journal, end | {"totals": self.totals()})
            with contextlib.suppress(OSError):  # a full disk: what is buffered is lost anyway
                journal.close()
        self.snapshot()

    def counts(self) -> dict[Status, int]:
        """Articles per status, pending included (those not recorded yet)."""
        counts = dict(self._counts)
        counts[Status.PENDING] = max(0, self.expected - sum(self._counts.values()))
        return counts

    @property
    def sentences(self) -> int:
        """The sentences of the articles done so far."""
        return self._sums["sentences"]

    @property
    def cache_hits(self) -> int:
        """How many of those sentences came from the cache."""
        return self._sums["cache_hits"]

    @property
    def memory(self) -> int:
        """How many came from the translation memory (never counted as cache hits)."""
        return self._sums["memory"]

    def totals(self) -> JsonRecord:
        """The record's totals: counts per status (pending included), sentences, cache hits,
        time and speed."""
        seconds = self._clock() - self._began
        counts = {str(status): count for status, count in self.counts().items()}
        sentences = self._sums["sentences"]
        return {
            "articles": self.expected,
            **counts,
            "non_articles_skipped": len(self.non_articles),
            "sentences": sentences,
            "cache_hits": self._sums["cache_hits"],
            **({"memory": self._sums["memory"]} if self._sums["memory"] else {}),
            # Pairs that disagree with an earlier article (`translate.check.batch`).
            **({"consistency": self._sums["consistency"]} if self._sums["consistency"] else {}),
            "model_sentences": self.model_sentences,
            "seconds": round(seconds, 3),
            "sentences_per_second": round(sentences / seconds, 2) if seconds > 0 else 0.0,
        }

    def snapshot(self) -> None:
        """Rewrite `manifest.json` from the journal and the pending articles, streamed."""
        began = self._clock()
        write_lines_atomic(self.path, self._render(), token=self._token)
        cost = self._clock() - began
        self._next_snapshot = self._clock() + max(SNAPSHOT_SECONDS, SNAPSHOT_COST_FACTOR * cost)

    def entries(self) -> Iterator[ArticleEntry]:
        """Every article of the run in input order, recorded or pending, read back from the
        journal (the manifest keeps none in memory)."""
        for record in self._records():
            yield ArticleEntry.from_record(record)

    def _records(self) -> Iterator[JsonRecord]:
        recorded = (
            {key: value for key, value in record.items() if key != "event"}
            for record in read_journal(self.journal_path)
            if record.get("event") == "article"
        )
        pending = (entry.record() for entry in self._pending())
        return in_input_order(recorded, pending)

    def _render(self) -> Iterator[str]:
        head = {
            "tool": f"translate {__version__}",
            "signature": self.signature,
            "run": self.run,
            "state": self.state,
            "started": self.started,
            "updated": utc_now(),
            "totals": self.totals(),
        }
        return render_manifest(head, self._records(), self.non_articles)


def render_manifest(
    head: JsonRecord, articles: Iterable[JsonRecord], non_articles: Iterable[str]
) -> Iterator[str]:
    """`manifest.json`'s text, piece by piece: `head`'s fields (the tool first, as
    `translate.ownership` recognises the file by), one line per article, the non-articles."""
    yield "{\n"
    for key, value in head.items():
        yield f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n"
    yield '  "articles": ['
    first = True
    for record in articles:
        yield ("\n    " if first else ",\n    ") + json.dumps(record, ensure_ascii=False)
        first = False
    yield "\n  ],\n" if not first else "],\n"
    yield f'  "non_articles": {json.dumps(list(non_articles), ensure_ascii=False)}\n'
    yield "}\n"


def in_input_order(
    recorded: Iterable[JsonRecord], pending: Iterable[JsonRecord]
) -> Iterator[JsonRecord]:
    """The recorded and the pending entries merged by position, 1, 2, 3, ...

    `pending` comes in order; `recorded` nearly so (the articles of one window finish in any
    order, and a window spans at most a few hundred inputs), so a small heap puts it right
    without holding the run's entries in memory.
    """
    heap: list[tuple[int, int, JsonRecord]] = []
    arrivals = iter(recorded)
    upcoming = iter(pending)
    waiting = next(upcoming, None)
    position, serial = 1, 0
    while True:
        if heap and heap[0][0] == position:
            yield heapq.heappop(heap)[2]
        elif waiting is not None and waiting["position"] == position:
            yield waiting
            waiting = next(upcoming, None)
        else:
            record = next(arrivals, None)
            if record is None:  # nothing has this position: what is left, in order
                yield from (entry for _, _, entry in sorted(heap))
                if waiting is not None:
                    yield waiting
                yield from upcoming
                return
            serial += 1
            heapq.heappush(heap, (int(record.get("position", 0)), serial, record))
            continue
        position += 1


def _line(record: JsonRecord) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def _append(journal: IO[str], record: JsonRecord) -> None:
    """One line, on disk before this returns (a crash right after keeps it); `OutputError`
    naming the journal when it cannot be written (a full disk)."""
    try:
        journal.write(_line(record))
        journal.flush()
        os.fsync(journal.fileno())
    except OSError as error:
        raise OutputError(
            f"{journal.name}: cannot write ({error.strerror or error}); free some disk space "
            "or give another --out."
        ) from None
