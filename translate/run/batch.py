"""Batch runs: every article under the paths given, into one output folder, going on past failures.

`process_paths` finds the inputs, checks that one of them reads before any model is loaded,
and runs the shared prelude (`translate.run.prelude`: the lock, clearing what a killed run left)
around a `translate.run.local.BatchRun`, which translates the stream window by window, or its
Ray executor (`translate.run.ray.executor`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from translate.corpus.input import corpus_format
from translate.engines import ModelTranslator, load_translator
from translate.errors import UsageError
from translate.options import BatchOptions, Format, Options, RayOptions
from translate.read import STDIN, find_articles
from translate.render import import_openpyxl, index_page_name
from translate.run.corpus_run import process_corpus
from translate.run.journal.entries import Status
from translate.run.journal.index import INDEX_PAGE_ROWS
from translate.run.journal.manifest import JOURNAL_FILE, MANIFEST_FILE
from translate.run.journal.observer import BatchObserver, LogObserver
from translate.run.journal.outcomes import failed_entry
from translate.run.journal.report import BatchReport
from translate.run.local import BatchRun
from translate.run.prelude import RunContext, run_locked
from translate.run.sources import ArticleStream
from translate.run.store.lock import OutputLock
from translate.segment import get_segmenter
from translate.summary import load_summariser

logger = logging.getLogger(__name__)


def process_paths(
    paths: Sequence[str | Path],
    options: Options,
    out_dir: str | Path,
    *,
    load: Callable[[Options], ModelTranslator] = load_translator,
    batch: BatchOptions | None = None,
    observer: BatchObserver | None = None,
    keep_results: bool = True,
    ray: RayOptions | None = None,
) -> BatchReport:
    """Translate every article under `paths` into `out_dir`, going on past articles that fail.

    If no article can be read, nothing is written and no model is loaded. A model that cannot
    be loaded raises `ModelUnavailableError`: without it no article can be done. With `ray`,
    the articles are done on a Ray cluster (`translate.run.ray.executor`); corpus files (`.jsonl`,
    `.parquet`) are read as rows of articles (`translate.run.corpus_run`).
    """
    given = _given_paths(paths, ray)
    out_dir = Path(out_dir)  # a str names the folder as well as a Path does
    batch = batch or BatchOptions()
    run = process_corpus if corpus_format(given) is not None else process_articles
    return run(
        given,
        options,
        out_dir,
        load=load,
        batch=batch,
        observer=observer,
        keep_results=keep_results,
        ray=ray,
    )


def _given_paths(paths: Sequence[str | Path], ray: RayOptions | None) -> list[str]:
    """The paths as strings, once checked that a run can take them (before anything is read)."""
    if isinstance(paths, str | Path):
        raise UsageError(
            f"process_paths takes a list of paths, not the single {type(paths).__name__} "
            f"{str(paths)!r}; pass [{str(paths)!r}]."
        )
    given = [str(path) for path in paths]
    if ray is not None:
        if STDIN in given:
            raise UsageError("--ray reads article files; translate stdin (`-`) without --ray.")
        from translate.run.ray.cluster import import_ray

        import_ray()  # Ray not installed: one line, before anything is read or loaded
    return given


def process_articles(
    given: Sequence[str],
    options: Options,
    out_dir: Path,
    *,
    load: Callable[[Options], ModelTranslator],
    batch: BatchOptions,
    observer: BatchObserver | None,
    keep_results: bool,
    ray: RayOptions | None,
) -> BatchReport:
    """`process_paths` for article files, URLs and stdin: find them, check one reads, then
    the prelude around the local or the Ray executor."""
    get_segmenter(options.segmenter)  # a segmenter that is not installed fails before any work
    if Format.xlsx in options.formats:
        import_openpyxl()  # so does the spreadsheet's library
    found = find_articles(given, recursive=batch.recursive, exclude=out_dir)
    if found.non_articles:
        logger.info("skipped %d files that are not articles (.txt, .html)", len(found.non_articles))
    for problem in found.problems:
        logger.error("%s", problem.error)
    stream = ArticleStream(found.articles, batch)
    if not stream.has_readable_article():
        failures = [problem.error for problem in found.problems] + stream.failures()
        return BatchReport(
            results=(),
            failures=tuple(failures),
            non_articles=found.non_articles,
            counts={str(Status.FAILED): len(failures)},
        )
    summariser = load_summariser(options)  # a bad prompt template fails before the model loads

    def work(lock: OutputLock) -> BatchReport:
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
        run = BatchRun(context) if ray is None else _ray_run(context, ray)
        problems = [failed_entry(p.path, "", 0, p.error) for p in found.problems]
        return run.run(stream, problems, found.non_articles, [p.error for p in found.problems])

    names = [MANIFEST_FILE, JOURNAL_FILE, *(path.name for path in found.articles)]
    pages = -(-(len(found.articles) + len(found.problems)) // INDEX_PAGE_ROWS)
    own = [MANIFEST_FILE, JOURNAL_FILE, *map(index_page_name, range(1, pages + 1))]
    return run_locked(out_dir, names, work, own_files=own)


def _ray_run(context: RunContext, ray: RayOptions) -> BatchRun:
    """The Ray executor, imported only for a `--ray` run (Ray is an optional extra)."""
    from translate.run.ray.executor import RayRun

    return RayRun(context, ray)
