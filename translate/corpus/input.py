"""Corpus files for data pipelines: JSONL lines or Parquet rows of `id` and `text`, as articles.

`translate run articles.jsonl` (or `.parquet`) takes each row as one article: `id` (a string or a
whole number, unique in the run) and `text` (the German, paragraphs at blank lines), with
optional `title`, `url` and `date` carried through to the summaries. A row that cannot be an
article (no id, no text, a repeated id, a line that is not a JSON object) is a failed row with
its reason; the others go on. Reading streams: a line or a batch of rows at a time, so the file
may be far larger than memory; only the ids seen so far are kept (to refuse repeats).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from translate.document import Article
from translate.errors import InputError, TranslateError, UsageError
from translate.read import parse_article

# A corpus file's suffix and its format (the output files take the same format).


class CorpusFormat(StrEnum):
    """The file formats a corpus comes in, and its outputs go out in (named by suffix)."""

    jsonl = "jsonl"
    parquet = "parquet"


class IdType(StrEnum):
    """What a corpus's ids are: integers (a Parquet `id` column of integers, kept so in the
    outputs), or strings (everything else)."""

    integer = "int"
    string = "str"


CORPUS_FORMATS = {".jsonl": CorpusFormat.jsonl, ".parquet": CorpusFormat.parquet}
META_FIELDS = ("title", "url", "date")

CorpusId = str | int


def corpus_format(paths: Sequence[str]) -> CorpusFormat | None:
    """`jsonl` or `parquet` when `paths` are corpus files of that format, None when none is one.

    A run takes corpus files or articles, not both, and corpus files of one format.
    """
    kinds = [CORPUS_FORMATS.get(Path(path).suffix.lower()) for path in paths]
    if not any(kinds):
        return None
    if not all(kinds) or len(set(kinds)) > 1:
        raise UsageError(
            "corpus files (.jsonl, .parquet) are run on their own, all of one format: give "
            "either corpus files or articles (.txt files, folders), in separate runs."
        )
    return kinds[0]


@dataclass(frozen=True, slots=True)
class CorpusRow:
    """One row of a corpus: an article with its id and metadata, or why it is none.

    `source` names the row (`articles.jsonl:3`, the third line); `digest` is the SHA-256 of
    its id, text and metadata, which a resumed run compares.
    """

    position: int
    source: str
    id: CorpusId | None = None
    article: Article | None = None
    title: str | None = None
    url: str | None = None
    date: str | None = None
    digest: str = ""
    error: TranslateError | None = None

    @property
    def name(self) -> str:
        """The id as the manifest's `name` shows it."""
        return "" if self.id is None else str(self.id)


def row_id(record: object, source: str) -> CorpusId:
    """The row's id: a non-empty string or a whole number; else `InputError` naming the row."""
    value = record.get("id") if isinstance(record, dict) else None
    if value is None:
        raise InputError(f"{source}: has no id; every row needs an `id` and a `text`.")
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(
            f"{source}: its id is {type(value).__name__} {value!r}; an id is a string or a "
            "whole number."
        )
    if isinstance(value, str) and not value.strip():
        raise InputError(f"{source}: has an empty id; every row needs an `id` and a `text`.")
    if isinstance(value, int) and not -(2**63) <= value < 2**63:  # Parquet's int64, pandas'
        raise InputError(
            f"{source}: its id {value} is past the 64-bit whole numbers an id can be; give it as "
            "a string."
        )
    return value


def parse_row(record: object, source: str, position: int, *, max_bytes: int) -> CorpusRow:
    """A corpus row from one decoded record (pure): the article, or the reason it is none."""
    try:
        if not isinstance(record, dict):
            raise InputError(
                f"{source}: is a JSON {type(record).__name__}, not an object with `id` and `text`."
            )
        identifier = row_id(record, source)
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InputError(
                f"{source}: has no text (`text` is missing, empty or not a string); every row "
                "needs an `id` and a `text`."
            )
        meta = {field: _meta(record.get(field), field, source) for field in META_FIELDS}
        data = _utf8(text, source)
        if len(data) > max_bytes:
            raise InputError(
                f"{source}: its text is larger than the {max_bytes:,}-byte limit for one "
                "article; split it, or raise the limit with --max-bytes N."
            )
        article = parse_article(data, name=str(identifier), source=source)
    except InputError as error:
        identifier_or_none = _id_or_none(record, source)
        return CorpusRow(position, source, identifier_or_none, error=error)
    digest = hashlib.sha256(
        json.dumps([identifier, text, *meta.values()], ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    return CorpusRow(
        position,
        source,
        identifier,
        article,
        title=meta["title"],
        url=meta["url"],
        date=meta["date"],
        digest=digest,
    )


def repeated(row: CorpusRow, first: str) -> CorpusRow:
    """`row` failed as a repeat of the id that the row `first` already has."""
    error = InputError(
        f"{row.source}: repeats the id {row.id!r} of {first}; ids must be unique in a run "
        "(the first row with it is kept)."
    )
    return CorpusRow(row.position, row.source, row.id, error=error)


def read_jsonl(paths: Sequence[str], *, max_bytes: int, first: int = 1) -> Iterator[CorpusRow]:
    """Every row of the JSONL files in order, parsed; a repeated id is a failed row."""
    seen: dict[CorpusId, str] = {}
    position = first
    for path in paths:
        for number, _, line in jsonl_lines(path, max_bytes):
            row = decode_line(line, f"{path}:{number}", position, max_bytes=max_bytes)
            position += 1
            yield unique(row, seen)


def unique(row: CorpusRow, seen: dict[CorpusId, str]) -> CorpusRow:
    """`row`, or a failed row when an earlier row of the run (in `seen`) has its id."""
    identifier = row.id
    if row.error is not None or identifier is None:
        return row
    if identifier in seen:
        return repeated(row, seen[identifier])
    seen[identifier] = row.source
    return row


def decode_line(line: bytes | None, source: str, position: int, *, max_bytes: int) -> CorpusRow:
    """One JSONL line as a row (None: the line was longer than `max_bytes`)."""
    if line is None:
        error = InputError(
            f"{source}: is larger than the {max_bytes:,}-byte limit for one article; split it, "
            "or raise the limit with --max-bytes N."
        )
        return CorpusRow(position, source, error=error)
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as problem:
        error = InputError(f"{source}: is not valid UTF-8 (at byte {problem.start} of the line).")
        return CorpusRow(position, source, error=error)
    except ValueError as problem:
        error = InputError(f"{source}: is not a JSON line ({problem}); fix or remove it.")
        return CorpusRow(position, source, error=error)
    return parse_row(record, source, position, max_bytes=max_bytes)


def jsonl_lines(path: str, max_bytes: int) -> Iterator[tuple[int, int, bytes | None]]:
    """(line number, byte offset, line) for each non-blank line; the line is None when it is
    longer than `max_bytes` (the rest of it is skipped unread into memory)."""
    with open_regular(path) as handle:
        number = offset = 0
        while line := handle.readline(max_bytes + 2):
            number += 1
            start, offset = offset, offset + len(line)
            if len(line) > max_bytes + 1 or (len(line) == max_bytes + 1 and line[-1:] != b"\n"):
                while line[-1:] != b"\n" and (line := handle.readline(1 << 20)):
                    offset += len(line)
                yield number, start, None
            elif line.strip():
                yield number, start, line


def read_jsonl_at(path: str, offsets: Sequence[int], max_bytes: int) -> list[bytes | None]:
    """The lines starting at these byte offsets (a Ray task reading its share of a file); None
    for a line longer than `max_bytes`."""
    lines: list[bytes | None] = []
    with open_regular(path) as handle:
        for offset in offsets:
            handle.seek(offset)
            line = handle.readline(max_bytes + 2)
            lines.append(None if len(line) > max_bytes + 1 else line)
    return lines


def count_jsonl_rows(paths: Sequence[str], max_bytes: int) -> int:
    """How many non-blank lines the files hold: the run's article count."""
    return sum(1 for path in paths for _ in jsonl_lines(path, max_bytes))


def open_regular(path: str) -> BinaryIO:
    """`path` opened for reading in binary, if it is a regular file; else `InputError`."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path.") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror}).") from None
    if not stat.S_ISREG(mode):
        raise InputError(f"{path}: is not a regular file; give a corpus file (.jsonl, .parquet).")
    try:
        return open(path, "rb")
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror}).") from None


def _meta(value: object, field: str, source: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime.date):  # Parquet date and timestamp columns
        return value.isoformat()
    raise InputError(
        f"{source}: its {field} is {type(value).__name__}; give a string or leave it out."
    )


def _utf8(text: str, source: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InputError(
            f"{source}: the text holds a lone surrogate (U+{ord(text[error.start]):04X} at "
            f"character {error.start}), which is no character; fix the text."
        ) from None


def _id_or_none(record: object, source: str) -> CorpusId | None:
    try:
        return row_id(record, source)
    except InputError:
        return None
