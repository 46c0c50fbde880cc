"""Run options in one frozen record, with the defaults as named constants.

The defaults live here, in a module that imports nothing else of ours, so the command line can
show them in `--help` without importing the pipeline (which `--help` must never pay for).
The modules that use them re-export them under the same names.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-de-en"
# `--engine` (cli.Engine) chooses torch, which runs the model through transformers, or ct2,
# which converts it once for CTranslate2 (translate/ct2.py): the faster in bench/results.md.
DEFAULT_ENGINE_NAME = "ct2"
DEFAULT_BATCH_SIZE = 16
DEFAULT_SEGMENTER = "rules"
SEGMENTER_NAMES = ("rules", "pysbd", "somajo")
DEFAULT_SUMMARY_SENTENCES = 3
# `--formats` names, in the order the files are listed (translate.render.formats.OUTPUT_FORMATS).
ALL_FORMATS = ("txt", "tsv", "jsonl", "md", "html", "tmx", "summary")
# Sentences gathered from consecutive articles before they are translated together.
DEFAULT_WINDOW = 256


@dataclass(frozen=True, slots=True)
class Options:
    """How to translate: model, decoding and summary settings.

    `beams=None` means the model's own generation config (4 for opus-mt). `engine` is `ct2` or
    `torch`; `quantize=None` is the engine's own choice (int8 for ct2, float32 for torch).
    `summary_words` replaces the sentence count as the summary budget; `summary_model` (a hub id
    or folder) makes the summary abstractive, written from the `summary_prompt` template
    (default `summary`).
    """

    model: str = DEFAULT_MODEL
    beams: int | None = None
    batch_size: int = DEFAULT_BATCH_SIZE
    device: str = "auto"
    engine: str = DEFAULT_ENGINE_NAME
    quantize: bool | None = None
    summary_sentences: int = DEFAULT_SUMMARY_SENTENCES
    summary_words: int | None = None
    summary_model: str | None = None
    summary_prompt: str | None = None
    segmenter: str = DEFAULT_SEGMENTER
    formats: tuple[str, ...] = ALL_FORMATS
    align_words: bool = False
