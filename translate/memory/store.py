"""The memory on disk: one SQLite file of human translations, kept as user data.

Not in the cache folder: people delete caches, and this is work a person did. SQLite makes the
two promises a memory needs: an import is one transaction, so `kill -9` halfway leaves the
memory as it was before (the journal rolls the rest back on the next open), and two processes
importing at once take turns at the write lock (`BEGIN IMMEDIATE`, waiting up to
`LOCK_TIMEOUT` seconds) instead of losing either's pairs. The German is stored as written and
as its lookup key (`normalise`); of two Englishes for one sentence, the one whose file dates
it later wins (dates kept in UTC, `translate.memory.dates`), the later imported on equal
dates. The same file holds the word index of fuzzy lookups (`translate.memory.index`), filed
on import.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from translate.clock import utc_now
from translate.document import MemoryMatch
from translate.errors import InputError, OutputError
from translate.memory.dates import utc_date
from translate.memory.index import INDEX_SCHEMA, closest, file_units
from translate.memory.model import MemoryStats, MemoryUnit, UnitState
from translate.memory.normalise import normalise, words

MEMORY_FILE = "memory.sqlite3"
MEMORY_ENV = "TRANSLATE_MEMORY"
LOCK_TIMEOUT = 60.0
# SQLite's limit on `?` parameters in one statement is 32766 since 3.32; stay well under it.
_LOOKUP_CHUNK = 900
# One statement each: `executescript` would commit the import's transaction first.
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS units (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, "
    "source TEXT NOT NULL, target TEXT NOT NULL, origin TEXT NOT NULL, unit TEXT NOT NULL, "
    "date TEXT NOT NULL, state TEXT NOT NULL, words INTEGER NOT NULL, imported TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    *INDEX_SCHEMA,
)
# A unit as stored: source, target, origin, unit, date (UTC), state.
_Row = tuple[str, str, str, str, str, str]


def _newest(units: Iterable[MemoryUnit], imported: str) -> dict[str, _Row]:
    """One row per German key: the unit with the latest date (in UTC; an unreadable one is
    `imported`, and so is one in the future, which would otherwise outrank every later
    correction), the later given on equal dates."""
    now = utc_date(imported) or imported
    rows: dict[str, _Row] = {}
    for u in units:
        key, date = normalise(u.source), min(utc_date(u.date) or now, now)
        if key not in rows or date >= rows[key][4]:
            rows[key] = (u.source, u.target, u.origin, u.unit, date, u.state.value)
    return rows


def _by_key(keys: Sequence[str], columns: str) -> Iterator[tuple[str, Sequence[str]]]:
    """`SELECT key, <columns>` queries for `keys`, a chunk at a time (SQLite's limit on bound
    parameters), each with its chunk."""
    for start in range(0, len(keys), _LOOKUP_CHUNK):
        chunk = keys[start : start + _LOOKUP_CHUNK]
        marks = ", ".join("?" * len(chunk))
        yield f"SELECT key, {columns} FROM units WHERE key IN ({marks})", chunk


def _present(connection: sqlite3.Connection, keys: Sequence[str]) -> dict[str, tuple[str, str]]:
    """The English and date the memory holds for each of `keys` it has."""
    found: dict[str, tuple[str, str]] = {}
    for query, chunk in _by_key(keys, "target, date"):
        found.update(
            (key, (target, date)) for key, target, date in connection.execute(query, chunk)
        )
    return found


def memory_path(explicit: Path | None = None) -> Path:
    """`--memory`, else `$TRANSLATE_MEMORY`, else `$XDG_DATA_HOME/translate/memory.sqlite3`
    (`~/.local/share/...` where XDG_DATA_HOME is unset): the XDG rule for user data."""
    if explicit is not None:
        return explicit.expanduser()
    if os.environ.get(MEMORY_ENV):
        return Path(os.environ[MEMORY_ENV]).expanduser()
    data_home = Path(os.environ.get("XDG_DATA_HOME") or "~/.local/share").expanduser()
    return data_home / "translate" / MEMORY_FILE


@dataclass(frozen=True, slots=True)
class Stored:
    """What `Memory.add` did: how many pairs it was given (a German sentence given twice counts
    once), and how many of them were new to the memory or changed the English it holds."""

    pairs: int
    changed: int


class Memory:
    """An open memory. Reading a memory that does not exist finds nothing and creates nothing;
    `add` creates it. Use as a context manager, so the connection is closed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        if self._started():
            self._connection = self._connect()

    def __enter__(self) -> Memory:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (a no-op for a memory never opened)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def add(self, units: Iterable[MemoryUnit]) -> Stored:
        """Store `units` in one transaction (all or none of them), filing new German sentences
        in the word index. Of two pairs with the same German, here or in the memory already,
        the one with the later date wins, and on equal dates the one given later: a file
        imported again, or an older file imported after a newer one, loses to nothing newer."""
        imported = utc_now()
        rows = _newest(units, imported)
        if self._connection is None:
            self._create_parent()
            self._connection = self._connect()
        connection = self._connection
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                for statement in _SCHEMA:
                    connection.execute(statement)
                connection.execute(
                    "INSERT OR IGNORE INTO meta VALUES ('id', ?)", (uuid.uuid4().hex,)
                )
                present = _present(connection, list(rows))
                # Compared here, not in the upsert's SQL: a memory of an older version may
                # hold dates written otherwise (`2023-05-01`), which only `utc_date` reads.
                newer = {
                    key: row
                    for key, row in rows.items()
                    if key not in present or row[4] >= (utc_date(present[key][1]) or "")
                }
                connection.executemany(
                    "INSERT INTO units (key, source, target, origin, unit, date, state, words, "
                    "imported) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE "
                    "SET source = excluded.source, target = excluded.target, "
                    "origin = excluded.origin, unit = excluded.unit, date = excluded.date, "
                    "state = excluded.state, imported = excluded.imported",
                    [(k, *row, len(words(k)), imported) for k, row in newer.items()],
                )
                file_units(connection, [key for key in rows if key not in present])
                connection.execute(
                    "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT (name) DO UPDATE "
                    "SET value = CAST(value AS INTEGER) + 1"
                )
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise self._error(error) from None
        changed = sum(1 for k, row in newer.items() if present.get(k, ("",))[0] != row[1])
        return Stored(len(rows), changed)

    def exact(self, sources: Sequence[str]) -> list[str | None]:
        """The human English of each German sentence (after `normalise`), None where none."""
        keys = [normalise(source) for source in sources]
        found: dict[str, str] = {}
        for query, chunk in _by_key(sorted(set(keys)), "target"):
            found.update(self._query(query, chunk))
        return [found.get(key) for key in keys]

    def units(self) -> Iterator[MemoryUnit]:
        """Every pair, in the order it was first stored."""
        for row in self._query(
            "SELECT source, target, origin, unit, date, state FROM units ORDER BY id"
        ):
            source, target, origin, unit, date, state = row
            yield MemoryUnit(source, target, origin, unit, date, UnitState.parse(state))

    def closest(self, sentence: str) -> MemoryMatch | None:
        """The entry closest to `sentence` by words (at least 75%), not the sentence itself."""
        connection = self._opened()
        if connection is None:
            return None
        try:
            return closest(connection, sentence)
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):
                return None
            raise self._error(error) from None
        except sqlite3.Error as error:
            raise self._error(error) from None

    def identity(self) -> str:
        """Which memory, at which import: changes with every import (empty: no memory)."""
        meta: dict[str, str] = dict(self._query("SELECT name, value FROM meta"))
        return f"{meta['id'][:12]}.{meta['generation']}" if meta else ""

    def stats(self) -> MemoryStats:
        """How many pairs, from how many files, and the newest date among them."""
        counted = self._query("SELECT count(*), count(DISTINCT origin), max(date) FROM units")
        units, files, latest = next(iter(counted), (0, 0, None))
        return MemoryStats(
            str(self.path), int(units), int(files), latest, self._connection is not None
        )

    def _opened(self) -> sqlite3.Connection | None:
        """The connection; opened now if the file appeared since (an import during a run)."""
        if self._connection is None and self._started():
            self._connection = self._connect()
        return self._connection

    def _started(self) -> bool:
        """Whether there is a memory to open: an empty file is none yet, and reading must not
        write SQLite's header into it (a folder or a FIFO is opened, to fail in one line)."""
        try:
            status = self.path.stat()
        except OSError:
            return False
        return not stat.S_ISREG(status.st_mode) or status.st_size > 0

    def _query(self, sql: str, parameters: Sequence[str] = ()) -> list[tuple[Any, ...]]:
        connection = self._opened()
        if connection is None:
            return []
        try:
            return list(connection.execute(sql, parameters))
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):  # created, but nothing imported yet
                return []
            raise self._error(error) from None
        except sqlite3.Error as error:
            raise self._error(error) from None

    def _connect(self) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            # An import files many index rows: a larger page cache keeps them off the disk
            # until the commit, instead of spilling pages to the log again and again.
            connection.execute("PRAGMA cache_size = -65536")
        except sqlite3.Error as error:
            raise self._error(error) from None
        return connection

    def _create_parent(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(
                f"{self.path}: cannot create the memory's folder ({error.strerror}); "
                "give --memory a path you can write."
            ) from None

    def _error(self, error: sqlite3.Error) -> InputError | OutputError:
        if self.path.exists() and not self.path.is_file():
            return InputError(
                f"{self.path} is not a translation memory (not a file); give --memory the "
                "memory's path, or a new file name."
            )
        if isinstance(error, sqlite3.DatabaseError) and "not a database" in str(error):
            return InputError(
                f"{self.path} is not a translation memory (not an SQLite file); give --memory "
                "the memory's path, or a new file name."
            )
        return OutputError(
            f"{self.path}: the memory cannot be used ({error}); check the file and its folder."
        )
