"""The batch's own files brought in line after `translate apply` wrote an article folder again.

A batch run writes, beside its article folders, `manifest.json` (an entry per article), the
index pages (`index.html`, ... each row read from the article's run.json) and `pairs.xlsx` (the
pairs of every article, read from aligned.jsonl). Left alone they would show the machine's
English and the old review flags of an article a person corrected; refreshed here, the article's
manifest entry says how many of its pairs are flagged and how many a person edited, and the
pages and the sheet are written again from the folders as they are now. Only files translate
wrote are rewritten (a file of someone else's by one of these names is left as it is), with the
token of the output folder's lock, which the caller holds.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from translate.document import AlignedDocument, Origin
from translate.files import write_lines_atomic
from translate.ownership import is_our_batch_file, is_our_index_page
from translate.render import XLSX_FILE, index_page_name
from translate.run.journal.entries import ArticleEntry, Status
from translate.run.journal.index import write_index
from translate.run.journal.manifest import MANIFEST_FILE, render_manifest
from translate.run.spreadsheet import is_our_spreadsheet, write_spreadsheet

logger = logging.getLogger(__name__)

# The manifest's fields written apart from its head, in this order, by `render_manifest`.
_LISTS = ("articles", "non_articles")


def refresh_batch(out_dir: Path, name: str, document: AlignedDocument, token: str) -> None:
    """Update the manifest entry of the article folder `name` under `out_dir` (written again
    from `document`), then the index pages and `pairs.xlsx` where the batch has them.

    Nothing happens where `out_dir` holds no manifest of ours listing the article written or
    up to date: the folder was written alone, or by a run that listed other articles.
    """
    path = out_dir / MANIFEST_FILE
    if not is_our_batch_file(path):
        return
    try:
        record: Any = json.loads(path.read_text(encoding="utf-8"))
        articles = [entry for entry in record["articles"] if isinstance(entry, dict)]
        non_articles = [str(item) for item in record.get("non_articles", ())]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        logger.warning("%s: not brought up to date (%s)", path, error)
        return
    written = (str(Status.DONE), str(Status.SKIPPED))
    mine = [e for e in articles if e.get("name") == name and e.get("status") in written]
    if not mine:
        return
    edited = sum(1 for pair in document.pairs if pair.origin is Origin.edited)
    for entry in mine:
        entry["flagged_for_review"] = sum(1 for pair in document.pairs if pair.flags)
        entry.pop("edited", None)
        entry.update({"edited": edited} if edited else {})
    head = {key: value for key, value in record.items() if key not in _LISTS}
    write_lines_atomic(path, render_manifest(head, articles, non_articles), token=token)
    entries = [ArticleEntry.from_record(entry) for entry in articles]
    if is_our_index_page(out_dir / index_page_name(1)):
        write_index(out_dir, entries, token=token)
    if is_our_spreadsheet(out_dir / XLSX_FILE):
        write_spreadsheet(out_dir, entries, token=token)
