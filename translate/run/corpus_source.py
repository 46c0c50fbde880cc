"""The rows of corpus files (`.jsonl`, `.parquet`) as a run's articles: `CorpusSource`.

Resume is by article id: a row whose id, text and metadata (its digest) and run signature match
a row already written, and to whose sentences the memory gives what it gave then, is skipped
(the `CorpusSink`'s answer). For the local executor the rows
are parsed and segmented in order; for Ray the driver goes through the corpus once, keeping only
the ids it has seen: a row without a usable id, a repeated id, or (JSONL) a line that is no
article is recorded as failed there, and the rest become `Shard`s: runs of up to `SHARD_ROWS`
rows of one file (one Parquet row group at most), named by byte offset (JSONL) or row number
(Parquet), so that the tasks, not the driver, read the text.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.corpus.input import (
    CorpusFormat,
    CorpusId,
    CorpusRow,
    IdType,
    count_jsonl_rows,
    decode_line,
    jsonl_lines,
    parse_row,
    read_jsonl,
    read_jsonl_at,
    row_id,
    unique,
)
from translate.errors import InputError, TranslateError
from translate.read import ArticlePath
from translate.run.journal.entries import ArticleEntry
from translate.run.journal.recorder import RunJournal
from translate.run.sinks import CorpusSink
from translate.run.sources import Pending
from translate.segment import Segmenter, segment_article

SHARD_ROWS = 64


@dataclass(frozen=True, slots=True)
class Shard:
    """Rows of one corpus file for one read task: (position, source, name, where) each, `where`
    being a byte offset (JSONL) or a 1-based row number (Parquet)."""

    position: int
    path: str
    fmt: CorpusFormat
    rows: tuple[tuple[int, str, str, int], ...]

    def waiting(self) -> list[ArticleEntry]:
        """Its rows' manifest entries while they are not done."""
        return [
            ArticleEntry(source, name, position=position) for position, source, name, _ in self.rows
        ]

    def read(self, max_bytes: int) -> list[CorpusRow]:
        """The shard's rows, parsed (all failed if the file went away or changed since)."""
        try:
            return self._read(max_bytes)
        except TranslateError as error:
            return [
                CorpusRow(position, source, error=error) for position, source, _, _ in self.rows
            ]

    def _read(self, max_bytes: int) -> list[CorpusRow]:
        wheres = [where for _, _, _, where in self.rows]
        if self.fmt is CorpusFormat.parquet:
            from translate.corpus.parquet import parquet_rows_at

            records = parquet_rows_at(self.path, wheres)
            return [
                parse_row(records.get(where), source, position, max_bytes=max_bytes)
                for position, source, _, where in self.rows
            ]
        lines = read_jsonl_at(self.path, wheres, max_bytes)
        return [
            decode_line(line, source, position, max_bytes=max_bytes)
            for (position, source, _, _), line in zip(self.rows, lines, strict=True)
        ]


class CorpusSource:
    """The rows of the corpus files `paths` (`fmt`), `expected` of them."""

    def __init__(self, paths: Sequence[str], fmt: CorpusFormat, max_bytes: int) -> None:
        self.paths = paths
        self.fmt = fmt
        self.max_bytes = max_bytes
        self.expected, self.id_type = corpus_size(paths, fmt, max_bytes)
        self.non_articles: tuple[str, ...] = ()

    @property
    def articles(self) -> int:
        return self.expected

    def record_problems(self, journal: RunJournal) -> None:
        """A bad corpus file stops the run before it starts: no problems to record."""

    def pending(
        self, sink: CorpusSink, journal: RunJournal, split: Segmenter, *, force: bool
    ) -> Iterator[Pending | None]:
        for row in self._rows():
            if row.error is not None or row.article is None:
                sink.unreadable(
                    row, row.error or InputError(f"{row.source}: holds no article."), journal
                )
                yield None
            elif row.id is not None and sink.is_current(row):
                sink.unchanged(row, journal)
                yield None
            else:
                found = ArticlePath(row.source, row.name)
                sentences = segment_article(row.article, split)
                yield Pending(row.position, found, row.article, sentences, row)

    def requests(self, sink: CorpusSink, journal: RunJournal, *, force: bool) -> Iterator[Shard]:
        """The shards of the rows left to do; the others are recorded on the way."""
        seen: dict[CorpusId, str] = {}
        position = 1
        for path in self.paths:
            absolute = str(Path(path).absolute())
            rows: list[tuple[int, str, str, int]] = []
            group = -1
            for where, group_of_row, scanned in self._scan(path, bool(sink.previous), position):
                row = unique(scanned, seen)
                if group_of_row != group or len(rows) >= SHARD_ROWS:
                    if rows:
                        yield Shard(rows[0][0], absolute, self.fmt, tuple(rows))
                    rows, group = [], group_of_row
                if row.error is not None:
                    sink.unreadable(row, row.error, journal)
                elif row.id is not None and sink.is_current(row):
                    sink.unchanged(row, journal)
                elif row.id is not None:
                    sink.expect(row)
                    rows.append((row.position, row.source, row.name, where))
                position = row.position + 1
            if rows:
                yield Shard(rows[0][0], absolute, self.fmt, tuple(rows))

    def unread(self) -> Iterator[ArticleEntry]:
        """The rows not read yet are counted in the totals, not listed: a corpus may have
        millions."""
        return iter(())

    def _rows(self) -> Iterator[CorpusRow]:
        """Every row of the corpus, parsed, in order."""
        if self.fmt is CorpusFormat.parquet:
            from translate.corpus.parquet import read_parquet

            return read_parquet(self.paths, max_bytes=self.max_bytes)
        return read_jsonl(self.paths, max_bytes=self.max_bytes)

    def _scan(self, path: str, full: bool, first: int) -> Iterator[tuple[int, int, CorpusRow]]:
        """(where, row group, row) for each row of `path`; a JSONL line is parsed
        whole, a Parquet row is read for its id only unless `full` (a resumed run's digests).
        The row's article is kept only while the sink asks whether it is current (what the
        memory gives its sentences); the shards hold positions, the tasks read the text."""
        max_bytes = self.max_bytes
        position = first
        if self.fmt is CorpusFormat.jsonl:
            for number, offset, line in jsonl_lines(path, max_bytes):
                row = decode_line(line, f"{path}:{number}", position, max_bytes=max_bytes)
                yield offset, 0, row
                position += 1
            return
        from translate.corpus.parquet import open_parquet, parquet_ids, parquet_records

        metadata = open_parquet(path).metadata
        starts = [0]
        for group in range(metadata.num_row_groups):
            starts.append(starts[-1] + metadata.row_group(group).num_rows)
        records: Iterator[tuple[int, object]] = (
            parquet_records(path) if full else ((n, {"id": v}) for n, v in parquet_ids(path))
        )
        for number, record in records:
            source = f"{path}:{number}"
            if full:
                row = parse_row(record, source, position, max_bytes=max_bytes)
            else:
                try:
                    row = CorpusRow(position, source, row_id(record, source))
                except TranslateError as error:
                    row = CorpusRow(position, source, error=error)
            yield number, bisect.bisect_right(starts, number - 1) - 1, row
            position += 1


def corpus_size(paths: Sequence[str], fmt: CorpusFormat, max_bytes: int) -> tuple[int, IdType]:
    """How many rows the corpus has, and the type of its ids (`int` or `str`, for Parquet's
    schema); `InputError` for a file that cannot be read or holds no rows."""
    if fmt is CorpusFormat.parquet:
        from translate.corpus.parquet import count_parquet_rows, id_kind

        count, kind = count_parquet_rows(paths), id_kind(paths)
    else:
        count, kind = count_jsonl_rows(paths, max_bytes), IdType.string
    if count == 0:
        raise InputError(f"{', '.join(paths)}: holds no rows; give a corpus with some articles.")
    return count, kind
