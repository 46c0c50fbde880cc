"""The memory's word index in SQLite: filed as pairs are imported, read by fuzzy lookups.

Two tables beside `units`: `postings` (token, unit) lists the entries holding each token, and
`frequencies` how many do, so a lookup orders a sentence's tokens rarest first without reading
any list. Only a German sentence new to the memory is filed (an imported one that is there
already keeps its words: only its English changes), inside the import's transaction. A run
then pays no start-up cost, whatever the memory's size.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from translate.document import MemoryMatch
from translate.memory.fuzzy import best_match, length_range, prefix_size, tokens
from translate.memory.normalise import normalise, words

INDEX_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS postings (token TEXT NOT NULL, unit INTEGER NOT NULL, "
    "PRIMARY KEY (token, unit)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS frequencies (token TEXT PRIMARY KEY, count INTEGER NOT NULL) "
    "WITHOUT ROWID",
)


def file_units(connection: sqlite3.Connection, keys: Iterable[str]) -> None:
    """File the stored units with `keys` (new ones) under their tokens."""
    rows = [(token, key) for key in keys for token in set(tokens(words(key)))]
    connection.executemany(
        "INSERT OR IGNORE INTO postings SELECT ?, id FROM units WHERE key = ?", rows
    )
    connection.executemany(
        "INSERT INTO frequencies VALUES (?, 1) ON CONFLICT (token) DO UPDATE SET count = count + 1",
        [(token,) for token, _ in rows],
    )


def closest(connection: sqlite3.Connection, sentence: str) -> MemoryMatch | None:
    """The memory entry closest to `sentence` (at least 75% of its words), None if none."""
    key = normalise(sentence)
    query = words(key)
    if not query:
        return None
    numbered = sorted(set(tokens(query)))
    marks = ", ".join("?" * len(numbered))
    counts = dict(
        connection.execute(
            f"SELECT token, count FROM frequencies WHERE token IN ({marks})", numbered
        )
    )
    rarest = sorted(numbered, key=lambda token: (counts.get(token, 0), token))
    prefix = [t for t in rarest[: prefix_size(len(query))] if counts.get(t, 0)]
    if not prefix:
        return None
    low, high = length_range(len(query))
    marks = ", ".join("?" * len(prefix))
    rows = connection.execute(
        "SELECT key, source, target FROM units WHERE id IN "
        f"(SELECT unit FROM postings WHERE token IN ({marks})) AND words BETWEEN ? AND ? "
        "ORDER BY id",
        [*prefix, low, high],
    )
    return best_match(key, query, ((k, s, t, words(k)) for k, s, t in rows))
