"""A corpus run on Ray: the driver scans the rows, Ray reads, translates and writes parts.

The driver goes through the corpus once, keeping only the ids it has seen: a row without a
usable id, a repeated id, or (JSONL) a line that is no article is recorded as failed there, and
a row already written with the same digest and settings as skipped (resume by article id,
decided before the dataset is built). The rest become shards: runs of up to `SHARD_ROWS` rows
of one file (one Parquet row group at most), named by byte offset (JSONL) or row number
(Parquet), so that the tasks, not the driver, read the text. Each write task puts its batch of
articles into one part; at the end the driver rebuilds the final files from the parts.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from translate.corpus.input import (
    CorpusFormat,
    CorpusId,
    CorpusRow,
    decode_line,
    jsonl_lines,
    parse_row,
    read_jsonl_at,
    row_id,
    unique,
)
from translate.corpus.merge import Kept, merge
from translate.corpus.output import CorpusTarget
from translate.errors import TranslateError
from translate.options import RayOptions
from translate.run.journal.entries import Status
from translate.run.journal.manifest import Manifest, ManifestState
from translate.run.journal.outcomes import failed_entry, skipped_entry
from translate.run.journal.report import BatchReport
from translate.run.prelude import RunContext
from translate.run.ray.cluster import RaySession, check_nodes_can_write
from translate.run.ray.executor import RayRun
from translate.run.ray.records import Batch, Outcome, RayJob, pack, unpack
from translate.run.ray.stages import segment_rows
from translate.run.sinks import CorpusSink
from translate.segment import get_segmenter

logger = logging.getLogger(__name__)

SHARD_ROWS = 64


@dataclass(frozen=True, slots=True)
class Shard:
    """Rows of one corpus file for one read task: (position, source, where) each, `where`
    being a byte offset (JSONL) or a 1-based row number (Parquet)."""

    position: int
    path: str
    fmt: CorpusFormat
    rows: tuple[tuple[int, str, int], ...]


def read_shards(batch: Batch, job: RayJob) -> Batch:
    """Ray task: read, check and segment the rows of a batch of shards."""
    split = get_segmenter(job.options.segmenter)
    rows: list[CorpusRow] = []
    for shard in unpack(batch, Shard):
        try:
            rows += read_shard(shard, job.batch.max_bytes)
        except TranslateError as error:  # the file went away or changed since the driver read it
            rows += [CorpusRow(position, source, error=error) for position, source, _ in shard.rows]
    return pack(segment_rows(rows, split))


def read_shard(shard: Shard, max_bytes: int) -> list[CorpusRow]:
    """The shard's rows, parsed."""
    if shard.fmt is CorpusFormat.parquet:
        from translate.corpus.parquet import parquet_rows_at

        records = parquet_rows_at(shard.path, [where for _, _, where in shard.rows])
        return [
            parse_row(records.get(where), source, position, max_bytes=max_bytes)
            for position, source, where in shard.rows
        ]
    lines = read_jsonl_at(shard.path, [where for _, _, where in shard.rows], max_bytes)
    return [
        decode_line(line, source, position, max_bytes=max_bytes)
        for (position, source, _), line in zip(shard.rows, lines, strict=True)
    ]


class RayCorpusRun(RayRun):
    """`RayRun` over the rows of corpus files, into parts and then the final files."""

    def __init__(self, context: RunContext, ray: RayOptions, target: CorpusTarget) -> None:
        super().__init__(context, ray)
        self.target = target
        self.kept = Kept()  # the articles the final files hold at the end
        self._ids: dict[int, CorpusId] = {}  # position -> id, for the rows Ray is doing

    def run_corpus(self, paths: Sequence[str], expected: int) -> BatchReport:
        """Do the run over the rows of `paths` (`expected` of them) on Ray."""
        manifest = self._new_manifest(expected, ())
        with RaySession(self.ray) as session:
            actors = session.actors()
            check_nodes_can_write(self.out_dir.resolve(), self.token)
            with manifest.running():
                self.observer.start(expected, 0)
                shards = list(self._shards(paths, manifest))
                if shards:
                    self.consume(self.dataset(shards, actors), manifest)
                merge(self.target, self.kept)
                manifest.finish(ManifestState.COMPLETE)
        return self._report(manifest, ())

    def job(self) -> RayJob:
        return replace(super().job(), corpus=self.target, keep_results=False)

    def reader(self) -> Callable[[Batch, RayJob], Batch]:
        return read_shards

    def rows_per_block(self) -> int:
        return 1

    def _take(self, outcome: Outcome, manifest: Manifest, last: float) -> float:
        entry = outcome.entry
        if entry is not None and outcome.position in self._ids:
            identifier = self._ids.pop(outcome.position)
            if entry.status is Status.DONE:
                self.kept.written(identifier, outcome.position)
            else:
                self.kept.failed(identifier, outcome.position)
        return super()._take(outcome, manifest, last)

    def _shards(self, paths: Sequence[str], manifest: Manifest) -> Iterator[Shard]:
        """The shards of the rows left to do; the others are recorded on the way."""
        sink = CorpusSink.open(self.target, self.signature.signature(), force=self.batch.force)
        seen: dict[CorpusId, str] = {}
        position = 1
        for path in paths:
            absolute = str(Path(path).absolute())
            rows: list[tuple[int, str, int]] = []
            group = -1
            for where, group_of_row, scanned in self._scan(path, bool(sink.previous), position):
                row = unique(scanned, seen)
                if group_of_row != group or len(rows) >= SHARD_ROWS:
                    if rows:
                        yield Shard(rows[0][0], absolute, self.target.fmt, tuple(rows))
                    rows, group = [], group_of_row
                self._sort(row, where, rows, sink, manifest)
                position = row.position + 1
            if rows:
                yield Shard(rows[0][0], absolute, self.target.fmt, tuple(rows))

    def _sort(
        self,
        row: CorpusRow,
        where: int,
        rows: list[tuple[int, str, int]],
        sink: CorpusSink,
        manifest: Manifest,
    ) -> None:
        """Record a failed or unchanged row; add any other to the shard being built."""
        if row.error is not None:
            logger.error("%s", row.error)
            entry = failed_entry(row.source, row.name, row.position, row.error)
            self.kept.failed(row.id, row.position)
            self._record(manifest, entry, row.error)
        elif row.id is not None and sink.is_current(row):
            self.kept.written(row.id, row.position)
            entry = skipped_entry(row.source, row.name, row.position, sink.outputs())
            self._record(manifest, entry)
        elif row.id is not None:
            self._ids[row.position] = row.id
            self._outstanding[row.position] = (row.source, row.name)
            rows.append((row.position, row.source, where))

    def _scan(self, path: str, full: bool, first: int) -> Iterator[tuple[int, int, CorpusRow]]:
        """(where, row group, row) for each row of `path`; a JSONL line is parsed
        whole, a Parquet row is read for its id only unless `full` (a resumed run's digests)."""
        max_bytes = self.batch.max_bytes
        position = first
        if self.target.fmt is CorpusFormat.jsonl:
            for number, offset, line in jsonl_lines(path, max_bytes):
                row = decode_line(line, f"{path}:{number}", position, max_bytes=max_bytes)
                yield offset, 0, replace(row, article=None)
                position += 1
            return
        from translate.corpus.parquet import open_parquet, parquet_ids, parquet_records

        metadata = open_parquet(path).metadata
        starts = [0]
        for group in range(metadata.num_row_groups):
            starts.append(starts[-1] + metadata.row_group(group).num_rows)
        records: Iterator[tuple[int, Any]] = (
            parquet_records(path) if full else ((n, {"id": v}) for n, v in parquet_ids(path))
        )
        for number, record in records:
            source = f"{path}:{number}"
            if full:
                row = replace(
                    parse_row(record, source, position, max_bytes=max_bytes), article=None
                )
            else:
                try:
                    row = CorpusRow(position, source, row_id(record, source))
                except TranslateError as error:
                    row = CorpusRow(position, source, error=error)
            yield number, bisect.bisect_right(starts, number - 1) - 1, row
            position += 1

    def _index(self, manifest: Manifest, *, final: bool) -> None:
        """A corpus has no article folders to index."""
