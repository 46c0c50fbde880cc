"""Writing the batch's spreadsheet (`outputs/pairs.xlsx`, `--formats xlsx`) at the end of a run.

The rows stream from the manifest's entries, in input order, and each written (or up to date)
article's `aligned.jsonl`: one article in memory at a time, so the cost is one read of what the
run wrote. The file is written under a temporary name carrying the run's token and renamed into
place, and a `pairs.xlsx` that translate did not write (its creator says so) is never replaced.
"""

from __future__ import annotations

import json
import logging
import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from translate.document import Origin
from translate.errors import OutputError
from translate.files import sync_path
from translate.ownership import new_token, temp_name
from translate.render import JSONL_FILE, XLSX_CREATOR, XLSX_FILE, PairRow, write_xlsx
from translate.run.journal.entries import ArticleEntry, Status

logger = logging.getLogger(__name__)


def write_spreadsheet(
    out_dir: Path, entries: Iterable[ArticleEntry], *, token: str | None = None
) -> Path:
    """Write `out_dir/pairs.xlsx`: every pair of the articles written or found up to date.

    Raises `OutputError` when a `pairs.xlsx` of someone else's is in the way or the file cannot
    be written.
    """
    path = out_dir / XLSX_FILE
    if (path.exists() or path.is_symlink()) and not is_our_spreadsheet(path):
        raise OutputError(
            f"{path}: was not written by translate, so it is not replaced; move it away or give "
            "another --out."
        )
    temporary = out_dir / temp_name(XLSX_FILE, token or new_token(), "tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(descriptor, "wb") as handle:
            written = write_xlsx(_rows(out_dir, entries), handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        sync_path(out_dir)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write ({error.strerror or error}).") from None
    logger.debug("%s: %d sentence pairs", path, written)
    return path


def is_our_spreadsheet(path: Path) -> bool:
    """Whether `path` is a workbook translate wrote (its creator is `XLSX_CREATOR`)."""
    if path.is_symlink() or not path.is_file():
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8", errors="replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return (
        re.search(rf"<dc:creator\b[^>]*>{re.escape(XLSX_CREATOR)}</dc:creator>", core) is not None
    )


def _rows(out_dir: Path, entries: Iterable[ArticleEntry]) -> Iterator[PairRow]:
    for entry in entries:
        if entry.status in (Status.DONE, Status.SKIPPED):
            yield from _article_rows(out_dir / entry.name / JSONL_FILE, entry.name)


def _article_rows(path: Path, name: str) -> Iterator[PairRow]:
    """The pairs of one article's aligned.jsonl; none (and a log line) if it cannot be read."""
    try:
        with path.open(encoding="utf-8") as lines:
            records = [json.loads(line) for line in lines if line.strip()]
    except (OSError, UnicodeDecodeError, ValueError) as error:
        logger.warning("%s: left out of %s (%s)", path, XLSX_FILE, error)
        return
    for record in records:
        confidence = record.get("confidence")
        yield PairRow(
            article=str(record.get("article", name)),
            pair_id=str(record.get("id", "")),
            source=str(record.get("de", "")),
            target=str(record.get("en", "")),
            flags=tuple(str(flag) for flag in record.get("flags") or ()),
            confidence=float(confidence) if isinstance(confidence, int | float) else None,
            origin=str(record.get("origin", Origin.model.value)),
        )
