"""Run options in one frozen record, with the defaults as named constants."""

from __future__ import annotations

from dataclasses import dataclass

from translate.model import DEFAULT_MODEL
from translate.segmenters import DEFAULT_SEGMENTER
from translate.summarise import DEFAULT_SUMMARY_SENTENCES
from translate.translation import DEFAULT_BATCH_SIZE

DEVICES = ("auto", "cpu", "cuda")


@dataclass(frozen=True, slots=True)
class Options:
    """How to translate: model, decoding and summary settings.

    `beams=None` means the model's own generation config (4 for opus-mt).
    """

    model: str = DEFAULT_MODEL
    beams: int | None = None
    batch_size: int = DEFAULT_BATCH_SIZE
    device: str = "auto"
    summary_sentences: int = DEFAULT_SUMMARY_SENTENCES
    segmenter: str = DEFAULT_SEGMENTER
