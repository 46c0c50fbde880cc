"""An article folder of ours read back: its pairs (aligned.jsonl), its run signature and its
summary budget (run.json), and the files to carry over (a fetched page), to render it again."""

from __future__ import annotations

import json
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
    try:
        lines = (folder / PAIRS_FILE).read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
        pairs = tuple(_pair(row) for row in rows)
    except FileNotFoundError:
        raise InputError(
            f"{folder}: has no {PAIRS_FILE}, which apply reads the article's pairs from; run "
            "the article again with the jsonl format."
        ) from None
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise InputError(f"{folder / PAIRS_FILE}: cannot be read back ({error}).") from None
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
    name = rows[0]["article"] if rows else folder.name
    return ArticleFolder(folder, str(name), pairs, run, record, kept)


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{path}: cannot be read ({error}).") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: not a run.json of translate's.")
    return data


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
