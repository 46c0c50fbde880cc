"""The batch-shape sweep of `bench/speed.py`: batch size, how a batch is shared between the
CPU workers, and batches by sentence count or by token budget, on the opus-mt-shaped int8 model.

All shapes run in one process (each layout's translator loaded once), interleaved over the
repetitions (A B C ... A B C ...), on the benchmark article twice over (60 sentences), every
output at its forced length; the median tokens/s per shape is reported. Layouts:

- `split`: what the engine does: one single-threaded CTranslate2 worker per physical core,
  each batch cut into one slice per worker, the slices decoded in parallel;
- `whole`: one translator with all cores as intra-op threads, the whole batch at once;
- `pipelined`: one single-threaded worker per core, each taking whole batches in turn (two
  batches in flight).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

COPIES = 2


@dataclass(frozen=True, slots=True)
class Shape:
    """One way of cutting and running the batches."""

    layout: str
    batch_size: int
    batch_tokens: int

    @property
    def label(self) -> str:
        budget = "examples" if self.batch_tokens >= 10**6 else f"≤{self.batch_tokens} tokens"
        return f"{self.layout}, batch {self.batch_size}, {budget}"


def shapes(default_batch: int, default_tokens: int) -> list[Shape]:
    """The default; batch sizes 8-64 by examples (no token budget: the article's 16-sentence
    batches stay under the default's 2,048 tokens, so batch 16 is the default); the other two
    layouts at batch 32; and batch 64 cut by a 1,024-token budget."""
    unbounded = 10**9
    grid = [Shape("split", default_batch, default_tokens)]
    grid += [Shape("split", size, unbounded) for size in (8, 32, 64)]
    grid += [Shape("whole", 32, unbounded), Shape("pipelined", 32, unbounded)]
    grid += [Shape("split", 64, 1024)]
    return list(dict.fromkeys(grid))


def run_sweep(
    model: str, sentences: Sequence[str], targets: dict[str, int], *, beams: int, repeats: int
) -> list[dict[str, Any]]:
    """Tokens/s of every shape, interleaved over `repeats`; one row per shape (medians)."""
    from translate.engines.batching import DEFAULT_BATCH_TOKENS, token_batches
    from translate.engines.ct2_engine import Ct2Translator
    from translate.options import DEFAULT_BATCH_SIZE

    texts = list(sentences) * COPIES
    engine = Ct2Translator.load(model, device="cpu", quantize=True)
    whole = _whole_translator(engine)
    lengths = engine.count_tokens(texts)
    grid = shapes(DEFAULT_BATCH_SIZE, DEFAULT_BATCH_TOKENS)
    timings: dict[Shape, list[float]] = {shape: [] for shape in grid}
    total = sum(targets[text] for text in texts)
    for _ in range(repeats):
        for shape in grid:
            batches = token_batches(
                texts, lengths, batch_size=shape.batch_size, batch_tokens=shape.batch_tokens
            )
            started = time.perf_counter()
            if shape.layout == "split":
                for batch in batches:
                    _forced(engine, batch, targets, beams)
            elif shape.layout == "whole":
                for batch in batches:
                    _forced(whole, batch, targets, beams)
            else:
                _pipelined(engine, batches, targets, beams)
            timings[shape].append(total / (time.perf_counter() - started))
    default = Shape("split", DEFAULT_BATCH_SIZE, DEFAULT_BATCH_TOKENS)
    return [
        {
            "shape": shape.label,
            "default": shape == default,
            "tokens_per_s": statistics.median(timings[shape]),
            "spread": (min(timings[shape]), max(timings[shape])),
        }
        for shape in grid
    ]


def _forced(translator: Any, batch: list[str], targets: dict[str, int], beams: int) -> None:
    length = max(targets[text] for text in batch)
    translator.translate_scored(
        batch, num_beams=beams, max_new_tokens=length, min_new_tokens=length
    )


def _pipelined(
    translator: Any, batches: list[list[str]], targets: dict[str, int], beams: int
) -> None:
    """Whole batches handed to the workers as they come free (CTranslate2 queues them)."""
    from translate.engines.ct2_engine import BEAM_PATIENCE

    pending = []
    for batch in batches:
        length = max(targets[text] for text in batch)
        pending += translator.translator.translate_batch(
            [translator.vocabulary.encode(text) for text in batch],
            asynchronous=True,
            beam_size=beams,
            patience=BEAM_PATIENCE,
            min_decoding_length=length,
            max_decoding_length=length,
        )
    for result in pending:
        result.result()


def _whole_translator(engine: Any) -> Any:
    """The engine's model as one translator whose threads all work on each batch."""
    from dataclasses import replace

    import ctranslate2

    from translate.engines.ct2_convert import converted_folder

    folder = converted_folder(engine.info, engine.compute_type)
    threads = engine.workers
    model = ctranslate2.Translator(
        str(folder), device="cpu", compute_type="int8", intra_threads=threads, inter_threads=1
    )
    return replace(engine, translator=model, workers=1)
