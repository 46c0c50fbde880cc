"""Batch runs: every article under the paths given, into one output folder, going on past failures.

The run locks the output folder, skips articles whose outputs are up to date, translates the rest
in windows of sentences shared across articles (through the translation cache), writes each
article as soon as its window has translated it, and keeps `manifest.json` current.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from translate.document import Article, Sentence, Translation
from translate.engines import ModelTranslator, load_translator
from translate.errors import InputError, TranslateError, UsageError
from translate.options import ALL_FORMATS, BatchOptions, Options
from translate.read import SAVED_PAGE_FILES, ArticlePath, find_articles, read_article
from translate.render import output_files
from translate.run.article import ArticleResult, assemble_article, render_outputs, run_info
from translate.run.cache import MemoryCache, SentenceCache, cache_settings, open_cache
from translate.run.files import write_article_folder
from translate.run.lock import LOCK_FILE, OutputLock
from translate.run.manifest import MANIFEST_FILE, ArticleEntry, Manifest, Status
from translate.run.observer import BatchObserver, LogObserver
from translate.run.resume import is_up_to_date, remove_leftovers
from translate.run.windows import translate_window, windows
from translate.segment import get_segmenter, segment_article
from translate.summary import Summariser, load_summariser

logger = logging.getLogger(__name__)

# Every file an article folder of ours can hold, whatever --formats a run asked for.
ARTICLE_FILES = output_files(ALL_FORMATS) | frozenset(SAVED_PAGE_FILES.values())


@dataclass(frozen=True, slots=True)
class BatchReport:
    """What a batch run did: articles written, found up to date, failed, and files passed over.

    `entries` holds every article in input order, as the manifest lists them; `manifest` is the
    manifest's path, or None when no article could be read and nothing was written.
    """

    results: tuple[ArticleResult, ...]
    failures: tuple[TranslateError, ...]
    entries: tuple[ArticleEntry, ...] = ()
    non_articles: tuple[str, ...] = ()
    manifest: Path | None = None

    @property
    def skipped(self) -> tuple[ArticleEntry, ...]:
        """The articles whose outputs were already up to date."""
        return tuple(entry for entry in self.entries if entry.status is Status.SKIPPED)


@dataclass(frozen=True, slots=True)
class _Pending:
    """An article read and segmented, waiting for its window to be translated."""

    found: ArticlePath
    article: Article
    sentences: list[Sentence]


def process_paths(
    paths: Sequence[str | Path],
    options: Options,
    out_dir: Path,
    *,
    load: Callable[[Options], ModelTranslator] = load_translator,
    batch: BatchOptions | None = None,
    observer: BatchObserver | None = None,
) -> BatchReport:
    """Translate every article under `paths` into `out_dir`, going on past articles that fail.

    All inputs are read first, so bad ones are reported before the model is loaded; if none can
    be read, nothing is written. A model that cannot be loaded raises `ModelUnavailableError`:
    without it no article can be done.
    """
    if isinstance(paths, str | Path):
        raise UsageError(
            f"process_paths takes a list of paths, not the single {type(paths).__name__} "
            f"{str(paths)!r}; pass [{str(paths)!r}]."
        )
    batch = batch or BatchOptions()
    get_segmenter(options.segmenter)  # a segmenter that is not installed fails before any work
    found = find_articles([str(path) for path in paths], recursive=batch.recursive, exclude=out_dir)
    if found.non_articles:
        logger.info("skipped %d files that are not articles (.txt, .html)", len(found.non_articles))
    failures: list[TranslateError] = [problem.error for problem in found.problems]
    inputs: list[tuple[ArticlePath, Article | InputError]] = []
    for article_path in found.articles:
        try:
            read = read_article(
                article_path.path,
                max_bytes=batch.max_bytes,
                encoding=batch.encoding,
                input_format=batch.input_format,
                timeout=batch.fetch_timeout,
            )
            inputs.append((article_path, read))
        except InputError as error:
            inputs.append((article_path, error))
            failures.append(error)
    for failure in failures:
        logger.error("%s", failure)
    if all(isinstance(read, InputError) for _, read in inputs):
        return BatchReport(results=(), failures=tuple(failures), non_articles=found.non_articles)
    summariser = load_summariser(options)  # a bad prompt template fails before the model loads
    created = not out_dir.exists()
    try:
        with OutputLock(out_dir) as lock:
            remove_leftovers(
                out_dir, [MANIFEST_FILE, *(path.name for path, _ in inputs)], lock.stale_tokens
            )
            run = BatchRun(
                load(options),
                options,
                batch,
                summariser,
                out_dir,
                observer or LogObserver(out_dir),
                token=lock.token,
            )
            problems = [(_failed(p.path, "", p.error), p.error) for p in found.problems]
            return run.run(inputs, problems, found.non_articles)
    except TranslateError:
        if created:  # e.g. the model is unavailable: leave no empty output folder behind
            _remove_empty_folder(out_dir)
        raise


class BatchRun:
    """The locked part of `process_paths`: resume check, windows, writing, manifest."""

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
    ) -> None:
        self.translator = translator
        self.options = options
        self.batch = batch
        self.summariser = summariser
        self.out_dir = out_dir
        self.observer = observer
        self.files = output_files(options.formats)
        self.token = token  # the run's temporary-name token (`translate.ownership`)
        self.signature = run_info(
            translator, options, input_sha256="", summary_signature=summariser.signature
        )
        self.results: list[ArticleResult] = []
        self.failures: list[TranslateError] = []

    def run(
        self,
        inputs: Sequence[tuple[ArticlePath, Article | InputError]],
        problems: Sequence[tuple[ArticleEntry, TranslateError]],
        non_articles: tuple[str, ...],
    ) -> BatchReport:
        """Do the run; `inputs` are the articles found, read or failed to read, in input order,
        and `problems` the paths that were not articles to begin with."""
        record = {
            key: value
            for key, value in asdict(self.signature).items()
            if key not in ("date", "input_sha256", "metadata")
        }
        manifest = Manifest(
            self.out_dir,
            signature=self.signature.signature(),
            run=record,
            non_articles=non_articles,
            token=self.token,
        )
        manifest.add(entry for entry, _ in problems)
        self.failures.extend(error for _, error in problems)
        cache = self._open_cache()  # before the manifest is written: a bad cache changes nothing
        try:
            pending = self._plan(inputs, manifest)
            manifest.write()
            self._translate(pending, manifest, cache)
            manifest.finish("complete")
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
        self, inputs: Sequence[tuple[ArticlePath, Article | InputError]], manifest: Manifest
    ) -> list[_Pending]:
        """Record every input in the manifest; return those to translate, segmented."""
        pending: list[_Pending] = []
        split = get_segmenter(self.options.segmenter)
        for article_path, article in inputs:
            if isinstance(article, InputError):
                manifest.add([_failed(article_path.path, article_path.name, article)])
                self.failures.append(article)
                continue
            expected = replace(self.signature, input_sha256=article.sha256)
            folder = self.out_dir / article_path.name
            if not self.batch.force and is_up_to_date(folder, sorted(self.files), expected):
                entry = ArticleEntry(
                    source=article.source,
                    name=article_path.name,
                    status=Status.SKIPPED,
                    outputs=_relative_outputs(article_path.name, self.files),
                    metadata=article.metadata,
                )
                manifest.add([entry])
                self.observer.finish_article(entry)
            else:
                pending.append(_Pending(article_path, article, segment_article(article, split)))
                manifest.add([ArticleEntry(source=article.source, name=article_path.name)])
        return pending

    def _translate(self, pending: list[_Pending], manifest: Manifest, cache: SentenceCache) -> None:
        """Translate the pending articles window by window, writing each as it completes."""
        self.observer.start(len(pending), sum(len(item.sentences) for item in pending))
        last = time.monotonic()
        for window in windows([len(item.sentences) for item in pending], self.batch.window):
            items = [pending[index] for index in window]
            for translated in translate_window(
                [[sentence.text for sentence in item.sentences] for item in items],
                self.translator,
                cache,
                num_beams=self.signature.beams,
                batch_size=self.options.batch_size,
                advance=self.observer.advance,
            ):
                manifest.model_sentences += translated.model_sentences
                entry = self._finish(items[translated.index], translated.translations)
                now = time.monotonic()
                entry = replace(entry, cache_hits=translated.cache_hits, seconds=now - last)
                last = now
                manifest.update(entry)
                self.observer.finish_article(entry)

    def _finish(self, item: _Pending, translations: Sequence[Translation]) -> ArticleEntry:
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
            logger.error("%s", error)
            self.failures.append(error)
            entry = _failed(item.article.source, item.found.name, error)
            return replace(entry, sentences=len(item.sentences))
        self.results.append(replace(result, folder=folder))
        return ArticleEntry(
            source=item.article.source,
            name=item.found.name,
            status=Status.DONE,
            sentences=len(item.sentences),
            flagged=sum(1 for pair in result.document.pairs if pair.flags),
            outputs=_relative_outputs(item.found.name, self.files),
            metadata=item.article.metadata,
        )

    def _open_cache(self) -> SentenceCache:
        """The persistent cache for this model and these decoding settings, or a run-only one."""
        if not self.batch.use_cache:
            return MemoryCache()
        settings = cache_settings(
            self.translator.info,
            engine=self.translator.engine,
            beams=self.signature.beams,
            max_length=self.translator.input_limit,
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
        order = {source: position for position, source in enumerate(manifest.entries)}
        return BatchReport(
            results=tuple(sorted(self.results, key=lambda result: order[result.article.source])),
            failures=tuple(self.failures),
            entries=tuple(manifest.entries.values()),
            non_articles=non_articles,
            manifest=manifest.path,
        )


def _failed(source: str, name: str, error: TranslateError) -> ArticleEntry:
    return ArticleEntry(source=source, name=name, status=Status.FAILED, reason=str(error))


def _relative_outputs(name: str, files: frozenset[str]) -> tuple[str, ...]:
    return tuple(f"{name}/{file}" for file in sorted(files))


def _remove_empty_folder(folder: Path) -> None:
    """Remove a folder this run created, if nothing but its lock file is in it."""
    try:
        (folder / LOCK_FILE).unlink(missing_ok=True)
        folder.rmdir()
    except OSError as error:
        logger.debug("%s: left in place (%s)", folder, error)
