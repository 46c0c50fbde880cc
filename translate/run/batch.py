"""The library API that the CLI and notebooks call.

read → segment → translate → align → summarise → write; only the two ends touch the disk.
"""

from __future__ import annotations

import logging
import re
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from translate.align.pairing import align
from translate.document import (
    AlignedDocument,
    Article,
    RunInfo,
    Sentence,
    Summary,
    Translation,
)
from translate.engines.batching import ModelTranslator, translate_sentences
from translate.engines.torch_engine import MarianTranslator
from translate.errors import InputError, OutputError, TranslateError
from translate.options import Options
from translate.read.article import STDIN, parse_article, read_article
from translate.read.discover import ArticlePath, find_articles
from translate.render import formats as writers
from translate.run.cache import MemoryCache, SentenceCache, cache_settings, open_cache
from translate.run.lock import OutputLock
from translate.run.manifest import MANIFEST_FILE, ArticleEntry, Manifest, Status
from translate.run.windows import (
    BatchObserver,
    BatchOptions,
    LogObserver,
    is_up_to_date,
    translate_window,
    windows,
)
from translate.segment.registry import (
    DEFAULT_SEGMENTER,
    Segmenter,
    get_segmenter,
    segmenter_signature,
)
from translate.summary.summariser import Summariser, load_summariser
from translate.version import __version__

logger = logging.getLogger(__name__)

_WHITESPACE = re.compile(r"\s+")
# A temporary name of `writers.write_article_folder` or the manifest: `.<name>.<random>.tmp|old`.
_LEFTOVER = re.compile(r"\.(.+)\.[a-z0-9_]+\.(?:tmp|old)")


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything one article produced; `folder` is where it was written, if it was."""

    article: Article
    document: AlignedDocument
    summary: Summary
    run: RunInfo
    folder: Path | None = None


def segment_article(article: Article, split: Segmenter | None = None) -> list[Sentence]:
    """Split every paragraph into sentences, whitespace inside a sentence normalised to spaces.

    `split` defaults to our German rules (`translate.segment.split_sentences`).
    """
    split = split or get_segmenter(DEFAULT_SEGMENTER)
    return [
        Sentence(paragraph=number, index=index, text=_WHITESPACE.sub(" ", text))
        for number, paragraph in enumerate(article.paragraphs, start=1)
        for index, text in enumerate(split(paragraph), start=1)
    ]


def load_translator(options: Options) -> ModelTranslator:
    """Load the model `options` names with the engine and on the device it names.

    The ct2 engine converts the model on its first use (once per model version and quantisation).
    """
    if options.engine == "ct2":
        from translate.engines.ct2_engine import Ct2Translator

        return Ct2Translator.load(options.model, device=options.device, quantize=options.quantize)
    return MarianTranslator.load(
        options.model, device=options.device, quantize=bool(options.quantize)
    )


def translate_article(
    article: Article,
    translator: ModelTranslator,
    options: Options,
    summariser: Summariser | None = None,
) -> ArticleResult:
    """Translate, align and summarise one article (no file output).

    `summariser` defaults to the one `options` asks for, loaded for this article alone.
    """
    sentences = segment_article(article, get_segmenter(options.segmenter))
    beams = options.beams or translator.default_beams
    translations = translate_sentences(
        [sentence.text for sentence in sentences],
        translator,
        num_beams=beams,
        batch_size=options.batch_size,
    )
    return assemble_article(article, sentences, translations, translator, options, summariser)


def assemble_article(
    article: Article,
    sentences: Sequence[Sentence],
    translations: Sequence[Translation],
    translator: ModelTranslator,
    options: Options,
    summariser: Summariser | None = None,
) -> ArticleResult:
    """Align, summarise and sign an article whose sentences are already translated."""
    summariser = summariser or load_summariser(options)
    alignments = (
        word_alignments(translator, sentences, translations, options.batch_size)
        if options.align_words
        else None
    )
    document = align(article.name, sentences, translations, alignments=alignments)
    summary = summariser.summarise(document)
    run = run_info(
        translator, options, input_sha256=article.sha256, summary_signature=summariser.signature
    )
    return ArticleResult(article=article, document=document, summary=summary, run=run)


def run_info(
    translator: ModelTranslator,
    options: Options,
    *,
    input_sha256: str,
    summary_signature: str = "",
) -> RunInfo:
    """The run signature of translating an input with `translator` and `options`, dated now.

    `summary_signature` is the summariser's (`Summariser.signature`).
    """
    return RunInfo(
        tool_version=__version__,
        model=translator.info.name,
        model_revision=translator.info.revision,
        engine=translator.engine,
        beams=options.beams or translator.default_beams,
        batch_size=options.batch_size,
        max_length=translator.input_limit,
        segmenter=segmenter_signature(options.segmenter),
        device=translator.device,
        date=datetime.now(UTC).isoformat(timespec="seconds"),
        input_sha256=input_sha256,
        summary_signature=summary_signature,
        word_alignment=options.align_words,
    )


def word_alignments(
    translator: ModelTranslator,
    sentences: Sequence[Sentence],
    translations: Sequence[Translation],
    batch_size: int,
) -> list[tuple[tuple[int, int], ...] | None]:
    """Word links for each pair, None for a sentence translated in pieces (no one attention)."""
    whole = [i for i, t in enumerate(translations) if t.pieces == 1 and t.text.strip()]
    links: list[tuple[tuple[int, int], ...] | None] = [None] * len(translations)
    for start in range(0, len(whole), batch_size):
        chunk = whole[start : start + batch_size]
        found = translator.word_alignments(
            [sentences[i].text for i in chunk], [translations[i].text for i in chunk]
        )
        for index, pair_links in zip(chunk, found, strict=True):
            links[index] = pair_links
    return links


def translate_text(
    text: str, translator: ModelTranslator, options: Options | None = None, *, name: str = "text"
) -> ArticleResult:
    """Translate a German text given as a string (for notebooks)."""
    article = parse_article(text.encode("utf-8"), name=name, source=name)
    return translate_article(article, translator, options or Options())


def render_outputs(result: ArticleResult, options: Options) -> dict[str, str]:
    """The output files `options.formats` asks for (and run.json), by file name."""
    return writers.render_files(result.document, result.summary, result.run, options.formats)


def process_article(
    path: str | Path, translator: ModelTranslator, options: Options, out_dir: Path
) -> ArticleResult:
    """Read, translate and write one article into `out_dir/<stem>/`."""
    result = translate_article(read_article(path), translator, options)
    folder = out_dir / result.article.name
    writers.write_article_folder(folder, render_outputs(result, options))
    return replace(result, folder=folder)


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
    paths: Sequence[str],
    options: Options,
    out_dir: Path,
    *,
    load: Callable[[Options], ModelTranslator] = load_translator,
    batch: BatchOptions | None = None,
    observer: BatchObserver | None = None,
) -> BatchReport:
    """Translate every article under `paths` into `out_dir`, going on past articles that fail.

    All inputs are read first, so bad ones are reported before the model is loaded; if none can
    be read, nothing is written. Otherwise the run locks `out_dir` (a second run on it fails at
    once), skips articles whose outputs are up to date, translates the rest in windows of
    sentences shared across articles (through the translation cache), writes each article as its
    window completes and keeps `out_dir/manifest.json` current. A model that cannot be loaded
    raises `ModelUnavailableError`: without it no article can be done.
    """
    batch = batch or BatchOptions()
    get_segmenter(options.segmenter)  # a segmenter that is not installed fails before any work
    found = find_articles(paths, recursive=batch.recursive, exclude=out_dir)
    if found.non_articles:
        logger.info("skipped %d files that are not articles (.txt)", len(found.non_articles))
    failures: list[TranslateError] = [problem.error for problem in found.problems]
    inputs: list[tuple[ArticlePath, Article | InputError]] = []
    for article_path in found.articles:
        try:
            inputs.append((article_path, read_article(article_path.path)))
        except InputError as error:
            inputs.append((article_path, error))
            failures.append(error)
    for failure in failures:
        logger.error("%s", failure)
    if all(isinstance(read, InputError) for _, read in inputs):
        return BatchReport(results=(), failures=tuple(failures), non_articles=found.non_articles)
    failed = [_failed(problem.path, "", problem.error) for problem in found.problems]
    summariser = load_summariser(options)  # a bad prompt template fails before the model loads
    created = not out_dir.exists()
    try:
        with OutputLock(out_dir):
            _remove_leftovers(out_dir, [article_path.name for article_path, _ in inputs])
            return _run_batch(
                inputs,
                failed,
                load(options),
                options,
                out_dir,
                batch=batch,
                observer=observer or LogObserver(out_dir),
                non_articles=found.non_articles,
                summariser=summariser,
            )
    except TranslateError:
        if created:  # e.g. the model is unavailable: leave no empty output folder behind
            _remove_empty_folder(out_dir)
        raise


def _run_batch(
    inputs: list[tuple[ArticlePath, Article | InputError]],
    failed: list[tuple[ArticleEntry, TranslateError]],
    translator: ModelTranslator,
    options: Options,
    out_dir: Path,
    *,
    batch: BatchOptions,
    observer: BatchObserver,
    non_articles: tuple[str, ...],
    summariser: Summariser,
) -> BatchReport:
    """The locked part of `process_paths`: resume check, windows, writing, manifest.

    `inputs` are the articles found, read or failed to read, in input order; `failed` the paths
    that were not articles to begin with (e.g. a folder without any).
    """
    run = run_info(translator, options, input_sha256="", summary_signature=summariser.signature)
    record = {k: v for k, v in asdict(run).items() if k not in ("date", "input_sha256")}
    manifest = Manifest(out_dir, signature=run.signature(), run=record, non_articles=non_articles)
    manifest.add(entry for entry, _ in failed)
    files = writers.output_files(options.formats)
    pending: list[_Pending] = []
    failures = [error for _, error in failed]
    split = get_segmenter(options.segmenter)
    for article_path, article in inputs:
        if isinstance(article, InputError):
            manifest.add([_failed(article_path.path, article_path.name, article)[0]])
            failures.append(article)
            continue
        expected = replace(run, input_sha256=article.sha256)
        folder = out_dir / article_path.name
        if not batch.force and is_up_to_date(folder, sorted(files), expected):
            entry = ArticleEntry(
                source=article.source,
                name=article_path.name,
                status=Status.SKIPPED,
                outputs=_relative_outputs(article_path.name, files),
            )
            manifest.add([entry])
            observer.finish_article(entry)
        else:
            pending.append(_Pending(article_path, article, segment_article(article, split)))
            manifest.add([ArticleEntry(source=article.source, name=article_path.name)])
    manifest.write()
    results: list[ArticleResult] = []
    cache = _open_cache(translator, options, batch)
    try:
        observer.start(len(pending), sum(len(item.sentences) for item in pending))
        sizes = [len(item.sentences) for item in pending]
        last = time.monotonic()
        for window in windows(sizes, batch.window):
            items = [pending[index] for index in window]
            for translated in translate_window(
                [[sentence.text for sentence in item.sentences] for item in items],
                translator,
                cache,
                num_beams=run.beams,
                batch_size=options.batch_size,
                advance=observer.advance,
            ):
                item = items[translated.index]
                manifest.model_sentences += translated.model_sentences
                entry, outcome = _finish(
                    item, translated.translations, translator, options, out_dir, files, summariser
                )
                now = time.monotonic()
                entry = replace(entry, cache_hits=translated.cache_hits, seconds=now - last)
                last = now
                if isinstance(outcome, TranslateError):
                    failures.append(outcome)
                else:
                    results.append(outcome)
                manifest.update(entry)
                observer.finish_article(entry)
        manifest.finish("complete")
    except BaseException:
        manifest.finish("interrupted")
        raise
    finally:
        cache.close()
    totals = manifest.totals()
    logger.info(
        "%d article(s) written (%d of their %d sentences from the cache), %d unchanged, %d failed;"
        " see %s",
        totals[Status.DONE],
        totals["cache_hits"],
        totals["sentences"],
        totals[Status.SKIPPED],
        totals[Status.FAILED],
        manifest.path,
    )
    order = {source: position for position, source in enumerate(manifest.entries)}
    return BatchReport(
        results=tuple(sorted(results, key=lambda result: order[result.article.source])),
        failures=tuple(failures),
        entries=tuple(manifest.entries.values()),
        non_articles=non_articles,
        manifest=manifest.path,
    )


def _finish(
    item: _Pending,
    translations: Sequence[Translation],
    translator: ModelTranslator,
    options: Options,
    out_dir: Path,
    files: frozenset[str],
    summariser: Summariser,
) -> tuple[ArticleEntry, ArticleResult | TranslateError]:
    """Assemble and write one translated article; an error to write it fails only this one."""
    result = assemble_article(
        item.article, item.sentences, translations, translator, options, summariser
    )
    folder = out_dir / item.found.name
    try:
        writers.write_article_folder(folder, render_outputs(result, options))
    except OutputError as error:
        logger.error("%s", error)
        entry, _ = _failed(item.article.source, item.found.name, error)
        return replace(entry, sentences=len(item.sentences)), error
    entry = ArticleEntry(
        source=item.article.source,
        name=item.found.name,
        status=Status.DONE,
        sentences=len(item.sentences),
        flagged=sum(1 for pair in result.document.pairs if pair.flags),
        outputs=_relative_outputs(item.found.name, files),
    )
    return entry, replace(result, folder=folder)


def _failed(source: str, name: str, error: TranslateError) -> tuple[ArticleEntry, TranslateError]:
    return ArticleEntry(source=source, name=name, status=Status.FAILED, reason=str(error)), error


def _relative_outputs(name: str, files: frozenset[str]) -> tuple[str, ...]:
    return tuple(f"{name}/{file}" for file in sorted(files))


def _open_cache(
    translator: ModelTranslator, options: Options, batch: BatchOptions
) -> SentenceCache:
    """The persistent cache for this model and these decoding settings, or a run-only one."""
    if not batch.use_cache:
        return MemoryCache()
    settings = cache_settings(
        translator.info,
        engine=translator.engine,
        beams=options.beams or translator.default_beams,
        max_length=translator.input_limit,
    )
    return open_cache(settings, batch.cache_dir)


def _remove_leftovers(out_dir: Path, names: Sequence[str]) -> None:
    """Remove what a killed run left half-done where this run writes.

    An article folder is written as `.<name>.<random>.tmp` beside its final place (and the old
    one moved aside as `.<name>.<random>.old`), the manifest as `.manifest.json.<random>.tmp`.
    Only such entries for the articles `names` and the manifest are removed; nothing else in
    `out_dir` is touched. The caller holds the lock, so no other run is writing them now.
    """
    wanted: dict[Path, set[str]] = {out_dir: {MANIFEST_FILE}}
    for name in names:
        folder = out_dir / name
        wanted.setdefault(folder.parent, set()).add(folder.name)
    removed = 0
    for parent, bases in wanted.items():
        if not parent.is_dir():
            continue
        for entry in parent.iterdir():
            match = _LEFTOVER.fullmatch(entry.name)
            if match is None or match.group(1) not in bases:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed += 1
    if removed:
        logger.info("%s: removed %d unfinished files left by an earlier run", out_dir, removed)


def _remove_empty_folder(folder: Path) -> None:
    """Remove a folder this run created, if it is still empty."""
    try:
        folder.rmdir()
    except OSError as error:
        logger.debug("%s: left in place (%s)", folder, error)


def translate_stdin(options: Options) -> str:
    """Translate the article on stdin and return its side-by-side Markdown."""
    get_segmenter(options.segmenter)
    article = read_article(STDIN)
    summariser = load_summariser(options)
    result = translate_article(article, load_translator(options), options, summariser)
    return writers.render_markdown(result.document, result.summary, result.run)
