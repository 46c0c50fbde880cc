"""A corpus run: the rows of `.jsonl` or `.parquet` files as articles, into `pairs.*` and
`summaries.*` instead of a folder per article.

The run is a batch run (`BatchRun`: the lock, windows of sentences across articles, the cache,
the manifest) whose articles come from the rows and whose results go into the corpus's parts
(`translate.corpus.output`): an article is recorded in the manifest once the part holding
it is on disk, so a killed run's journal never claims more than its parts hold. A part is
written every `PART_ARTICLES` articles or `PART_SECONDS` seconds, whichever comes first. Resume
is by article id: a row whose id, text and metadata (its digest) and run signature match a
row already written is skipped; at the end the final files are rebuilt from the old ones and the
parts. Whether a row is up to date is the `CorpusSink`'s answer, the same for a local and a Ray
run; with `ray`, the rows are done on a Ray cluster (`translate.run.ray.corpus`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from translate.corpus.input import (
    CorpusFormat,
    CorpusRow,
    IdType,
    corpus_format,
    count_jsonl_rows,
    read_jsonl,
)
from translate.corpus.merge import Kept, merge
from translate.corpus.output import (
    PARTS_FOLDER,
    RECORD_FILE,
    CorpusTarget,
    check_final_files,
    next_seq,
    write_articles_part,
)
from translate.document import Translation
from translate.engines import ModelTranslator, load_translator
from translate.errors import InputError, TranslateError
from translate.options import BatchOptions, Options, RayOptions
from translate.pipeline import ArticleResult, assemble_article
from translate.read import ArticlePath
from translate.run.journal.entries import ArticleEntry, Status
from translate.run.journal.manifest import JOURNAL_FILE, MANIFEST_FILE, Manifest, ManifestState
from translate.run.journal.observer import BatchObserver, LogObserver
from translate.run.journal.outcomes import done_entry, failed_entry, skipped_entry
from translate.run.journal.report import BatchReport
from translate.run.local import BatchRun, Pending
from translate.run.prelude import RunContext, run_locked
from translate.run.sinks import CorpusSink
from translate.run.store.lock import OutputLock
from translate.segment import Segmenter, get_segmenter, segment_article
from translate.summary import load_summariser

logger = logging.getLogger(__name__)

PART_ARTICLES = 256
PART_SECONDS = 60.0


def process_corpus(
    paths: Sequence[str],
    options: Options,
    out_dir: Path,
    *,
    load: Callable[[Options], ModelTranslator] = load_translator,
    batch: BatchOptions,
    observer: BatchObserver | None = None,
    keep_results: bool = True,
    ray: RayOptions | None = None,
) -> BatchReport:
    """Translate every row of the corpus files `paths` into `out_dir` (see the module docstring).

    A file that cannot be read at all (missing, not JSONL or Parquet, no `id` or `text`
    column) stops the run before anything is written, with `InputError`.
    """
    fmt = corpus_format(paths)
    assert fmt is not None
    expected, id_type = corpus_size(paths, fmt, batch.max_bytes)
    summariser = load_summariser(options)

    def work(lock: OutputLock) -> BatchReport:
        target = CorpusTarget(str(out_dir.resolve()), fmt, id_type, next_seq(out_dir), lock.token)
        check_final_files(target)
        context = RunContext(
            load(options),
            options,
            batch,
            summariser,
            out_dir,
            observer or LogObserver(out_dir),
            lock.token,
            keep_results,
        )
        if ray is None:
            return CorpusRun(context, target).run_corpus(paths, expected)
        from translate.run.ray.corpus import RayCorpusRun

        return RayCorpusRun(context, ray, target).run_corpus(paths, expected)

    names = [MANIFEST_FILE, JOURNAL_FILE, f"pairs.{fmt}", f"{PARTS_FOLDER}/part"]
    return run_locked(out_dir, names, work, own_files=[MANIFEST_FILE, JOURNAL_FILE, RECORD_FILE])


def corpus_size(paths: Sequence[str], fmt: CorpusFormat, max_bytes: int) -> tuple[int, IdType]:
    """How many rows the corpus has, and the type of its ids (`int` or `str`, for Parquet's
    schema); `InputError` for a file that cannot be read or holds no rows."""
    if fmt is CorpusFormat.parquet:
        from translate.corpus.parquet import count_parquet_rows, id_kind

        count, kind = count_parquet_rows(paths), id_kind(paths)
    else:
        count, kind = count_jsonl_rows(paths, max_bytes), IdType.string
    if count == 0:
        raise InputError(f"{', '.join(paths)}: holds no rows; give a corpus with some articles.")
    return count, kind


def read_corpus(paths: Sequence[str], fmt: CorpusFormat, max_bytes: int) -> Iterator[CorpusRow]:
    """Every row of the corpus, parsed, in order."""
    if fmt is CorpusFormat.parquet:
        from translate.corpus.parquet import read_parquet

        return read_parquet(paths, max_bytes=max_bytes)
    return read_jsonl(paths, max_bytes=max_bytes)


class CorpusRun(BatchRun):
    """A `BatchRun` over corpus rows, writing parts instead of article folders."""

    def __init__(self, context: RunContext, target: CorpusTarget) -> None:
        super().__init__(context)
        self.target = target
        self.kept = Kept()  # the articles the final files hold at the end
        self._rows: dict[int, CorpusRow] = {}  # by position: the rows of the current window
        self._composed: dict[int, tuple[CorpusRow, ArticleResult]] = {}
        self._buffer: list[tuple[CorpusRow, ArticleResult, ArticleEntry]] = []
        self._written_at = time.monotonic()

    def run_corpus(self, paths: Sequence[str], expected: int) -> BatchReport:
        """Do the run over the rows of `paths` (`expected` of them)."""
        manifest = self._new_manifest(expected, ())
        cache = self._open_cache()
        try:
            with manifest.running():
                self.observer.start(expected, 0)
                sink = CorpusSink.open(
                    self.target, self.signature.signature(), force=self.batch.force
                )
                split = get_segmenter(self.options.segmenter)
                rows = read_corpus(paths, self.target.fmt, self.batch.max_bytes)
                planned = self._plan_rows(rows, manifest, split, sink)
                for window in self._windows(planned):
                    self._translate(window, manifest, cache)
                    if len(self._buffer) >= PART_ARTICLES or self._due():
                        self._write_buffer(manifest)
                self._write_buffer(manifest)
                merge(self.target, self.kept)
                manifest.finish(ManifestState.COMPLETE)
        finally:
            cache.close()
        return self._report(manifest, ())

    def _plan_rows(
        self, rows: Iterator[CorpusRow], manifest: Manifest, split: Segmenter, sink: CorpusSink
    ) -> Iterator[Pending | None]:
        for row in rows:
            if row.error is not None or row.article is None:
                error = row.error or InputError(f"{row.source}: holds no article.")
                logger.error("%s", error)
                self.kept.failed(row.id, row.position)
                self._record(
                    manifest, failed_entry(row.source, row.name, row.position, error), error
                )
                yield None
            elif row.id is not None and sink.is_current(row):
                self.kept.written(row.id, row.position)
                entry = skipped_entry(row.source, row.name, row.position, sink.outputs())
                self._record(manifest, entry)
                yield None
            else:
                self._rows[row.position] = row
                found = ArticlePath(row.source, row.name)
                yield Pending(row.position, found, row.article, segment_article(row.article, split))

    def _finish(
        self, item: Pending, translations: Sequence[Translation]
    ) -> tuple[ArticleEntry, TranslateError | None]:
        """Assemble one translated article; its rows wait for the next part."""
        row = self._rows.pop(item.position)
        try:
            result = assemble_article(
                item.article,
                item.sentences,
                translations,
                self.translator,
                self.options,
                self.summariser,
            )
        except TranslateError as error:
            self.kept.failed(row.id, row.position)
            entry = failed_entry(row.source, row.name, row.position, error, len(item.sentences))
            return entry, error
        self._composed[row.position] = (row, result)
        return done_entry(row.name, row.position, result, self.target.outputs()), None

    def _complete(
        self, manifest: Manifest, entry: ArticleEntry, error: TranslateError | None
    ) -> None:
        """A done article is recorded once its part is on disk; the rest at once."""
        if entry.status is Status.DONE:
            row, result = self._composed.pop(entry.position)
            self._buffer.append((row, result, entry))
        else:
            self._record(manifest, entry, error)

    def _write_buffer(self, manifest: Manifest) -> None:
        """Write the finished articles into a part, then record them (failed if it cannot be
        written: the run goes on, as with an article folder that cannot be written)."""
        if not self._buffer:
            return
        buffered = sorted(self._buffer, key=lambda kept: kept[0].position)
        self._buffer = []
        self._written_at = time.monotonic()
        first = min(row.position for row, _, _ in buffered)
        try:
            write_articles_part(self.target, first, [(row, result) for row, result, _ in buffered])
        except TranslateError as error:
            for row, _, entry in buffered:
                self.kept.failed(row.id, row.position)
                self._record(
                    manifest,
                    failed_entry(row.source, row.name, row.position, error, entry.sentences),
                    error,
                )
            return
        for row, result, entry in buffered:
            self.kept.written(row.id, row.position)  # type: ignore[arg-type]
            if self.keep_results:
                self.results.append((row.position, result))
            self._record(manifest, entry)

    def _due(self) -> bool:
        return time.monotonic() - self._written_at >= PART_SECONDS

    def _pending_entries(self) -> Iterator[ArticleEntry]:
        """The current window's articles and those waiting for their part (the rows not read
        yet are counted in the totals, not listed: a corpus may have millions)."""
        waiting = [
            ArticleEntry(
                self._window[index].found.path,
                self._window[index].found.name,
                position=self._window[index].position,
            )
            for index in self._unfinished
        ]
        waiting += [
            ArticleEntry(row.source, row.name, position=row.position) for row, _, _ in self._buffer
        ]
        yield from sorted(waiting, key=lambda entry: entry.position)

    def _index(self, manifest: Manifest, *, final: bool) -> None:
        """A corpus has no article folders to index."""
