"""What `--align-words` costs: translating with and without word alignment, as a time ratio.

Word alignment is one more pass over each translated pair (the translation given back to the
model, its attention read), so its cost is measured against the translation itself: the 405
German sentences of `scripts/tiny_pairs.tsv` translated by the tiny test model (beam 4, batches
as the pipeline makes them), with both engines, each mode alternating over the repetitions,
medians compared.

The tiny model (2+2 layers) stands in because the alignment pass needs real output: the speed
benchmark's random model of opus-mt's shape emits arbitrary tokens whose text re-tokenises into
far more pieces than it had, which would inflate the alignment pass. With opus-mt-de-en both
passes grow with the model, so the ratio should be of the same order; it was not measured here.

    python bench/align_words.py [--repeats 5]

The last line is `align_words_cost_ct2=<x> align_words_cost_torch=<y>`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TINY_MARIAN = REPO / "tests" / "fixtures" / "tiny-marian"
PAIRS = REPO / "scripts" / "tiny_pairs.tsv"
BEAMS = 4


def german_sentences() -> list[str]:
    """The tiny model's training sentences (it translates them exactly: real output)."""
    lines = PAIRS.read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line.strip()]


def time_modes(translator: Any, sentences: list[str], repeats: int) -> tuple[float, float]:
    """Median seconds to translate `sentences` without and with word alignment."""
    from translate.document import Sentence
    from translate.engines.batching import translate_sentences
    from translate.options import DEFAULT_BATCH_SIZE
    from translate.pipeline import word_alignments

    german = [Sentence(1, index, text) for index, text in enumerate(sentences, start=1)]
    plain: list[float] = []
    aligned: list[float] = []
    for _ in range(repeats):
        for with_alignment, times in ((False, plain), (True, aligned)):
            started = time.perf_counter()
            translations = translate_sentences(sentences, translator, num_beams=BEAMS)
            if with_alignment:
                word_alignments(translator, german, translations, DEFAULT_BATCH_SIZE)
            times.append(time.perf_counter() - started)
    return statistics.median(plain), statistics.median(aligned)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the cost of word alignment per engine as a ratio of run time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ["TRANSLATE_CACHE_DIR"] = tempfile.mkdtemp(prefix="align-bench-")
    os.environ["HF_HUB_OFFLINE"] = "1"
    from translate.engines.ct2_engine import Ct2Translator
    from translate.engines.torch_engine import MarianTranslator

    sentences = german_sentences()
    ratios = {}
    for name, load in (
        ("ct2", lambda: Ct2Translator.load(str(TINY_MARIAN), device="cpu")),
        ("torch", lambda: MarianTranslator.load(str(TINY_MARIAN), device="cpu")),
    ):
        plain, aligned = time_modes(load(), sentences, args.repeats)
        ratios[name] = aligned / plain
        print(f"{name}: {plain:.2f} s without, {aligned:.2f} s with --align-words", flush=True)
    print(" ".join(f"align_words_cost_{name}={ratio:.2f}" for name, ratio in ratios.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
