"""Resuming a batch: which articles are already done, and what a killed run left half-done."""

from __future__ import annotations

import json
import logging
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from translate.document import RunInfo
from translate.render import RUN_FILE

logger = logging.getLogger(__name__)

# A temporary name of `files.write_article_folder` or the manifest: `.<name>.<random>.tmp|old`.
_LEFTOVER = re.compile(r"\.(.+)\.[a-z0-9_]+\.(?:tmp|old)")


def is_up_to_date(folder: Path, files: Sequence[str], expected: RunInfo) -> bool:
    """True when `folder` holds every output file and its `run.json` matches `expected`.

    Matching means the same input (sha256) and the same settings (`RunInfo.settings`: model
    identity and revision, engine, beams, input limit, segmenter, summary, tool version); a
    setting an older run.json does not record is not compared.
    """
    if not all((folder / name).is_file() for name in files):
        return False
    try:
        recorded = json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    if not isinstance(recorded, dict):
        return False
    if recorded.get("input_sha256") != expected.input_sha256:
        return False
    return all(
        recorded[name] == value for name, value in expected.settings().items() if name in recorded
    )


def remove_leftovers(out_dir: Path, names: Sequence[str], manifest_file: str) -> None:
    """Remove what a killed run left half-done where this run writes.

    An article folder is written as `.<name>.<random>.tmp` beside its final place (and the old
    one moved aside as `.<name>.<random>.old`), the manifest as `.<manifest>.<random>.tmp`.
    Only such entries for the articles `names` and the manifest are removed; nothing else in
    `out_dir` is touched. The caller holds the lock, so no other run is writing them now.
    """
    wanted: dict[Path, set[str]] = {out_dir: {manifest_file}}
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
