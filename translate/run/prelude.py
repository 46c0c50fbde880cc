"""What every batch run shares, whatever its source, sink and executor: the run's context, and
the prelude once the inputs are found (lock the output folder, clear what a killed run left
where this one writes, run, and leave no empty folder behind if it fails before writing)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.engines import ModelTranslator
from translate.errors import TranslateError
from translate.options import BatchOptions, Options
from translate.ownership import check_batch_files
from translate.run.journal.observer import BatchObserver
from translate.run.journal.report import BatchReport
from translate.run.store.lock import LOCK_FILE, OutputLock
from translate.run.store.resume import remove_leftovers
from translate.summary import Summariser

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RunContext:
    """What a run works with once the lock is held: the model, the settings, where the outputs
    go, who watches, and the lock's token (the run's temporary-name token, see
    `translate.ownership`). `keep_results` keeps each article's result for the library caller."""

    translator: ModelTranslator
    options: Options
    batch: BatchOptions
    summariser: Summariser
    out_dir: Path
    observer: BatchObserver
    token: str
    keep_results: bool = True


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
