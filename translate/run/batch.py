"""Batch runs: every article under the paths given, into one output folder, going on past failures.

`process_paths` finds the inputs and composes the run from three values: a source (article
files, URLs and stdin, or corpus rows: `translate.run.sources`, `translate.run.corpus_source`),
a sink (article folders, or a corpus's parts and final files: `translate.run.sinks`) and an
executor (window by window here, `translate.run.local`, or on Ray, `translate.run.ray`), inside
the prelude every run shares (`translate.run.prelude`: the lock, clearing what a killed run
left, the manifest). For article inputs it checks that one of them reads before any model is
loaded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Generic, TypeVar

from translate.corpus.input import CorpusFormat, corpus_format
from translate.corpus.output import (
    PARTS_FOLDER,
    RECORD_FILE,
    CorpusTarget,
    check_final_files,
    next_seq,
)
from translate.engines import ModelTranslator, load_translator
from translate.errors import UsageError
from translate.options import BatchOptions, Format, Options, RayOptions
from translate.read import STDIN, find_articles
from translate.render import import_openpyxl, index_page_name
from translate.run.corpus_source import CorpusSource
from translate.run.journal.entries import Status
from translate.run.journal.index import INDEX_PAGE_ROWS
from translate.run.journal.manifest import JOURNAL_FILE, MANIFEST_FILE
from translate.run.journal.observer import BatchObserver, LogObserver
from translate.run.journal.report import BatchReport
from translate.run.local import LocalExecutor
from translate.run.prelude import RunContext, open_context, run_batch, run_locked
from translate.run.sinks import CorpusSink, FolderSink, Sink, memory_answers
from translate.run.sources import ArticleSource, ArticleStream, Source
from translate.run.store.lock import OutputLock
from translate.segment import get_segmenter
from translate.summary import load_summariser

logger = logging.getLogger(__name__)

S = TypeVar("S", bound=Sink)


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
    `.parquet`) are read as rows of articles (`translate.run.corpus_source`): a corpus file
    that cannot be read at all (missing, not JSONL or Parquet, no `id` or `text` column) stops
    the run before anything is written, with `InputError`.
    """
    given = _given_paths(paths, ray)
    out_dir = Path(out_dir)  # a str names the folder as well as a Path does
    batch = batch or BatchOptions()
    fmt = corpus_format(given)
    run = _Runner(options, out_dir, load, batch, observer, keep_results, ray)
    if fmt is not None:
        return run(_corpus_plan(given, fmt, batch, out_dir))
    plan = _article_plan(given, options, batch, out_dir)
    return plan if isinstance(plan, BatchReport) else run(plan)  # a report: nothing reads


@dataclass(frozen=True, slots=True)
class _Runner:
    """`process_paths`'s settings, to run a plan with: lock, load, execute."""

    options: Options
    out_dir: Path
    load: Callable[[Options], ModelTranslator]
    batch: BatchOptions
    observer: BatchObserver | None
    keep_results: bool
    ray: RayOptions | None

    def __call__(self, plan: Plan[S]) -> BatchReport:
        # A bad prompt template fails before the model loads.
        summariser = load_summariser(self.options)

        def work(lock: OutputLock) -> BatchReport:
            plan.check(lock.token)
            context = open_context(
                self.load(self.options),
                self.options,
                self.batch,
                summariser,
                self.out_dir,
                self.observer or LogObserver(self.out_dir),
                lock,
                keep_results=self.keep_results,
            )
            sink = plan.open_sink(context)
            if self.ray is None:
                return run_batch(context, plan.source, sink, LocalExecutor(context))
            from translate.run.ray.executor import RayExecutor  # Ray is an optional extra

            return run_batch(context, plan.source, sink, RayExecutor(context, self.ray))

        return run_locked(self.out_dir, plan.names, work, own_files=plan.own_files)


@dataclass(frozen=True, slots=True)
class Plan(Generic[S]):
    """A run as far as it is known before the output folder is locked: its `source`, the sink
    it writes into once the run's context is there, the `names` in `out_dir` where a killed
    run may have left temporaries, and the batch's `own_files` there. `check` looks, with the
    lock held and before the model loads, that the sink's files are ours to replace."""

    source: Source[S]
    open_sink: Callable[[RunContext], S]
    names: Sequence[str]
    own_files: Sequence[str]
    check: Callable[[str], None] = lambda token: None


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


def _article_plan(
    given: Sequence[str], options: Options, batch: BatchOptions, out_dir: Path
) -> Plan[FolderSink] | BatchReport:
    """Article files, URLs and stdin into article folders: found, and one checked to read (else
    the report of a run that wrote nothing)."""
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
    source = ArticleSource(stream, found.problems, found.non_articles)
    pages = -(-source.expected // INDEX_PAGE_ROWS)
    return Plan(
        source,
        lambda context: FolderSink(
            out_dir, options, context.signature, context.token, context.memory
        ),
        names=[MANIFEST_FILE, JOURNAL_FILE, *(path.name for path in found.articles)],
        own_files=[MANIFEST_FILE, JOURNAL_FILE, *map(index_page_name, range(1, pages + 1))],
    )


def _corpus_plan(
    given: Sequence[str], fmt: CorpusFormat, batch: BatchOptions, out_dir: Path
) -> Plan[CorpusSink]:
    """The rows of corpus files (`.jsonl`, `.parquet`) into `pairs.*` and `summaries.*`
    (`translate.corpus.output`)."""
    source = CorpusSource(given, fmt, batch.max_bytes)
    seq = next_seq(out_dir)

    def target(token: str) -> CorpusTarget:
        return CorpusTarget(str(out_dir.resolve()), fmt, source.id_type, seq, token)

    def open_sink(context: RunContext) -> CorpusSink:
        segmenter = context.options.segmenter
        return CorpusSink.open(
            target(context.token),
            context.signature,
            force=batch.force,
            memory_answers=partial(memory_answers, context.memory, segmenter),
        )

    return Plan(
        source,
        open_sink,
        names=[MANIFEST_FILE, JOURNAL_FILE, f"pairs.{fmt}", f"{PARTS_FOLDER}/part"],
        own_files=[MANIFEST_FILE, JOURNAL_FILE, RECORD_FILE],
        check=lambda token: check_final_files(target(token)),
    )
