"""Resuming a batch: which articles are already done, and what a killed run left half-done."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from translate.document import RunInfo, SourceMetadata
from translate.files import clear_temporary, remove_set_aside
from translate.options import ALL_FORMATS
from translate.ownership import RUN_FILE, TEMP_MARKER, is_our_temporary, parse_temp_name
from translate.read import SAVED_PAGE_FILES
from translate.render import output_files

logger = logging.getLogger(__name__)

# Every file an article folder of ours can hold, whatever --formats a run asked for.
ARTICLE_FILES = output_files(ALL_FORMATS) | frozenset(SAVED_PAGE_FILES.values())
# The fields of an article's metadata that say how its bytes were read.
_READING = ("format", "encoding")


def is_up_to_date(
    folder: Path,
    files: Sequence[str],
    run: RunInfo,
    input_sha256: str,
    read_as: SourceMetadata,
    memory_answers: Callable[[], str] = lambda: "",
) -> bool:
    """True when `folder` holds every output file and its `run.json` says it was made from the
    input `input_sha256`, read as `read_as` says (its format and encoding), with `run`'s
    settings, and the translation memory would give it what it gave then.

    Matching means the same input, read the same way (the same bytes decoded with another
    `--encoding`, or read with another `--input-format`, are another article), and the same
    settings (`RunInfo.settings`: model identity and revision, engine, beams, input limit,
    segmenter, summary, tool version); a setting an older run.json does not record is not
    compared. `memory_answers` asks the memory now (`RunMemory.answers` over the article's
    sentences), only once everything else matched: an import redoes just the articles whose
    English it changes.
    """
    if not all((folder / name).is_file() for name in files):
        return False
    try:
        recorded = json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    if not isinstance(recorded, dict):
        return False
    if recorded.get("input_sha256") != input_sha256:
        return False
    metadata = recorded.get("metadata")
    read = metadata if isinstance(metadata, dict) else {}
    if any(read.get(key) != getattr(read_as, key) for key in _READING):
        return False
    same = all(
        recorded[name] == value for name, value in run.settings().items() if name in recorded
    )
    given = recorded.get("memory_answers")
    then = recorded.get("memory")
    return same and same_memory_answers(
        given if isinstance(given, str) else None,
        then if isinstance(then, str) else "",
        run.memory,
        memory_answers,
    )


def same_memory_answers(
    given: str | None, then: str, identity: str, memory_answers: Callable[[], str]
) -> bool:
    """Whether the memory (`identity` now) gives an article what its outputs say it gave
    (`given`, a `memory_answers` digest), asked again only here. Outputs from before the answers
    were recorded (`given` None) have only the memory's identity `then`: an article made with no
    memory compares as given nothing; otherwise only the same memory, not imported into since,
    is known to give the same."""
    if given is None:
        if then:
            return then == identity
        given = ""
    return given == memory_answers()


def remove_leftovers(out_dir: Path, names: Sequence[str], tokens: Collection[str]) -> None:
    """Clear away what a killed run left half-done where this run writes, and only that.

    A temporary entry (`.<name>.<token>.tmp` or `.old`) is removed when it is provably ours: its
    token is one of `tokens` (the run tokens a dead run's lock record names), or it is a folder
    holding its own matching marker, or an article folder of ours, or empty. An `.old` folder
    whose article has no folder any more is the copy a kill caught between two renames: it is
    put back, not removed. Nothing else in `out_dir` or its sub-folders is touched; the caller
    holds the lock. A temporary folder is removed file by file, our files only: one a person
    or a watcher put there keeps the folder, and is named in a warning.
    """
    parents = {out_dir, *((out_dir / name).parent for name in names)}
    removed = restored = 0
    for parent in sorted(parents):
        if not parent.is_dir() or parent.is_symlink():
            continue
        for entry in sorted(parent.iterdir()):
            parsed = parse_temp_name(entry.name)
            if parsed is not None and _is_empty_folder(entry):  # nothing in it to lose
                entry.rmdir()
                removed += 1
                continue
            if parsed is None or not (parsed[1] in tokens or is_our_temporary(entry)):
                continue
            name, _, kind = parsed
            final = parent / name
            if kind == "old" and entry.is_dir() and not final.exists():
                entry.rename(final)
                (final / TEMP_MARKER).unlink(missing_ok=True)
                restored += 1
            elif kind == "old" and entry.is_dir() and not entry.is_symlink():
                remove_set_aside(entry, final, ARTICLE_FILES)  # what is not ours goes beside
                removed += 1
            elif entry.is_dir() and not entry.is_symlink():
                kept = clear_temporary(entry, ARTICLE_FILES)  # never what is not ours
                removed += 0 if kept else 1
            else:
                entry.unlink(missing_ok=True)
                removed += 1
    if removed or restored:
        logger.info(
            "%s: removed %d unfinished files and restored %d folders left by an earlier run",
            out_dir,
            removed,
            restored,
        )


def _is_empty_folder(entry: Path) -> bool:
    return entry.is_dir() and not entry.is_symlink() and not any(entry.iterdir())
