"""A persistent translation cache: SQLite (standard library, WAL mode), one row per sentence.

A row is keyed by the settings that decide a translation (model identity, engine, beams, input
limit) and the German sentence, and holds what the pipeline needs back: the English text and the
number of pieces an over-long sentence was translated in. Every write is one transaction, so a
crash (even `kill -9`) leaves the cache as it was before or after a batch, never half-written;
concurrent runs sharing it wait for each other's writes (busy timeout) instead of failing.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Protocol

from translate.clock import utc_now
from translate.document import Translation
from translate.errors import OutputError
from translate.locations import translate_cache_dir
from translate.run.store.cache_key import CacheSettings

logger = logging.getLogger(__name__)

# A new file for each table layout, so an older cache is left alone rather than misread.
CACHE_FILE = "translations-v2.sqlite3"
# How long a run waits for another run's write transaction before giving up.
_BUSY_TIMEOUT_S = 60.0
_SET_UP_RETRY_S = 0.05
# Keeps each `IN (...)` under SQLite's limit on bound parameters.
_LOOKUP_CHUNK = 500
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS settings ("
    " key TEXT PRIMARY KEY, description TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS translations ("
    " settings TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,"
    " pieces INTEGER NOT NULL, confidence REAL, created TEXT NOT NULL,"
    " PRIMARY KEY (settings, source)) WITHOUT ROWID",
)


class SentenceCache(Protocol):
    """Where translated sentences are kept between batches (and, if persistent, between runs)."""

    def get_many(self, sources: Sequence[str]) -> dict[str, Translation]: ...

    def put_many(self, translations: Mapping[str, Translation]) -> None: ...

    def close(self) -> None: ...


class MemoryCache:
    """A cache for one run only (`--no-cache`): a sentence repeated across articles is still
    translated once, but nothing is kept on disk."""

    def __init__(self) -> None:
        self._entries: dict[str, Translation] = {}

    def get_many(self, sources: Sequence[str]) -> dict[str, Translation]:
        """The cached translations of those `sources` that have one."""
        return {source: self._entries[source] for source in sources if source in self._entries}

    def put_many(self, translations: Mapping[str, Translation]) -> None:
        """Keep these translations for the rest of the run."""
        self._entries.update(translations)

    def close(self) -> None:
        """Nothing to release."""


class TranslationCache:
    """The SQLite cache for one set of `CacheSettings`; open it with `open_cache`."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path,
        settings: CacheSettings,
        *,
        read_only: bool = False,
    ):
        self._connection = connection
        self.path = path
        self.settings = settings
        self.read_only = read_only
        self._key = settings.key()
        # A read-only cache still serves this run's repeats from memory.
        self._unsaved = MemoryCache()

    def get_many(self, sources: Sequence[str]) -> dict[str, Translation]:
        """The cached translations of those `sources` that have one."""
        found: dict[str, Translation] = {}
        unique = list(dict.fromkeys(sources))
        try:
            for start in range(0, len(unique), _LOOKUP_CHUNK):
                chunk = unique[start : start + _LOOKUP_CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._connection.execute(
                    "SELECT source, target, pieces, confidence FROM translations "
                    f"WHERE settings = ? AND source IN ({marks})",
                    [self._key, *chunk],
                )
                for source, target, pieces, confidence in rows:
                    if _is_sound(target, pieces, confidence):  # else: translated anew
                        found[source] = Translation(target, pieces, _float_or_none(confidence))
        except sqlite3.Error as error:
            raise _cache_error(self.path, error) from None
        found.update(self._unsaved.get_many([source for source in unique if source not in found]))
        return found

    def put_many(self, translations: Mapping[str, Translation]) -> None:
        """Store translations in one transaction: all of them or, after a crash, none.

        A read-only cache keeps them for this run only.
        """
        if not translations:
            return
        if self.read_only:
            self._unsaved.put_many(translations)
            return
        now = utc_now()
        rows = [
            (self._key, source, translation.text, translation.pieces, translation.confidence, now)
            for source, translation in translations.items()
        ]
        try:
            with _transaction(self._connection):
                self._connection.executemany(
                    "INSERT OR REPLACE INTO translations"
                    " (settings, source, target, pieces, confidence, created)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    rows,
                )
        except sqlite3.Error as error:
            raise _cache_error(self.path, error) from None

    def count(self) -> int:
        """How many sentences are cached for these settings."""
        row = self._connection.execute(
            "SELECT COUNT(*) FROM translations WHERE settings = ?", [self._key]
        ).fetchone()
        return int(row[0])

    def close(self) -> None:
        """Close the connection (the WAL is checkpointed by SQLite when the last one closes)."""
        self._connection.close()

    def __enter__(self) -> TranslationCache:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def open_cache(
    settings: CacheSettings, folder: Path | None = None, *, read_only: bool | None = None
) -> TranslationCache:
    """Open (creating it if needed) the cache in `folder` (default: `translate_cache_dir()`).

    A cache this process cannot write (a read-only disk or file, a shared team cache) is opened
    read-only, with a warning: it still serves what it holds, and new translations are kept for
    this run only. `read_only=None` decides by the file's and folder's permissions. Raises
    `OutputError` naming the file, what is wrong and the fix when it cannot be used at all.
    """
    folder = folder or translate_cache_dir()
    path = folder / CACHE_FILE
    if path.is_symlink() and not path.exists():
        raise OutputError(
            f"{path}: the translation cache is a link to nowhere; remove the link, set "
            "TRANSLATE_CACHE_DIR to another folder, or run with --no-cache."
        )
    if path.is_dir():
        raise OutputError(
            f"{path}: a folder is where the translation cache file should be; move it away, set "
            "TRANSLATE_CACHE_DIR to another folder, or run with --no-cache."
        )
    if read_only is None:
        read_only = path.is_file() and not (os.access(path, os.W_OK) and os.access(folder, os.W_OK))
    if read_only:
        return _open_read_only(path, settings)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"{folder}: cannot create the translation cache folder ({error.strerror}); set "
            "TRANSLATE_CACHE_DIR to a writable folder or run with --no-cache."
        ) from None
    deadline = time.monotonic() + _BUSY_TIMEOUT_S
    while True:
        try:
            connection = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as error:
            raise _cache_error(path, error) from None
        try:
            _set_up(connection, settings)
        except sqlite3.OperationalError as error:
            connection.close()
            # Two runs creating the cache at once: switching a new file to WAL takes a lock
            # SQLite does not wait for, so the loser is told "busy" at once. Try again.
            if _is_busy(error) and time.monotonic() < deadline:
                time.sleep(_SET_UP_RETRY_S)
                continue
            if error.sqlite_errorname.startswith("SQLITE_READONLY"):
                return _open_read_only(path, settings)
            raise _cache_error(path, error) from None
        except sqlite3.Error as error:
            connection.close()
            raise _cache_error(path, error) from None
        return TranslationCache(connection, path, settings)


def _is_busy(error: sqlite3.Error) -> bool:
    """True for SQLite's "database is locked" (busy) and "table is locked" errors, recognised
    by their code (`SQLITE_BUSY...`, `SQLITE_LOCKED...`), not by the words of the message."""
    return error.sqlite_errorname.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def _open_read_only(path: Path, settings: CacheSettings) -> TranslationCache:
    """The cache opened for reading only (`immutable`: no lock or WAL file needs writing)."""
    logger.warning(
        "%s: the translation cache is read-only here; it serves what it holds, and new "
        "translations are kept for this run only",
        path,
    )
    try:
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None
        )
        connection.execute("SELECT COUNT(*) FROM settings").fetchone()
    except sqlite3.Error as error:
        raise _cache_error(path, error) from None
    return TranslationCache(connection, path, settings, read_only=True)


def _set_up(connection: sqlite3.Connection, settings: CacheSettings) -> None:
    """WAL mode, the tables, and the row describing `settings`."""
    connection.execute("PRAGMA journal_mode=WAL")
    # With WAL, NORMAL never corrupts the database; a power cut may lose the last commits.
    connection.execute("PRAGMA synchronous=NORMAL")
    with _transaction(connection):
        for statement in _SCHEMA:
            connection.execute(statement)
        connection.execute(
            "INSERT OR IGNORE INTO settings (key, description) VALUES (?, ?)",
            [settings.key(), settings.describe()],
        )


class _transaction:
    """`BEGIN IMMEDIATE` … `COMMIT`, or `ROLLBACK` on an error: writers queue up at the start."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def __enter__(self) -> None:
        self._connection.execute("BEGIN IMMEDIATE")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._connection.execute("COMMIT" if kind is None else "ROLLBACK")


def _is_sound(target: object, pieces: object, confidence: object) -> bool:
    """True for a row of the types translate writes (another program may have written any)."""
    return (
        isinstance(target, str)
        and type(pieces) is int
        and pieces >= 1
        and (confidence is None or type(confidence) in (int, float))
    )


def _float_or_none(value: object) -> float | None:
    """A confidence as a float (SQLite gives back an integral REAL as int)."""
    return float(value) if isinstance(value, int | float) else None


def _cache_error(path: Path, error: sqlite3.Error) -> OutputError:
    """One line with the fix that fits what went wrong: deleting the file is no answer to a
    full disk, and freeing space none to a damaged file."""
    message = str(error)
    if "full" in message:
        fix = "free some disk space or set TRANSLATE_CACHE_DIR to another disk"
    elif "not a database" in message or "malformed" in message or "corrupt" in message:
        fix = "the file is damaged: move it away (a new cache is then started)"
    elif "unable to open" in message:
        fix = "it cannot be opened (no permission, or a folder or broken link in the way): set "
        fix += "TRANSLATE_CACHE_DIR to a folder you can write"
    else:
        fix = "set TRANSLATE_CACHE_DIR to another folder"
    return OutputError(
        f"{path}: the translation cache cannot be used ({message}); {fix}, or run with --no-cache."
    )
