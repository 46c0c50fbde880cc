"""The bookkeeping every batch run shares, whatever its source, sink and executor: the manifest,
the observer's view, the failures kept for the report, and the report itself.

An article is recorded here exactly once, when it is finished (written, found up to date, or
failed); what is not recorded yet is asked of the run's parts (`waiting_in`) whenever the
manifest's snapshot is written, so a killed run's manifest lists every article.
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from pathlib import Path

from translate.check.batch import BatchConsistency
from translate.document import RunInfo
from translate.errors import InputError, TranslateError
from translate.pipeline import ArticleResult
from translate.render import index_page_name
from translate.run.journal.entries import ArticleEntry, Status
from translate.run.journal.manifest import Manifest
from translate.run.journal.observer import BatchObserver
from translate.run.journal.report import MAX_KEPT_FAILURES, BatchReport

logger = logging.getLogger(__name__)

# The run signature's fields that belong to one input, not to the run.
_PER_INPUT = ("date", "input_sha256", "memory_answers", "metadata", "source")

Waiting = Callable[[], Iterable[ArticleEntry]]


class RunJournal:
    """One run's record: its manifest in `out_dir`, and what the report and observer are told.

    `keep_results` keeps every article's result and entry for the library caller (the command
    line does not: an archive run keeps its memory flat).
    """

    def __init__(
        self,
        out_dir: Path,
        signature: RunInfo,
        *,
        expected: int,
        non_articles: tuple[str, ...],
        observer: BatchObserver,
        token: str,
        keep_results: bool,
    ) -> None:
        record = {key: value for key, value in asdict(signature).items() if key not in _PER_INPUT}
        self.manifest = Manifest(
            out_dir,
            signature=signature.signature(),
            run=record,
            expected=expected,
            pending=self._pending,
            non_articles=non_articles,
            token=token,
        )
        self.observer = observer
        self.keep_results = keep_results
        self.non_articles = non_articles
        self.flagged_pairs = 0  # of the articles written or found up to date
        self.consistency = BatchConsistency()  # names and sentences across the run's articles
        self._results: list[tuple[int, ArticleResult]] = []
        self._entries: list[ArticleEntry] = []
        self._failures: list[TranslateError] = []
        self._waiting: list[Waiting] = []

    def waiting_in(self, parts: Iterable[Waiting]) -> None:
        """Where the articles not recorded yet are: each part gives its own in input order
        (the executor's articles in flight, the sink's not yet on disk, the source's unread)."""
        self._waiting.extend(parts)

    def record(self, entry: ArticleEntry, error: TranslateError | None = None) -> None:
        """An article is finished: into the manifest, the report and the observer's view."""
        if error is not None:
            if entry.status is Status.FAILED and not isinstance(error, InputError):
                logger.error("%s", error)  # read errors were logged when they were met
            if len(self._failures) < MAX_KEPT_FAILURES:
                self._failures.append(error)
        self.manifest.record(entry)
        self.flagged_pairs += entry.flagged
        if self.keep_results:
            self._entries.append(entry)
        self.observer.finish_article(entry)

    def keep(self, position: int, result: ArticleResult) -> None:
        """An article's result, for the library caller (only with `keep_results`)."""
        if self.keep_results:
            self._results.append((position, result))

    def report(self) -> BatchReport:
        """The run's report (once it is over), and its last line in the log."""
        manifest = self.manifest
        counts = manifest.counts()
        memory = f", {manifest.memory} from the memory" if manifest.memory else ""
        logger.info(
            "%d article(s) written (%d of their %d sentences from the cache%s), %d unchanged, "
            "%d failed; %s",
            counts[Status.DONE],
            manifest.cache_hits,
            manifest.sentences,
            memory,
            counts[Status.SKIPPED],
            counts[Status.FAILED],
            self._where_to_read(),
        )
        return BatchReport(
            results=tuple(result for _, result in sorted(self._results, key=lambda kept: kept[0])),
            failures=tuple(self._failures),
            entries=tuple(sorted(self._entries, key=lambda entry: entry.position)),
            non_articles=self.non_articles,
            manifest=manifest.path,
            counts={str(status): count for status, count in counts.items()},
        )

    def _pending(self) -> Iterator[ArticleEntry]:
        """Every article not recorded yet, in input order (each part's are in order already)."""
        parts = [part() for part in self._waiting]
        return heapq.merge(*parts, key=lambda entry: entry.position)

    def _where_to_read(self) -> str:
        """The end of the run's last line: the flagged pairs, and the page to open (a corpus run
        writes no index page: then the manifest)."""
        flagged = self.flagged_pairs
        pairs = f"{flagged} pair{'' if flagged == 1 else 's'} flagged for review"
        path = self.manifest.path
        index = self.manifest.folder / index_page_name(1)
        if not index.is_file():
            return f"{pairs}; see {path}"
        return f"{pairs}; open {index} to read the articles (run record: {path})"
