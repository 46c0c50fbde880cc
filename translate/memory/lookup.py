"""The memory as a run uses it: exact matches before the model, close ones offered beside it.

`RunMemory` is opened once per run: `cache` puts it in front of the translation cache, so a
sentence a person translated never reaches the model, `annotate` offers each sentence the model
translated its closest memory entry (through the memory's word index), and `answers` digests what
it gives an article's sentences: run.json records that (`answers_digest`), and resume asks again,
so an import redoes only the articles whose English it changes, not every article.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import Protocol

from translate.document import AlignedDocument, MemoryMatch, Origin, Translation
from translate.memory.store import Memory


class SentenceCache(Protocol):
    """What a run's translation cache offers (`translate.run.store.cache.SentenceCache`)."""

    def get_many(self, sources: Sequence[str]) -> dict[str, Translation]: ...

    def put_many(self, translations: Mapping[str, Translation]) -> None: ...

    def close(self) -> None: ...


class RunMemory:
    """A memory opened for one run; close it (or use it as a context manager) when done."""

    def __init__(self, path: Path) -> None:
        self._memory = Memory(path)
        self.identity = self._memory.identity()

    def __enter__(self) -> RunMemory:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the memory file."""
        self._memory.close()

    def exact(self, sources: Sequence[str]) -> dict[str, Translation]:
        """The sentences of `sources` a person translated, as translations from the memory."""
        found = self._memory.exact(sources)
        return {
            source: Translation(target, origin=Origin.memory)
            for source, target in zip(sources, found, strict=True)
            if target is not None
        }

    def answers(self, sources: Sequence[str]) -> str:
        """The digest of what the memory gives `sources` now (`answers_digest`), "" for nothing."""
        found = self.exact(sources)
        return answers_digest((source, found[source].text) for source in sources if source in found)

    def cache(self, inner: SentenceCache) -> SentenceCache:
        """`inner` with the memory in front: its answers first, the cache's for the rest."""
        return _MemoryFirst(self, inner)

    def closest(self, source: str) -> MemoryMatch | None:
        """The closest memory entry to `source` (at least 75% of its words), None if none."""
        return self._memory.closest(source)

    def annotate(self, document: AlignedDocument) -> AlignedDocument:
        """`document` with each model-translated pair offered its closest memory entry."""
        pairs = tuple(
            replace(pair, match=self.closest(pair.source)) if pair.origin is Origin.model else pair
            for pair in document.pairs
        )
        return replace(document, pairs=pairs)


def answers_digest(answers: Iterable[tuple[str, str]]) -> str:
    """A digest of the memory's answers to an article, (German, English) in sentence order:
    "" when it gave none, so an article the memory never touched records nothing."""
    pairs = list(answers)
    if not pairs:
        return ""
    data = json.dumps(pairs, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return f"sha256:{hashlib.sha256(data).hexdigest()}"


class _MemoryFirst:
    """A translation cache behind the memory; what the model translates goes to the cache."""

    def __init__(self, memory: RunMemory, inner: SentenceCache) -> None:
        self._memory = memory
        self._inner = inner

    def get_many(self, sources: Sequence[str]) -> dict[str, Translation]:
        found = self._memory.exact(sources)
        found.update(self._inner.get_many([s for s in sources if s not in found]))
        return found

    def put_many(self, translations: Mapping[str, Translation]) -> None:
        self._inner.put_many(translations)

    def close(self) -> None:
        self._inner.close()
