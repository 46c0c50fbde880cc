"""Where a run's outputs go, and whether what is there already is up to date: a folder per
article (`FolderSink`) or a corpus's final files and parts (`CorpusSink`).

Every executor hands a sink the same things: an article translated here (`write`), an article
that failed once read (`fail`), an article a Ray task wrote itself (`returned`), a moment to
bring the batch's own files up to date (`checkpoint`), and the end of the run (`close`). The
sink records each article in the run's journal once its outputs are on disk, so a killed run's
manifest never claims more than the folder holds; its sources ask it which inputs are up to
date, so a resumed run skips the same articles wherever it runs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from translate.corpus.input import CorpusId, CorpusRow
from translate.corpus.merge import Kept, merge
from translate.corpus.output import CorpusTarget, WrittenRow, previous_rows, write_articles_part
from translate.document import Article, RunInfo, split_memory
from translate.errors import TranslateError
from translate.files import write_article_folder
from translate.memory import RunMemory, rescue_edits
from translate.options import Format, Options
from translate.ownership import is_our_article_folder
from translate.pipeline import ArticleResult, render_outputs
from translate.render import output_files
from translate.run.journal.entries import ArticleEntry, Status
from translate.run.journal.index import write_index
from translate.run.journal.outcomes import failed_entry, relative_outputs, skipped_entry
from translate.run.journal.recorder import RunJournal
from translate.run.spreadsheet import write_spreadsheet
from translate.run.store.resume import (
    ARTICLE_FILES,
    is_up_to_date,
    remove_leftovers,
    same_memory_answers,
)
from translate.segment import get_segmenter, segment_article

logger = logging.getLogger(__name__)

# The least time between two rewrites of the batch index while a run goes on.
INDEX_SECONDS = 60.0
# A corpus part is written every this many articles or seconds, whichever comes first.
PART_ARTICLES = 256
PART_SECONDS = 60.0


class Sink(Protocol):
    """What an executor writes through (see the module docstring)."""

    @property
    def target(self) -> CorpusTarget | None:
        """The corpus a Ray write task writes parts into; None for article folders."""
        ...

    @property
    def files(self) -> frozenset[str]:
        """The files of an article folder (what a Ray write task writes there)."""
        ...

    def outputs(self, name: str) -> tuple[str, ...]:
        """The article's outputs, as its manifest entry lists them."""
        ...

    def write(
        self, entry: ArticleEntry, result: ArticleResult, row: CorpusRow | None, journal: RunJournal
    ) -> None:
        """Write a translated article (its done `entry`), and record it once it is on disk."""

    def fail(
        self, entry: ArticleEntry, error: TranslateError, row: CorpusRow | None, journal: RunJournal
    ) -> None:
        """Record an article that failed after it was read."""

    def returned(
        self, entry: ArticleEntry, error: TranslateError | None, journal: RunJournal
    ) -> None:
        """Record an article a Ray task wrote (or failed) itself."""

    def checkpoint(self, journal: RunJournal, *, final: bool) -> None:
        """Bring the batch's own files up to date (`final`: once the run is over)."""

    def close(self, journal: RunJournal) -> None:
        """Write what is still buffered, before the run is marked complete."""

    def waiting(self) -> Iterator[ArticleEntry]:
        """The articles given to the sink but not on disk yet, in input order."""
        ...

    def clear_retries(self, names: Sequence[str]) -> None:
        """Remove what killed tries of this run's Ray tasks left at `names`."""


class FolderSink:
    """A folder per article under `out_dir`, holding the files of `options.formats`, each with a
    `run.json` that records the run's `signature`, the input's digest and what the translation
    `memory` gave it; and the batch's index page (and `pairs.xlsx`), rewritten now and then
    while the run goes on and at its end."""

    def __init__(
        self,
        out_dir: Path,
        options: Options,
        signature: RunInfo,
        token: str,
        memory: RunMemory | None = None,
    ) -> None:
        self.out_dir = out_dir
        self.options = options
        self.signature = signature
        self.token = token  # the run's temporary-name token (`translate.ownership`)
        self.memory = memory  # the run's, asked again what it gives an article
        self._files = output_files(options.formats)
        self._next_index = time.monotonic() + INDEX_SECONDS

    @property
    def target(self) -> None:
        return None

    @property
    def files(self) -> frozenset[str]:
        return self._files

    def has_every_file(self, name: str) -> bool:
        """True when the folder `name` holds every file: the cheap half of `is_current`, which an
        executor that has not read the input yet asks first (and reads the input only then)."""
        folder = self.out_dir / name
        return all((folder / file).is_file() for file in self._files)

    def is_current(self, name: str, article: Article) -> bool:
        """True when the folder `name` holds every file and was made from `article`'s input (its
        bytes' sha256, read the same way), with the same settings, and the memory gives its
        sentences the English it gave them then (the article is segmented only to ask that)."""
        return is_up_to_date(
            self.out_dir / name,
            sorted(self._files),
            self.signature,
            article.sha256,
            article.metadata,
            lambda: self.memory_answers(article),
        )

    def memory_answers(self, article: Article) -> str:
        return memory_answers(self.memory, self.options.segmenter, article)

    def prepare(self, name: str) -> None:
        """The article `name` is about to be done again: a person's edits to its folder are never
        lost to the re-run (they go into the memory first)."""
        folder = self.out_dir / name
        if is_our_article_folder(folder):
            rescue_edits(folder, self.options.memory)

    def outputs(self, name: str) -> tuple[str, ...]:
        return relative_outputs(name, self._files)

    def write(
        self, entry: ArticleEntry, result: ArticleResult, row: CorpusRow | None, journal: RunJournal
    ) -> None:
        try:
            folder = write_article_folder(
                self.out_dir,
                entry.name,
                render_outputs(result, self.options),
                allowed=ARTICLE_FILES,
                token=self.token,
            )
        except TranslateError as error:
            failed = failed_entry(entry.source, entry.name, entry.position, error, entry.sentences)
            failed = replace(  # what the translation did still counts
                failed, cache_hits=entry.cache_hits, memory=entry.memory, seconds=entry.seconds
            )
            journal.record(failed, error)
            return
        journal.keep(entry.position, replace(result, folder=folder))
        journal.record(entry)

    def fail(
        self, entry: ArticleEntry, error: TranslateError, row: CorpusRow | None, journal: RunJournal
    ) -> None:
        journal.record(entry, error)

    def returned(
        self, entry: ArticleEntry, error: TranslateError | None, journal: RunJournal
    ) -> None:
        journal.record(entry, error)

    def checkpoint(self, journal: RunJournal, *, final: bool) -> None:
        """Rewrite the batch index (index.html...) at the end, and while running at most every
        minute or every 20 times its own writing time, so it stays a small share of the run."""
        now = time.monotonic()
        if not final and now < self._next_index:
            return
        write_index(self.out_dir, journal.manifest.entries(), token=self.token)
        if final and Format.xlsx in self.options.formats:
            write_spreadsheet(self.out_dir, journal.manifest.entries(), token=self.token)
        cost = time.monotonic() - now
        self._next_index = time.monotonic() + max(INDEX_SECONDS, 20 * cost)

    def close(self, journal: RunJournal) -> None:
        """Every article is written the moment it is done: nothing waits."""

    def waiting(self) -> Iterator[ArticleEntry]:
        return iter(())

    def clear_retries(self, names: Sequence[str]) -> None:
        remove_leftovers(self.out_dir, names, {self.token})


def memory_answers(memory: RunMemory | None, segmenter: str, article: Article) -> str:
    """What `memory` gives `article`'s sentences now (`RunMemory.answers`; "" without one): the
    article is segmented only to ask this, once everything else about it is up to date."""
    if memory is None:
        return ""
    sentences = segment_article(article, get_segmenter(segmenter))
    return memory.answers([sentence.text for sentence in sentences])


class CorpusSink:
    """A corpus's final files and parts (`target`). `previous` is what the final files hold
    already, by id: each article's input digest, run signature and memory answers (empty with
    `--force`); `memory_answers` asks the run's memory what it gives an article now.

    Articles translated here wait in a buffer until a part holding them is on disk (every
    `PART_ARTICLES` articles or `PART_SECONDS` seconds); at the end the final files are rebuilt
    from the old ones and the parts, keeping every article written now or found unchanged, and
    the earlier rows of those that failed.
    """

    def __init__(
        self,
        target: CorpusTarget,
        signature: RunInfo,
        previous: dict[CorpusId, WrittenRow],
        memory_answers: Callable[[Article], str] = lambda article: "",
    ) -> None:
        self._target = target
        self.signature = signature
        self.previous = previous
        self.memory_answers = memory_answers
        self._settings, _ = split_memory(signature.signature())
        self.kept = Kept()  # the articles the final files hold at the end
        self._buffer: list[tuple[CorpusRow, ArticleResult, ArticleEntry]] = []
        self._written_at = time.monotonic()
        self._ids: dict[int, CorpusId] = {}  # position -> id, of the rows given to Ray

    @classmethod
    def open(
        cls,
        target: CorpusTarget,
        signature: RunInfo,
        *,
        force: bool,
        memory_answers: Callable[[Article], str] = lambda article: "",
    ) -> CorpusSink:
        """The sink, with what the corpus's files hold read once (nothing with `force`)."""
        previous = {} if force else previous_rows(target)
        return cls(target, signature, previous, memory_answers)

    @property
    def target(self) -> CorpusTarget:
        return self._target

    @property
    def files(self) -> frozenset[str]:
        return frozenset()

    def is_current(self, row: CorpusRow) -> bool:
        """True when a row with this id, this text and metadata (its digest) and these
        settings is written already, and the memory gives its sentences the English it gave
        them then (asked last, as for an article folder: an import redoes only the rows whose
        English it changes)."""
        article = row.article
        written = None if row.id is None else self.previous.get(row.id)
        if written is None or article is None or not row.digest or written.digest != row.digest:
            return False
        settings, then = split_memory(written.signature)
        return settings == self._settings and same_memory_answers(
            written.memory_answers,
            then,
            self.signature.memory,
            lambda: self.memory_answers(article),
        )

    def unchanged(self, row: CorpusRow, journal: RunJournal) -> None:
        """Record a row found up to date (its earlier rows stay in the final files)."""
        assert row.id is not None
        self.kept.written(row.id, row.position)
        journal.record(skipped_entry(row.source, row.name, row.position, self.outputs()))

    def unreadable(self, row: CorpusRow, error: TranslateError, journal: RunJournal) -> None:
        """Record a row that is no article (its earlier rows, if any, stay)."""
        logger.error("%s", error)
        self.kept.failed(row.id, row.position)
        journal.record(failed_entry(row.source, row.name, row.position, error), error)

    def expect(self, row: CorpusRow) -> None:
        """A row is given to Ray: its id, for when its outcome comes back."""
        assert row.id is not None
        self._ids[row.position] = row.id

    def outputs(self, name: str = "") -> tuple[str, ...]:
        """The final files' names, as a manifest entry lists them."""
        return self._target.outputs()

    def write(
        self, entry: ArticleEntry, result: ArticleResult, row: CorpusRow | None, journal: RunJournal
    ) -> None:
        assert row is not None
        self._buffer.append((row, result, entry))

    def fail(
        self, entry: ArticleEntry, error: TranslateError, row: CorpusRow | None, journal: RunJournal
    ) -> None:
        self.kept.failed(row.id if row is not None else None, entry.position)
        journal.record(entry, error)

    def returned(
        self, entry: ArticleEntry, error: TranslateError | None, journal: RunJournal
    ) -> None:
        identifier = self._ids.pop(entry.position, None)
        if identifier is not None:
            if entry.status is Status.DONE:
                self.kept.written(identifier, entry.position)
            else:
                self.kept.failed(identifier, entry.position)
        journal.record(entry, error)

    def checkpoint(self, journal: RunJournal, *, final: bool) -> None:
        """A part for what waits, once `PART_ARTICLES` wait or the first has waited
        `PART_SECONDS` (a corpus has no index page)."""
        due = time.monotonic() - self._written_at >= PART_SECONDS
        if not final and (len(self._buffer) >= PART_ARTICLES or due):
            self._write_buffer(journal)

    def close(self, journal: RunJournal) -> None:
        self._write_buffer(journal)
        merge(self._target, self.kept)

    def waiting(self) -> Iterator[ArticleEntry]:
        for row, _, _ in sorted(self._buffer, key=lambda kept: kept[0].position):
            yield ArticleEntry(row.source, row.name, position=row.position)

    def clear_retries(self, names: Sequence[str]) -> None:
        """A killed write task's part never reaches its final name; the merge ignores it."""

    def _write_buffer(self, journal: RunJournal) -> None:
        """Write the waiting articles into a part, then record them (failed if it cannot be
        written: the run goes on, as with an article folder that cannot be written)."""
        if not self._buffer:
            return
        buffered = sorted(self._buffer, key=lambda kept: kept[0].position)
        self._buffer = []
        self._written_at = time.monotonic()
        first = buffered[0][0].position
        try:
            write_articles_part(self._target, first, [(row, result) for row, result, _ in buffered])
        except TranslateError as error:
            for row, _, entry in buffered:
                self.kept.failed(row.id, row.position)
                failed = failed_entry(row.source, row.name, row.position, error, entry.sentences)
                journal.record(failed, error)
            return
        for row, result, entry in buffered:
            assert row.id is not None
            self.kept.written(row.id, row.position)
            journal.keep(row.position, result)
            journal.record(entry)
