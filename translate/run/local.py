"""The local executor: a batch run over a stream of articles, window by window, on this machine,
under the output folder's lock (taken by the prelude, `translate.run.prelude`).

Each article is read when its window is formed, skipped when its folder sink says its outputs
are up to date (`translate.run.sinks`),
translated with the other articles of its window (through the translation cache) and written the
moment its last sentence is done, and recorded in the manifest's journal. Memory holds one
window, and the cost of an article does not depend on how many came before it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace

from translate.document import Article, Sentence, Translation
from translate.errors import InputError, TranslateError
from translate.files import write_article_folder
from translate.memory import RunMemory, rescue_edits
from translate.options import Format
from translate.ownership import is_our_article_folder
from translate.pipeline import ArticleResult, assemble_article, render_outputs, run_info
from translate.read import ArticlePath
from translate.render import index_page_name, output_files
from translate.run.journal.entries import ArticleEntry, Status
from translate.run.journal.index import write_index
from translate.run.journal.manifest import Manifest, ManifestState
from translate.run.journal.outcomes import (
    done_entry,
    failed_entry,
    open_run_cache,
    skipped_entry,
)
from translate.run.journal.report import MAX_KEPT_FAILURES, BatchReport
from translate.run.prelude import RunContext
from translate.run.sinks import FolderSink
from translate.run.sources import ArticleStream, Input
from translate.run.spreadsheet import write_spreadsheet
from translate.run.store.cache import SentenceCache
from translate.run.store.resume import ARTICLE_FILES
from translate.run.windows import translate_window, windows
from translate.segment import Segmenter, get_segmenter, segment_article

logger = logging.getLogger(__name__)

# The least time between two rewrites of the batch index while a run goes on.
INDEX_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class Pending:
    """An article read and segmented, waiting for its window to be translated."""

    position: int
    found: ArticlePath
    article: Article
    sentences: list[Sentence]


class BatchRun:
    """The locked part of `process_paths`: the stream of windows, writing, the manifest."""

    def __init__(self, context: RunContext) -> None:
        self.translator = translator = context.translator
        self.options = options = context.options
        self.batch = context.batch
        self.summariser = summariser = context.summariser
        self.out_dir = context.out_dir
        self.observer = context.observer
        self.files = output_files(options.formats)
        self.token = context.token  # the run's temporary-name token (`translate.ownership`)
        self.keep_results = context.keep_results
        self.memory = RunMemory(options.memory) if options.memory is not None else None
        self.signature = run_info(
            translator,
            options,
            summary_signature=summariser.signature,
            memory=self.memory.identity if self.memory is not None else "",
        )
        split = get_segmenter(options.segmenter)
        self.sink = FolderSink(self.out_dir, self.files, self.signature, self.memory, split)
        self.results: list[tuple[int, ArticleResult]] = []
        self.entries: list[ArticleEntry] = []
        self.failures: list[TranslateError] = []
        self.failed = 0
        self.flagged_pairs = 0  # of the articles written or found up to date
        self._stream: ArticleStream | None = None
        self._first_position = 1  # of the stream's first article (problems come before)
        self._window: list[Pending] = []
        self._unfinished: set[int] = set()
        self._next_index = time.monotonic() + INDEX_SECONDS

    def run(
        self,
        stream: ArticleStream,
        problems: Sequence[ArticleEntry],
        non_articles: tuple[str, ...],
        problem_errors: Sequence[TranslateError] = (),
    ) -> BatchReport:
        """Do the run over `stream`; `problems` are the paths that were no articles at all."""
        self._stream = stream
        self._first_position = len(problems) + 1
        manifest = self._new_manifest(len(stream.paths) + len(problems), non_articles)
        cache = self._open_cache()  # before the manifest is written: a bad cache changes nothing
        try:
            with manifest.running():
                self._record_problems(manifest, problems, problem_errors)
                self.observer.start(len(stream.paths), 0)
                split = get_segmenter(self.options.segmenter)
                planned = self._plan(stream, manifest, split)
                for window in self._windows(planned):
                    self._translate(window, manifest, cache)
                    self._index(manifest, final=False)
                manifest.finish(ManifestState.COMPLETE)
                self._index(manifest, final=True)
        finally:
            cache.close()
            if self.memory is not None:
                self.memory.close()
        return self._report(manifest, non_articles)

    def _new_manifest(self, expected: int, non_articles: tuple[str, ...]) -> Manifest:
        """The run's manifest (not started yet): its signature, settings and article count."""
        record = {
            key: value
            for key, value in asdict(self.signature).items()
            if key not in ("date", "input_sha256", "metadata", "source")
        }
        return Manifest(
            self.out_dir,
            signature=self.signature.signature(),
            run=record,
            expected=expected,
            pending=self._pending_entries,
            non_articles=non_articles,
            token=self.token,
        )

    def _record_problems(
        self,
        manifest: Manifest,
        problems: Sequence[ArticleEntry],
        errors: Sequence[TranslateError],
    ) -> None:
        """The paths that were no articles at all come first, at positions 1, 2, ..."""
        for position, (entry, error) in enumerate(zip(problems, errors, strict=True)):
            self._record(manifest, replace(entry, position=position + 1), error)

    def _windows(self, planned: Iterable[Pending | None]) -> Iterator[list[Pending]]:
        """The articles to translate together: about `window` sentences each, and at most `window`
        inputs however many were skipped (the `None`s), which bounds how far the manifest's
        order can be off (see `manifest.in_input_order`)."""
        for window in windows(planned, _size, self.batch.window, max_items=self.batch.window):
            yield [item for item in window if item is not None]

    def _plan(
        self, stream: Iterable[Input], manifest: Manifest, split: Segmenter
    ) -> Iterator[Pending | None]:
        """The articles to translate, segmented; those that fail to read or are up to date are
        recorded on the way (and stand as None, so that windows can count them)."""
        for index, (article_path, article) in enumerate(stream):
            position = self._first_position + index
            if isinstance(article, InputError):
                entry = failed_entry(article_path.path, article_path.name, position, article)
                self._record(manifest, entry, article)
                yield None
                continue
            if not self.batch.force and self.sink.is_current(article_path.name, article):
                entry = skipped_entry(
                    article.source,
                    article_path.name,
                    position,
                    self.sink.outputs(article_path.name),
                    article.metadata,
                )
                self._record(manifest, entry)
                yield None
                continue
            folder = self.out_dir / article_path.name
            if is_our_article_folder(folder):  # a person's edits are never lost to a re-run
                rescue_edits(folder, self.options.memory)
            yield Pending(position, article_path, article, segment_article(article, split))

    def _translate(self, window: list[Pending], manifest: Manifest, cache: SentenceCache) -> None:
        """Translate one window, writing and recording each article as it completes."""
        self._window = window
        self._unfinished = set(range(len(window)))
        self.observer.planned(len(window), sum(len(item.sentences) for item in window))
        last = time.monotonic()
        for translated in translate_window(
            [[sentence.text for sentence in item.sentences] for item in window],
            self.translator,
            cache,
            num_beams=self.signature.beams,
            batch_size=self.options.batch_size,
            advance=self.observer.advance,
            glossary=self.options.glossary,
        ):
            manifest.model_sentences += translated.model_sentences
            entry, error = self._finish(window[translated.index], translated.translations)
            now = time.monotonic()
            entry = replace(
                entry,
                cache_hits=translated.cache_hits,
                memory=translated.memory,
                seconds=now - last,
            )
            last = now
            self._unfinished.discard(translated.index)
            self._complete(manifest, entry, error)
        self._window = []

    def _complete(
        self, manifest: Manifest, entry: ArticleEntry, error: TranslateError | None
    ) -> None:
        """An article of a window is finished (a corpus run records it once it is on disk)."""
        self._record(manifest, entry, error)

    def _finish(
        self, item: Pending, translations: Sequence[Translation]
    ) -> tuple[ArticleEntry, TranslateError | None]:
        """Assemble and write one translated article; an error here fails only this one."""
        try:
            result = assemble_article(
                item.article,
                item.sentences,
                translations,
                self.translator,
                self.options,
                self.summariser,
                self.memory,
            )
            folder = write_article_folder(
                self.out_dir,
                item.found.name,
                render_outputs(result, self.options),
                allowed=ARTICLE_FILES,
                token=self.token,
            )
        except TranslateError as error:
            entry = failed_entry(
                item.article.source, item.found.name, item.position, error, len(item.sentences)
            )
            return entry, error
        if self.keep_results:
            self.results.append((item.position, replace(result, folder=folder)))
        outputs = self.sink.outputs(item.found.name)
        return done_entry(item.found.name, item.position, result, outputs), None

    def _record(
        self, manifest: Manifest, entry: ArticleEntry, error: TranslateError | None = None
    ) -> None:
        """An article is finished: into the journal, the report and the observer's view."""
        if error is not None:
            if entry.status is Status.FAILED and not isinstance(error, InputError):
                logger.error("%s", error)  # read errors were logged when they were met
            self.failed += 1
            if len(self.failures) < MAX_KEPT_FAILURES:
                self.failures.append(error)
        manifest.record(entry)
        self.flagged_pairs += entry.flagged
        if self.keep_results:
            self.entries.append(entry)
        self.observer.finish_article(entry)

    def _pending_entries(self) -> Iterator[ArticleEntry]:
        """The articles not recorded yet, in input order: the rest of the current window, then
        every path the stream has not reached."""
        for index in sorted(self._unfinished):
            item = self._window[index]
            yield ArticleEntry(item.article.source, item.found.name, position=item.position)
        if self._stream is not None:
            start = self._stream.position
            for index, path in enumerate(self._stream.paths[start:], start=start):
                yield ArticleEntry(path.path, path.name, position=self._first_position + index)

    def _index(self, manifest: Manifest, *, final: bool) -> None:
        """Rewrite the batch index (index.html...) at the end, and while running at most every
        minute or every 20 times its own writing time, so it stays a small share of the run."""
        now = time.monotonic()
        if not final and now < self._next_index:
            return
        write_index(self.out_dir, manifest.entries(), token=self.token)
        if final and Format.xlsx in self.options.formats:
            write_spreadsheet(self.out_dir, manifest.entries(), token=self.token)
        cost = time.monotonic() - now
        self._next_index = time.monotonic() + max(INDEX_SECONDS, 20 * cost)

    def _where_to_read(self, manifest: Manifest) -> str:
        """The end of the run's last line: the flagged pairs, and the page to open (a corpus run
        writes no index page: then the manifest)."""
        flagged = self.flagged_pairs
        pairs = f"{flagged} pair{'' if flagged == 1 else 's'} flagged for review"
        index = self.out_dir / index_page_name(1)
        if not index.is_file():
            return f"{pairs}; see {manifest.path}"
        return f"{pairs}; open {index} to read the articles (run record: {manifest.path})"

    def _open_cache(self) -> SentenceCache:
        """The persistent cache for this model and these decoding settings, or a run-only one;
        behind the translation memory when the run has one."""
        cache = open_run_cache(
            self.translator, self.batch, self.signature.beams, self.signature.glossary
        )
        return self.memory.cache(cache) if self.memory is not None else cache

    def _report(self, manifest: Manifest, non_articles: tuple[str, ...]) -> BatchReport:
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
            self._where_to_read(manifest),
        )
        return BatchReport(
            results=tuple(result for _, result in sorted(self.results, key=lambda kept: kept[0])),
            failures=tuple(self.failures),
            entries=tuple(sorted(self.entries, key=lambda entry: entry.position)),
            non_articles=non_articles,
            manifest=manifest.path,
            counts={str(status): count for status, count in counts.items()},
        )


def _size(item: Pending | None) -> int:
    return len(item.sentences) if item is not None else 0
