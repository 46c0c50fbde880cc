"""Parquet corpus files, read and written with pyarrow (the `corpus` or the `ray` extra).

Reading goes a batch of rows at a time and asks only for the columns a corpus row has, so a
file far larger than memory streams; a Ray task reads its share by row number, touching only
the row groups that hold it. pyarrow is imported when a Parquet file is met, never before.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from translate.corpus.input import META_FIELDS, CorpusId, CorpusRow, IdType, parse_row, unique
from translate.errors import InputError, UsageError, first_line

CORPUS_EXTRA = "pip install 'translate-de-en[corpus]'"
_COLUMNS = ("id", "text", *META_FIELDS)
_BATCH_ROWS = 256


def import_arrow() -> tuple[Any, Any]:
    """`(pyarrow, pyarrow.parquet)`, or a one-line `UsageError` naming the extra to install."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise UsageError(
            "Parquet corpus files need pyarrow, which is not installed here; install the "
            f"extra: {CORPUS_EXTRA} (or use a .jsonl corpus)."
        ) from None
    return pyarrow, pyarrow.parquet


def open_parquet(path: str) -> Any:
    """The `ParquetFile` at `path`, checked to have the `id` and `text` columns."""
    pyarrow, parquet = import_arrow()
    try:
        file = parquet.ParquetFile(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path.") from None
    except (OSError, pyarrow.ArrowException) as error:
        raise InputError(f"{path}: is not a readable Parquet file ({first_line(error)}).") from None
    names = file.schema_arrow.names
    missing = [column for column in ("id", "text") if column not in names]
    if missing:
        raise InputError(
            f"{path}: has no {' and no '.join(f'`{column}`' for column in missing)} column (it "
            f"has {', '.join(names) or 'none'}); a corpus needs `id` and `text` columns."
        )
    return file


def id_kind(paths: Sequence[str]) -> IdType:
    """Integers when every file's `id` column holds integers (the outputs keep them), strings
    when none does; `InputError` for files of both kinds."""
    pyarrow, _ = import_arrow()
    kinds = {
        path: IdType.integer
        if pyarrow.types.is_integer(open_parquet(path).schema_arrow.field("id").type)
        else IdType.string
        for path in paths
    }
    if len(set(kinds.values())) > 1:  # one output column cannot hold both
        first = {kind: path for path, kind in reversed(kinds.items())}
        raise InputError(
            f"{first[IdType.integer]} has whole-number ids but {first[IdType.string]} has ids of "
            "another type; give files whose `id` columns have one type, or translate them into "
            "different --out folders."
        )
    return IdType.integer if set(kinds.values()) == {IdType.integer} else IdType.string


def parquet_records(path: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(1-based row number, record) for every row, with the columns a corpus row has."""
    file = open_parquet(path)
    columns = [column for column in _COLUMNS if column in file.schema_arrow.names]
    number = 0
    for batch in file.iter_batches(batch_size=_BATCH_ROWS, columns=columns):
        for record in batch.to_pylist():
            number += 1
            yield number, record


def read_parquet(paths: Sequence[str], *, max_bytes: int, first: int = 1) -> Iterator[CorpusRow]:
    """Every row of the Parquet files in order, parsed; a repeated id is a failed row."""
    seen: dict[CorpusId, str] = {}
    position = first
    for path in paths:
        for number, record in parquet_records(path):
            row = parse_row(record, f"{path}:{number}", position, max_bytes=max_bytes)
            position += 1
            yield unique(row, seen)


def count_parquet_rows(paths: Sequence[str]) -> int:
    """How many rows the files hold, from their footers."""
    return sum(int(open_parquet(path).metadata.num_rows) for path in paths)


def parquet_ids(path: str) -> Iterator[tuple[int, object]]:
    """(1-based row number, id) for every row, reading the `id` column only."""
    number = 0
    for batch in open_parquet(path).iter_batches(batch_size=4096, columns=["id"]):
        for value in batch.column(0).to_pylist():
            number += 1
            yield number, value


def parquet_rows_at(path: str, numbers: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The records at these 1-based row numbers, reading only the row groups that hold them."""
    file = open_parquet(path)
    columns = [column for column in _COLUMNS if column in file.schema_arrow.names]
    wanted = set(numbers)
    found: dict[int, dict[str, Any]] = {}
    start = 1
    for group in range(file.metadata.num_row_groups):
        size = file.metadata.row_group(group).num_rows
        inside = [number for number in wanted if start <= number < start + size]
        if inside:
            table = file.read_row_group(group, columns=columns)
            for number in inside:
                found[number] = table.slice(number - start, 1).to_pylist()[0]
        start += size
    return found


def table_schema(kind: str, id_type: IdType) -> Any:
    """The Arrow schema of `pairs` or `summaries` rows, the id as the input had it."""
    pyarrow, _ = import_arrow()
    identifier = pyarrow.field(
        "id", pyarrow.int64() if id_type is IdType.integer else pyarrow.string()
    )
    if kind == "pairs":
        fields = [
            identifier,
            pyarrow.field("paragraph", pyarrow.int32()),
            pyarrow.field("sentence", pyarrow.int32()),
            pyarrow.field("de", pyarrow.string()),
            pyarrow.field("en", pyarrow.string()),
            pyarrow.field("confidence", pyarrow.float64()),
            pyarrow.field("flags", pyarrow.list_(pyarrow.string())),
            pyarrow.field("reasons", pyarrow.list_(pyarrow.string())),
            pyarrow.field("origin", pyarrow.string()),
        ]
    else:
        text = [pyarrow.field(name, pyarrow.string()) for name in (*META_FIELDS, "summary")]
        fields = [
            identifier,
            *text,
            pyarrow.field("sentences", pyarrow.int32()),
            pyarrow.field("flagged", pyarrow.int32()),
            pyarrow.field("input_sha256", pyarrow.string()),
            pyarrow.field("signature", pyarrow.string()),
            pyarrow.field("memory_answers", pyarrow.string()),
        ]
    return pyarrow.schema(fields)


def write_parquet(path: Path, batches: Iterator[list[dict[str, Any]]], schema: Any) -> None:
    """Write rows, a list at a time, into a new Parquet file at `path` (a temporary name: the
    caller renames it into place)."""
    pyarrow, parquet = import_arrow()
    with parquet.ParquetWriter(str(path), schema) as writer:
        for rows in batches:
            if rows:
                writer.write_table(pyarrow.Table.from_pylist(rows, schema=schema))


def parquet_batches(path: Path) -> Iterator[list[dict[str, Any]]]:
    """The rows of one of our Parquet outputs, a batch at a time."""
    _, parquet = import_arrow()
    for batch in parquet.ParquetFile(str(path)).iter_batches(batch_size=4096):
        yield batch.to_pylist()
