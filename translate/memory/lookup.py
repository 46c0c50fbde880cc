"""The memory as a run uses it: exact matches before the model, close ones offered beside it.

`RunMemory` is opened once per run: its identity goes into the run signature (resume redoes
an article when the memory changed), `cache` puts it in front of the translation cache, so a
sentence a person translated never reaches the model, and `annotate` offers each sentence the
model translated its closest memory entry (through the memory's word index).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
