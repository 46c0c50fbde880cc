"""The end of a corpus run: the final `pairs.*` and `summaries.*` rebuilt from the last final
files and the parts, in the order of the input.

Rows come from units (`translate.corpus.output.units`): the final pair of files, then each
part; an article's pairs and its summary are always taken from the same unit (the newest that
holds it), so the two files never disagree. The articles kept are the run's (`Kept`): those
written or found unchanged must be there, or nothing is replaced; a failed article keeps the
rows an earlier run wrote for it, as a failed article's old folder is kept in folder mode.

The rows come out in input order in one streaming pass when each unit holds its articles in
that order (parts always do; the final files do unless the input was reordered since): a
merge of sorted streams. A unit out of order is sorted in memory, the one case that holds a
unit's rows at once.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from translate.corpus.input import CorpusId
from translate.corpus.output import (
    KINDS,
    CorpusTarget,
    Row,
    Unit,
    check_final_files,
    complete_row,
    read_rows,
    remove_parts,
    units,
    write_file,
    write_record,
)
from translate.errors import OutputError
from translate.files import sync_path
from translate.ownership import temp_name

_BATCH_ROWS = 4096
# Past every input position: where the earlier articles kept for an unidentified failure go.
_UNSEEN = 1 << 62


@dataclass(slots=True)
class Kept:
    """The articles the final files hold after the run, by id, with their input positions.

    `written` (translated now, or found unchanged) must be in the files; `failed` keep their
    earlier rows if there are any. A row that failed before its id was known (a line too long
    or no JSON) may be any earlier article: then every earlier article this run has not seen
    is kept too (after the others), rather than lose one."""

    positions: dict[CorpusId, int] = field(default_factory=dict)
    required: set[CorpusId] = field(default_factory=set)
    unidentified: bool = False

    def written(self, identifier: CorpusId, position: int) -> None:
        """An article done or unchanged: its rows must be in the final files."""
        self.positions[identifier] = position
        self.required.add(identifier)

    def failed(self, identifier: CorpusId | None, position: int) -> None:
        """An article that failed this time: its earlier rows (if any) stay."""
        if identifier is None:
            self.unidentified = True
        elif identifier not in self.positions:
            self.positions[identifier] = position

    def position(self, identifier: CorpusId) -> int | None:
        """Where an earlier article goes in the final files; None when it is left out."""
        found = self.positions.get(identifier)
        if found is None and self.unidentified:
            found = self.positions[identifier] = len(self.positions) + _UNSEEN
        return found


def merge(target: CorpusTarget, kept: Kept) -> None:
    """Rebuild the final files from the last ones and every part, for the articles `kept`, in
    input order, then remove the parts. `OutputError`, with nothing replaced and the parts
    kept, when a final file was changed during the run or an article's rows are missing."""
    check_final_files(target)
    sources = units(target)
    winner: dict[CorpusId, int] = {}
    in_order = [True] * len(sources)
    for index, unit in enumerate(sources):
        last = -1
        for rows in read_rows(unit.summaries, target.fmt):
            for row in rows:
                position = kept.position(row["id"])
                if position is not None:
                    winner[row["id"]] = index
                    in_order[index] = in_order[index] and position > last
                    last = position
    missing = kept.required - winner.keys()
    if missing:
        raise OutputError(
            f"{target.folder}: the rows of {len(missing)} articles written earlier are gone "
            f"(a file was changed or removed during the run), so {target.final('pairs').name} "
            "is not replaced; run again to translate them."
        )
    staged: dict[str, Path] = {}
    for kind in KINDS:
        staged[kind] = target.folder / temp_name(target.final(kind).name, target.token, "tmp")
        ordered = _ordered_rows(target, kind, sources, winner, in_order, kept.positions)
        write_file(target, staged[kind], kind, _batches(ordered))
    write_record(target, staged)
    try:
        for kind in KINDS:
            os.replace(staged[kind], target.final(kind))
        sync_path(target.folder)
    except OSError as error:
        raise OutputError(
            f"{target.folder}: cannot put the corpus files in place ({error.strerror or error})."
        ) from None
    write_record(target, {})
    remove_parts(target)


def _ordered_rows(
    target: CorpusTarget,
    kind: str,
    sources: list[Unit],
    winner: dict[CorpusId, int],
    in_order: list[bool],
    positions: dict[CorpusId, int],
) -> Iterator[Row]:
    """The winning rows of `kind`, in input order (an article's rows stay in their order)."""

    def position(row: Row) -> int:
        return positions[row["id"]]

    streams: list[Iterable[Row]] = []
    for index, unit in enumerate(sources):
        rows = _winning_rows(target, unit.path(kind), winner, index)
        rows = (complete_row(kind, row) for row in rows)
        streams.append(rows if in_order[index] else sorted(rows, key=position))
    return heapq.merge(*streams, key=position)


def _winning_rows(
    target: CorpusTarget, path: Path, winner: dict[CorpusId, int], index: int
) -> Iterator[Row]:
    for batch in read_rows(path, target.fmt):
        yield from (row for row in batch if winner.get(row["id"]) == index)


def _batches(rows: Iterator[Row]) -> Iterator[list[Row]]:
    """The rows in lists of `_BATCH_ROWS`; one empty list when there are none (Parquet's
    writer still writes the schema)."""
    batch = list(islice(rows, _BATCH_ROWS))
    yield batch
    while batch := list(islice(rows, _BATCH_ROWS)):
        yield batch
