"""What every batch run shares, whatever its source, sink and executor: the run's context, the
prelude once the inputs are found (lock the output folder, clear what a killed run left where
this one writes, run, and leave no empty folder behind if it fails before writing), and the run
itself (`run_batch`: the manifest around the executor taking the source into the sink)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from translate.document import RunInfo
from translate.engines import ModelTranslator
from translate.errors import TranslateError
from translate.memory import RunMemory
from translate.options import BatchOptions, Options
from translate.ownership import check_batch_files
from translate.pipeline import run_info
from translate.run.journal.entries import ArticleEntry
from translate.run.journal.manifest import ManifestState
from translate.run.journal.observer import BatchObserver
from translate.run.journal.recorder import RunJournal
from translate.run.journal.report import BatchReport
from translate.run.sinks import Sink
from translate.run.sources import Source
from translate.run.store.lock import LOCK_FILE, OutputLock
from translate.run.store.resume import remove_leftovers
from translate.summary import Summariser

logger = logging.getLogger(__name__)

S = TypeVar("S", bound=Sink)


@dataclass(frozen=True, slots=True)
class RunContext:
    """What a run works with once the lock is held: the model, the settings, where the outputs
    go, who watches, and the lock's token (the run's temporary-name token, see
    `translate.ownership`). `keep_results` keeps each article's result for the library caller;
    `signature` is the run's, built once (`open_context`); `memory` the translation memory it
    reads, if any."""

    translator: ModelTranslator
    options: Options
    batch: BatchOptions
    summariser: Summariser
    out_dir: Path
    observer: BatchObserver
    token: str
    keep_results: bool
    signature: RunInfo
    memory: RunMemory | None = None


def open_context(
    translator: ModelTranslator,
    options: Options,
    batch: BatchOptions,
    summariser: Summariser,
    out_dir: Path,
    observer: BatchObserver,
    lock: OutputLock,
    *,
    keep_results: bool,
) -> RunContext:
    """The run's context, with its memory opened (`run_batch` closes it) and its signature."""
    memory = RunMemory(options.memory) if options.memory is not None else None
    signature = run_info(
        translator,
        options,
        summary_signature=summariser.signature,
        memory=memory.identity if memory is not None else "",
    )
    return RunContext(
        translator,
        options,
        batch,
        summariser,
        out_dir,
        observer,
        lock.token,
        keep_results,
        signature,
        memory,
    )


class Executor(Protocol):
    """Where a run's work is done: this machine (`translate.run.local`) or a Ray cluster
    (`translate.run.ray.executor`)."""

    def prepared(self) -> AbstractContextManager[None]:
        """What must be ready before the manifest is written (a cache, a cluster)."""
        ...

    def execute(self, source: Source[S], sink: S, journal: RunJournal) -> None:
        """Take every article the source has left to do into the sink."""

    def in_flight(self) -> Iterator[ArticleEntry]:
        """The articles it holds that are not finished yet, in input order."""
        ...


def run_batch(context: RunContext, source: Source[S], sink: S, executor: Executor) -> BatchReport:
    """Run `source` into `sink` on `executor`, recorded in the manifest: the inputs that were no
    articles first, then every article as it finishes; the batch's own files last."""
    journal = RunJournal(
        context.out_dir,
        context.signature,
        expected=source.expected,
        non_articles=source.non_articles,
        observer=context.observer,
        token=context.token,
        keep_results=context.keep_results,
    )
    journal.waiting_in([executor.in_flight, sink.waiting, source.unread])
    try:
        with executor.prepared(), journal.manifest.running():
            source.record_problems(journal)
            context.observer.start(source.articles, 0)
            executor.execute(source, sink, journal)
            sink.close(journal)
            journal.manifest.finish(ManifestState.COMPLETE)
            sink.checkpoint(journal, final=True)
    finally:
        if context.memory is not None:
            context.memory.close()
    return journal.report()


def run_locked(
    out_dir: Path,
    names: Sequence[str],
    work: Callable[[OutputLock], BatchReport],
    *,
    own_files: Sequence[str] = (),
) -> BatchReport:
    """Lock `out_dir`, clear what a killed run left at `names` (and only there), check that the
    batch's `own_files` there (manifest, journal, index pages) are ours to replace, then `work`.

    A run that raises, or is stopped with Ctrl-C, before it wrote anything (the model is
    unavailable, a corpus's final files are not ours) leaves no empty output folder behind if it
    created it.
    """
    created = not out_dir.exists()
    try:
        with OutputLock(out_dir) as lock:
            remove_leftovers(out_dir, names, lock.stale_tokens)
            check_batch_files(out_dir, own_files)  # never a user's file of the same name
            return work(lock)
    except (TranslateError, KeyboardInterrupt):  # Ctrl-C while the model loads, too
        if created:
            _remove_empty_folder(out_dir)
        raise


def _remove_empty_folder(folder: Path) -> None:
    """Remove a folder this run created, if nothing but its lock file is in it."""
    try:
        if {entry.name for entry in folder.iterdir()} - {LOCK_FILE}:
            return  # the run got as far as writing: its folder stays (and so does the lock file)
        (folder / LOCK_FILE).unlink(missing_ok=True)
        folder.rmdir()
    except OSError as error:
        logger.debug("%s: left in place (%s)", folder, error)
