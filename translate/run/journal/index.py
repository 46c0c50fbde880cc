"""Writing the batch index (`outputs/index.html`, `index-2.html`, ...) page by page.

The rows stream from the manifest's entries and each article's own `run.json`; a page is written
(atomically) as soon as it is full, so memory holds one page of rows, never the run: a run of
100,000 articles is indexed in the memory of one page. A page says whether another follows by
looking one entry ahead. Pages a longer earlier run left beyond the last one are removed, only
when they carry the index's own marker; the temporary files of a killed write carry the run's
token, and the next run's clean-up removes them (`translate.run.store.resume`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from itertools import count
from pathlib import Path
from urllib.parse import quote

from translate.clock import utc_now
from translate.errors import OutputError, UsageError
from translate.files import write_text_atomic
from translate.ownership import is_our_index_page
from translate.render import (
    RUN_FILE,
    IndexRow,
    date_in_path,
    index_page_name,
    render_index_page,
)
from translate.run.journal.entries import ArticleEntry, Status

logger = logging.getLogger(__name__)

INDEX_PAGE_ROWS = 500
# The files an article's row links to, best first: the page to read, else whatever was written.
_LINK_PREFERENCE = ("side-by-side.html", "side-by-side.md", "summary.md", "translation.en.txt")
# A run.json far past this is not one of ours; the index does not read it whole.
_RUN_FILE_MAX_BYTES = 4 * 1024 * 1024


def write_index(
    out_dir: Path,
    entries: Iterable[ArticleEntry],
    *,
    page_rows: int = INDEX_PAGE_ROWS,
    token: str | None = None,
) -> Path:
    """Write the index pages of `entries` (in their order) into `out_dir`; return page 1's path.

    `entries` is consumed once, lazily: each page is written as soon as the entry after it is
    seen. `token` is the run's temporary-name token (the run's clean-up removes what a killed
    write left). Raises `OutputError` when a page cannot be written.
    """
    if page_rows < 1:
        raise UsageError(f"page_rows must be at least 1, not {page_rows}.")
    updated = utc_now()
    number, first = 1, 1
    page: list[IndexRow] = []
    for entry in entries:
        if len(page) == page_rows:
            _write_page(out_dir, page, number, first, has_next=True, updated=updated, token=token)
            number, first, page = number + 1, first + len(page), []
        page.append(index_row(out_dir, entry))
    _write_page(out_dir, page, number, first, has_next=False, updated=updated, token=token)
    _remove_stale_pages(out_dir, after=number)
    return out_dir / index_page_name(1)


def index_row(out_dir: Path, entry: ArticleEntry) -> IndexRow:
    """An article's row: its manifest entry, completed from its folder's run.json when written."""
    row = IndexRow(
        name=entry.name or entry.source,
        status=str(entry.status),
        sentences=entry.sentences,
        flagged=entry.flagged,
        date=date_in_path(entry.source),
        reason=entry.reason,
        consistency=tuple(finding.line() for finding in entry.consistency),
    )
    if entry.status not in (Status.DONE, Status.SKIPPED):
        return row
    record = _read_run(out_dir / entry.name / RUN_FILE)
    summary = record.get("summary")
    text = summary.get("text") if isinstance(summary, dict) else None
    counts = record.get("flagged_for_review")
    flags = (
        tuple((str(flag), int(n)) for flag, n in counts.items() if isinstance(n, int))
        if isinstance(counts, dict)
        else ()
    )
    return IndexRow(
        name=row.name,
        status=row.status,
        title=_string(record.get("title")),
        href=_link(entry),
        date=_string(record.get("article_date")) or row.date,
        sentences=_number(record.get("sentences"), entry.sentences),
        flagged=_number(record.get("flagged_pairs"), entry.flagged),
        flags=flags,
        summary=tuple(str(line) for line in text) if isinstance(text, list) else (),
        reason=row.reason,
        summary_flags=_summary_flags(summary),
        consistency=row.consistency,
    )


def _read_run(path: Path) -> dict[str, object]:
    """The article's run.json as a dict; empty when it is missing, too big or not ours."""
    try:
        if path.stat().st_size > _RUN_FILE_MAX_BYTES:
            return {}
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        logger.debug("%s: not read for the index (%s)", path, error)
        return {}
    return record if isinstance(record, dict) else {}


def _summary_flags(summary: object) -> tuple[tuple[str, ...], ...]:
    """The flags of each summary sentence's pair, as run.json lists them (none in an older one)."""
    flags = summary.get("flags") if isinstance(summary, dict) else None
    if not isinstance(flags, list):
        return ()
    return tuple(
        tuple(str(flag) for flag in item) if isinstance(item, list) else () for item in flags
    )


def _link(entry: ArticleEntry) -> str:
    written = {output.rpartition("/")[2]: output for output in entry.outputs}
    for name in _LINK_PREFERENCE:
        if name in written:
            return quote(written[name])
    return quote(f"{entry.name}/")


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""


def _number(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _write_page(
    out_dir: Path,
    rows: list[IndexRow],
    number: int,
    first: int,
    *,
    has_next: bool,
    updated: str,
    token: str | None,
) -> None:
    path = out_dir / index_page_name(number)
    if path.is_dir():
        raise OutputError(
            f"{path}: is a folder, where the batch index goes; rename it or give another --out."
        )
    page = render_index_page(
        rows, number=number, first_position=first, has_next=has_next, updated=updated
    )
    write_text_atomic(path, page, token=token)


def _remove_stale_pages(out_dir: Path, *, after: int) -> None:
    """Remove `index-N.html` pages past the last one written, as long as they are ours."""
    for number in count(after + 1):
        path = out_dir / index_page_name(number)
        if not is_our_index_page(path):
            return
        path.unlink()
