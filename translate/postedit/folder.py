"""An article folder of ours read back: its pairs (aligned.jsonl, else aligned.tsv), its run
signature and its summary budget (run.json), and the files to carry over (a fetched page), to
render it again.

A folder written without the jsonl format still has its English in aligned.tsv: ids, German,
English, flags with their reasons, the confidence to four places, and (since it has the column)
each pair's origin; what only aligned.jsonl holds, word links and a close memory entry offered,
is not carried over from a TSV.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from translate.document import (
    MemoryMatch,
    Origin,
    RunInfo,
    SentencePair,
    SourceMetadata,
)
from translate.errors import InputError
from translate.ownership import RUN_FILE
from translate.read import SAVED_PAGE_FILES

PAIRS_FILE = "aligned.jsonl"
TSV_PAIRS_FILE = "aligned.tsv"


@dataclass(frozen=True, slots=True)
class ArticleFolder:
    """What `translate apply` needs of an article folder to write it again."""

    path: Path
    name: str
    pairs: tuple[SentencePair, ...]
    run: RunInfo
    record: dict[str, Any]
    kept: dict[str, bytes]


def read_article_folder(folder: Path) -> ArticleFolder:
    """Read `folder`'s aligned.jsonl and run.json; one line naming what is missing or broken."""
    record = _json(folder / RUN_FILE)
    pairs = read_pairs(folder)
    names = {field.name for field in fields(RunInfo)} - {"metadata"}
    try:
        run = RunInfo(
            **{key: value for key, value in record.items() if key in names},
            metadata=SourceMetadata(**record.get("metadata", {})),
        )
    except TypeError as error:
        raise InputError(
            f"{folder / RUN_FILE}: not a run.json of this version ({error})."
        ) from None
    kept = {
        name: (folder / name).read_bytes()
        for name in SAVED_PAGE_FILES.values()
        if (folder / name).is_file()
    }
    return ArticleFolder(folder, _article_name(folder), pairs, run, record, kept)


def read_pairs(folder: Path) -> tuple[SentencePair, ...]:
    """The folder's pairs as it wrote them: from aligned.jsonl, else from aligned.tsv; one line
    naming the folder and what to do where it holds neither."""
    jsonl, tsv = folder / PAIRS_FILE, folder / TSV_PAIRS_FILE
    path = jsonl if jsonl.is_file() or not tsv.is_file() else tsv
    try:
        if path is tsv:
            return tuple(_tsv_pairs(tsv.read_bytes().decode("utf-8")))
        lines = jsonl.read_text(encoding="utf-8").splitlines()
        return tuple(_pair(json.loads(line)) for line in lines if line.strip())
    except FileNotFoundError:
        raise InputError(
            f"{folder}: holds neither {PAIRS_FILE} nor {TSV_PAIRS_FILE}, the English apply "
            "compares the XLIFF with; move the XLIFF out of the folder, run the article again "
            f"with jsonl among its --formats, then apply the XLIFF with --out {folder.parent}."
        ) from None
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, IndexError) as error:
        raise InputError(f"{path}: cannot be read back ({error}).") from None


def _article_name(folder: Path) -> str:
    """The article's name as aligned.jsonl records it (a URL's, say), else the folder's."""
    try:
        with (folder / PAIRS_FILE).open(encoding="utf-8") as lines:
            first = json.loads(next(lines, "{}"))
    except (OSError, UnicodeDecodeError, ValueError):
        return folder.name
    return str(first.get("article", folder.name)) if isinstance(first, dict) else folder.name


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{path}: cannot be read ({error}).") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: not a run.json of translate's.")
    return data


def _tsv_pairs(text: str) -> Iterator[SentencePair]:
    """The pairs of an aligned.tsv (`translate.render.tsv`), by its header's column names."""
    rows = csv.reader(io.StringIO(text, newline=""), delimiter="\t")
    header = next(rows)
    for row in rows:
        if not row:
            continue
        field = dict(zip(header, row, strict=True))
        flags, reasons = _tsv_flags(field["flags"])
        yield SentencePair(
            paragraph=int(field["paragraph"]),
            sentence=int(field["sentence"]),
            source=field["de"],
            target=field["en"],
            confidence=float(field["confidence"]) if field["confidence"] else None,
            flags=flags,
            reasons=reasons,
            origin=Origin(field.get("origin") or Origin.model),
        )


def _tsv_flags(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The `flags` field back as flags and reasons (`translate.render.tsv.tsv_flags`): kinds
    separated by commas, or `kind: reason` entries separated by `; ` where there are reasons."""
    if not text:
        return (), ()
    if ": " not in text:
        return tuple(text.split(",")), ()
    entries = [entry.partition(": ") for entry in text.split("; ")]
    return tuple(kind for kind, _, _ in entries), tuple(reason for _, _, reason in entries)


def _pair(row: dict[str, Any]) -> SentencePair:
    match = row.get("memory_match")
    flags = tuple(row["flags"])
    specific = row.get("reasons") or {}
    reasons = tuple(str(specific.get(flag, "")) for flag in flags)
    return SentencePair(
        paragraph=int(row["paragraph"]),
        sentence=int(row["sentence"]),
        source=str(row["de"]),
        target=str(row["en"]),
        confidence=row["confidence"],
        flags=flags,
        reasons=reasons if any(reasons) else (),
        alignment=tuple(tuple(link) for link in row["alignment"]) if "alignment" in row else None,
        origin=Origin(row.get("origin", Origin.model)),
        match=MemoryMatch(match["de"], match["en"], match["similarity"]) if match else None,
    )
