"""What a Ray run's stages pass each other: the job, and each article's record on its way.

Ray Data moves batches of rows; a row is one article: its `position` and `item`, one of these
frozen records pickled (our own data, between our own stages), so an article's sentences stay
together in one row and nothing is shuffled.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from translate.corpus.input import CorpusRow
from translate.corpus.output import CorpusTarget
from translate.document import Article, RunInfo, Sentence, SentencePair, Translation
from translate.engines.shortlist_files import ShortlistCopy
from translate.errors import TranslateError
from translate.options import BatchOptions, Options
from translate.pipeline import ArticleResult
from translate.run.journal.entries import ArticleEntry

Batch = dict[str, Any]
Links = tuple[tuple[tuple[int, int], ...] | None, ...]


@dataclass(frozen=True, slots=True)
class RayJob:
    """What every stage needs to know, sent once with each stage (small: no articles)."""

    options: Options
    batch: BatchOptions
    out_dir: str
    token: str
    signature: RunInfo
    files: frozenset[str]
    keep_results: bool = False
    corpus: CorpusTarget | None = None
    # The driver's shortlist (`--shortlist`), for the nodes whose conversion has none.
    shortlist: ShortlistCopy | None = None


@dataclass(frozen=True, slots=True)
class Work:
    """An article on its way through the stages, and what each stage added to it."""

    position: int
    source: str
    name: str
    article: Article | None = None
    sentences: tuple[Sentence, ...] = ()
    translations: tuple[Translation, ...] = ()
    alignments: Links | None = None
    cache_hits: int = 0
    memory: int = 0
    model_sentences: int = 0
    device: str = ""
    row: CorpusRow | None = None
    error: TranslateError | None = None
    fatal: TranslateError | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the driver gets back for an article: its manifest entry (or the run's end)."""

    position: int
    entry: ArticleEntry | None = None
    error: TranslateError | None = None
    fatal: TranslateError | None = None
    model_sentences: int = 0
    result: ArticleResult | None = None  # when the library caller keeps results
    pairs: tuple[SentencePair, ...] = ()  # a written article's, for the batch's consistency


class Positioned(Protocol):
    """A record of ours that knows its article's place in the run."""

    @property
    def position(self) -> int: ...


R = TypeVar("R")


def unpack(batch: Batch, kind: type[R]) -> list[R]:
    """The records of a batch, each a `kind` (checked: a stage gets what the last one made)."""
    records = [pickle.loads(item) for item in batch["item"]]
    wrong = [type(record).__name__ for record in records if not isinstance(record, kind)]
    if wrong:
        raise TypeError(f"a batch of {kind.__name__} records holds a {wrong[0]}")
    return records


def pack(records: Sequence[Positioned]) -> Batch:
    """A batch of records (each with a `position`)."""
    return {
        "position": [record.position for record in records],
        "item": [pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL) for record in records],
    }
