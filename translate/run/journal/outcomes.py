"""What a batch run makes of one article, shared by the local and the Ray runs: its manifest
entry (written, skipped as up to date, or failed with the reason), and the cache its
translations go through."""

from __future__ import annotations

from translate.check.batch import BatchFinding
from translate.document import SourceMetadata
from translate.engines import ModelTranslator
from translate.errors import TranslateError
from translate.options import BatchOptions
from translate.pipeline import ArticleResult
from translate.run.journal.entries import ArticleEntry, Status
from translate.run.store.cache import MemoryCache, SentenceCache, open_cache
from translate.run.store.cache_key import cache_settings


def open_run_cache(
    translator: ModelTranslator, batch: BatchOptions, beams: int, glossary: str = ""
) -> SentenceCache:
    """The persistent cache for this model, these decoding settings and this glossary (its
    hash; `batch.use_cache`), else one for this run only."""
    if not batch.use_cache:
        return MemoryCache()
    settings = cache_settings(
        translator.info,
        engine=translator.engine,
        beams=beams,
        max_length=translator.input_limit,
        glossary=glossary,
    )
    return open_cache(settings, batch.cache_dir)


def done_entry(
    name: str,
    position: int,
    result: ArticleResult,
    outputs: tuple[str, ...],
    consistency: tuple[BatchFinding, ...] = (),
) -> ArticleEntry:
    """The manifest entry of an article translated and written, with its findings against the
    run's earlier articles."""
    return ArticleEntry(
        source=result.article.source,
        name=name,
        position=position,
        status=Status.DONE,
        sentences=len(result.document.pairs),
        flagged=sum(1 for pair in result.document.pairs if pair.flags),
        outputs=outputs,
        metadata=result.article.metadata,
        consistency=consistency,
    )


def skipped_entry(
    source: str,
    name: str,
    position: int,
    outputs: tuple[str, ...],
    metadata: SourceMetadata | None = None,
) -> ArticleEntry:
    """The manifest entry of an article left as it was: its outputs are up to date."""
    return ArticleEntry(
        source=source,
        name=name,
        position=position,
        status=Status.SKIPPED,
        outputs=outputs,
        metadata=metadata,
    )


def failed_entry(
    source: str, name: str, position: int, error: TranslateError, sentences: int = 0
) -> ArticleEntry:
    """The manifest entry of an article that failed, with the reason."""
    return ArticleEntry(
        source=source,
        name=name,
        position=position,
        status=Status.FAILED,
        reason=str(error),
        sentences=sentences,
    )


def relative_outputs(name: str, files: frozenset[str]) -> tuple[str, ...]:
    """An article folder's files, as its manifest entry lists them (`name/file`)."""
    return tuple(f"{name}/{file}" for file in sorted(files))
