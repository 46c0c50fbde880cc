"""One batch run over a stream of articles, window by window, under the output folder's lock.

Each article is read when its window is formed, skipped when its outputs are up to date,
translated with the other articles of its window (through the translation cache) and written the
moment its last sentence is done, and recorded in the manifest's journal. Memory holds one
window, and the cost of an article does not depend on how many came before it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from translate.document import Article, Sentence, Translation
from translate.engines import ModelTranslator
from translate.errors import InputError, TranslateError
from translate.options import ALL_FORMATS, BatchOptions, Options
from translate.read import SAVED_PAGE_FILES, ArticlePath
from translate.render import output_files
from translate.run.article import ArticleResult, assemble_article, render_outputs, run_info
from translate.run.cache import MemoryCache, SentenceCache, cache_settings, open_cache
from translate.run.files import write_article_folder
from translate.run.index import write_index
from translate.run.inputs import ArticleStream, Input
from translate.run.manifest import ArticleEntry, Manifest, Status
from translate.run.observer import BatchObserver
from translate.run.report import MAX_KEPT_FAILURES, BatchReport
from translate.run.resume import is_up_to_date
from translate.run.windows import translate_window, windows
from translate.segment import Segmenter, get_segmenter, segment_article
from translate.summary import Summariser

logger = logging.getLogger(__name__)

# Every file an article folder of ours can hold, whatever --formats a run asked for.
ARTICLE_FILES = output_files(ALL_FORMATS) | frozenset(SAVED_PAGE_FILES.values())
# The least time between two rewrites of the batch index while a run goes on.
INDEX_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class _Pending:
    """An article read and segmented, waiting for its window to be translated."""

    position: int
    found: ArticlePath
    article: Article
    sentences: list[Sentence]


class BatchRun:
    """The locked part of `process_paths`: the stream of windows, writing, the manifest."""

    def __init__(
        self,
        translator: ModelTranslator,
        options: Options,
        batch: BatchOptions,
        summariser: Summariser,
        out_dir: Path,
        observer: BatchObserver,
        *,
        token: str,
        keep_results: bool = True,
    ) -> None:
        self.translator = translator
        self.options = options
        self.batch = batch
        self.summariser = summariser
        self.out_dir = out_dir
        self.observer = observer
        self.files = output_files(options.formats)
        self.token = token  # the run's temporary-name token (`translate.ownership`)
        self.keep_results = keep_results
        self.signature = run_info(
            translator, options, input_sha256="", summary_signature=summariser.signature
        )
        self.results: list[tuple[int, ArticleResult]] = []
        self.entries: list[ArticleEntry] = []
        self.failures: list[TranslateError] = []
        self.failed = 0
        self._stream: ArticleStream | None = None
        self._first_position = 1  # of the stream's first article (problems come before)
        self._window: list[_Pending] = []
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
        record = {
            key: value
            for key, value in asdict(self.signature).items()
            if key not in ("date", "input_sha256", "metadata")
        }
        manifest = Manifest(
            self.out_dir,
            signature=self.signature.signature(),
            run=record,
            expected=len(stream.paths) + len(problems),
            pending=self._pending_entries,
            non_articles=non_articles,
            token=self.token,
        )
        cache = self._open_cache()  # before the manifest is written: a bad cache changes nothing
        try:
            manifest.start()
            for position, (entry, error) in enumerate(zip(problems, problem_errors, strict=True)):
                self._record(manifest, replace(entry, position=position + 1), error)
            self.observer.start(len(stream.paths), 0)
            split = get_segmenter(self.options.segmenter)
            # A window also ends after `window` inputs, however many were skipped: it bounds
            # how far the manifest's order can be off (see `manifest.in_input_order`).
            planned = self._plan(stream, manifest, split)
            for window in windows(planned, _size, self.batch.window, max_items=self.batch.window):
                self._translate([item for item in window if item is not None], manifest, cache)
                self._index(manifest, final=False)
            manifest.finish("complete")
            self._index(manifest, final=True)
        except (KeyboardInterrupt, SystemExit):
            manifest.finish("interrupted")
            raise
        except BaseException:
            manifest.finish("failed")
            raise
        finally:
            cache.close()
        return self._report(manifest, non_articles)

    def _plan(
        self, stream: Iterable[Input], manifest: Manifest, split: Segmenter
    ) -> Iterator[_Pending | None]:
        """The articles to translate, segmented; those that fail to read or are up to date are
        recorded on the way (and stand as None, so that windows can count them)."""
        for index, (article_path, article) in enumerate(stream):
            position = self._first_position + index
            if isinstance(article, InputError):
                entry = failed_entry(article_path.path, article_path.name, article)
                self._record(manifest, replace(entry, position=position), article)
                yield None
                continue
            expected = replace(self.signature, input_sha256=article.sha256)
            folder = self.out_dir / article_path.name
            if not self.batch.force and is_up_to_date(folder, sorted(self.files), expected):
                entry = ArticleEntry(
                    source=article.source,
                    name=article_path.name,
                    position=position,
                    status=Status.SKIPPED,
                    outputs=_relative_outputs(article_path.name, self.files),
                    metadata=article.metadata,
                )
                self._record(manifest, entry)
                yield None
                continue
            yield _Pending(position, article_path, article, segment_article(article, split))

    def _translate(self, window: list[_Pending], manifest: Manifest, cache: SentenceCache) -> None:
        """Translate one window, writing and recording each article as it completes."""
        self._window = window
        self._unfinished = set(range(len(window)))
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
            entry = replace(entry, cache_hits=translated.cache_hits, seconds=now - last)
            last = now
            self._unfinished.discard(translated.index)
            self._record(manifest, entry, error)
        self._window = []

    def _finish(
        self, item: _Pending, translations: Sequence[Translation]
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
            )
            folder = write_article_folder(
                self.out_dir,
                item.found.name,
                render_outputs(result, self.options),
                allowed=ARTICLE_FILES,
                token=self.token,
            )
        except TranslateError as error:
            entry = failed_entry(item.article.source, item.found.name, error)
            return replace(entry, position=item.position, sentences=len(item.sentences)), error
        if self.keep_results:
            self.results.append((item.position, replace(result, folder=folder)))
        entry = ArticleEntry(
            source=item.article.source,
            name=item.found.name,
            position=item.position,
            status=Status.DONE,
            sentences=len(item.sentences),
            flagged=sum(1 for pair in result.document.pairs if pair.flags),
            outputs=_relative_outputs(item.found.name, self.files),
            metadata=item.article.metadata,
        )
        return entry, None

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
        cost = time.monotonic() - now
        self._next_index = time.monotonic() + max(INDEX_SECONDS, 20 * cost)

    def _open_cache(self) -> SentenceCache:
        """The persistent cache for this model and these decoding settings, or a run-only one."""
        if not self.batch.use_cache:
            return MemoryCache()
        settings = cache_settings(
            self.translator.info,
            engine=self.translator.engine,
            beams=self.signature.beams,
            max_length=self.translator.input_limit,
            glossary=self.signature.glossary,
        )
        return open_cache(settings, self.batch.cache_dir)

    def _report(self, manifest: Manifest, non_articles: tuple[str, ...]) -> BatchReport:
        totals = manifest.totals()
        logger.info(
            "%d article(s) written (%d of their %d sentences from the cache), %d unchanged, "
            "%d failed; see %s",
            totals[Status.DONE],
            totals["cache_hits"],
            totals["sentences"],
            totals[Status.SKIPPED],
            totals[Status.FAILED],
            manifest.path,
        )
        return BatchReport(
            results=tuple(result for _, result in sorted(self.results, key=lambda kept: kept[0])),
            failures=tuple(self.failures),
            entries=tuple(sorted(self.entries, key=lambda entry: entry.position)),
            non_articles=non_articles,
            manifest=manifest.path,
            counts={str(status): int(totals[status]) for status in Status},
        )


def _size(item: _Pending | None) -> int:
    return len(item.sentences) if item is not None else 0


def failed_entry(source: str, name: str, error: TranslateError) -> ArticleEntry:
    return ArticleEntry(source=source, name=name, status=Status.FAILED, reason=str(error))


def _relative_outputs(name: str, files: frozenset[str]) -> tuple[str, ...]:
    return tuple(f"{name}/{file}" for file in sorted(files))
