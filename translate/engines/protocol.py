"""What the pipeline needs from a translation engine, whichever runs the model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from translate.document import ModelInfo

# A translation and its confidence: the mean log-probability the model gives its own output
# tokens (end of sentence included), None where an engine cannot say.
Scored = tuple[str, float | None]


class Translator(Protocol):
    """What batching needs from a model: token counts, a limit and batch translation."""

    @property
    def input_limit(self) -> int: ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...

    def translate_scored(self, texts: Sequence[str], *, num_beams: int) -> list[Scored]: ...


class ModelTranslator(Translator, Protocol):
    """A loaded model of either engine, with what the run signature records about it."""

    @property
    def info(self) -> ModelInfo: ...

    @property
    def device(self) -> str: ...

    @property
    def engine(self) -> str: ...

    @property
    def default_beams(self) -> int: ...

    def word_alignments(
        self, sources: Sequence[str], targets: Sequence[str]
    ) -> list[tuple[tuple[int, int], ...]]: ...
