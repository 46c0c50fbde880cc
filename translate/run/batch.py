"""Batch runs: every article under the paths given, into one output folder, going on past failures.

`process_paths` finds the inputs, checks that one of them reads before any model is loaded,
takes the output folder's lock, clears what a killed run left, and hands the stream of articles
to a `translate.run.runner.BatchRun`, which translates it window by window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from translate.engines import ModelTranslator, load_translator
from translate.errors import TranslateError, UsageError
from translate.options import BatchOptions, Options, RayOptions
from translate.ownership import check_batch_files
from translate.read import STDIN, find_articles
from translate.render import index_page_name
from translate.run.corpus_input import corpus_format
from translate.run.entries import Status
from translate.run.index import INDEX_PAGE_ROWS
from translate.run.inputs import ArticleStream
from translate.run.lock import LOCK_FILE, OutputLock
from translate.run.manifest import JOURNAL_FILE, MANIFEST_FILE
from translate.run.observer import BatchObserver, LogObserver
from translate.run.outcomes import failed_entry
from translate.run.report import BatchReport
from translate.run.resume import remove_leftovers
from translate.run.runner import BatchRun
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
    the articles are done on a Ray cluster (`translate.run.ray_run`); corpus files (`.jsonl`,
    `.parquet`) are read as rows of articles (`translate.run.corpus_run`).
    """
    if isinstance(paths, str | Path):
        raise UsageError(
            f"process_paths takes a list of paths, not the single {type(paths).__name__} "
            f"{str(paths)!r}; pass [{str(paths)!r}]."
        )
    out_dir = Path(out_dir)  # a str names the folder as well as a Path does
    batch = batch or BatchOptions()
    given = [str(path) for path in paths]
    if ray is not None:
        if STDIN in given:
            raise UsageError("--ray reads article files; translate stdin (`-`) without --ray.")
        from translate.run.ray_cluster import import_ray

        import_ray()  # Ray not installed: one line, before anything is read or loaded
    if corpus_format(given) is not None:
        from translate.run.corpus_run import process_corpus

        return process_corpus(
            given,
            options,
            out_dir,
            load=load,
            batch=batch,
            observer=observer,
            keep_results=keep_results,
            ray=ray,
        )
    get_segmenter(options.segmenter)  # a segmenter that is not installed fails before any work
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
    created = not out_dir.exists()
    try:
        with OutputLock(out_dir) as lock:
            names = [MANIFEST_FILE, JOURNAL_FILE, *(path.name for path in found.articles)]
            remove_leftovers(out_dir, names, lock.stale_tokens)
            pages = -(-(len(found.articles) + len(found.problems)) // INDEX_PAGE_ROWS)
            check_batch_files(out_dir, [*names[:2], *map(index_page_name, range(1, pages + 1))])
            run_type: Callable[..., BatchRun] = BatchRun
            if ray is not None:
                from translate.run.ray_run import RayRun

                run_type = partial(RayRun, ray)
            run = run_type(
                load(options),
                options,
                batch,
                summariser,
                out_dir,
                observer or LogObserver(out_dir),
                token=lock.token,
                keep_results=keep_results,
            )
            problems = [failed_entry(p.path, "", 0, p.error) for p in found.problems]
            return run.run(stream, problems, found.non_articles, [p.error for p in found.problems])
    except TranslateError:
        if created:  # e.g. the model is unavailable: leave no empty output folder behind
            _remove_empty_folder(out_dir)
        raise


def _remove_empty_folder(folder: Path) -> None:
    """Remove a folder this run created, if nothing but its lock file is in it."""
    try:
        (folder / LOCK_FILE).unlink(missing_ok=True)
        folder.rmdir()
    except OSError as error:
        logger.debug("%s: left in place (%s)", folder, error)
