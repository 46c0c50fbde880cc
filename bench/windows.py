"""Benchmark the window's bookkeeping: the cost per sentence of `translate_window` at two window
sizes 16 times apart, on the same sentences.

`--window` gathers the sentences of consecutive articles and translates them together; its
bookkeeping (which article waits for which sentence, who owns a sentence, how many slots a
batch completes) must cost the same per sentence however large the window is, or a large
`--window` makes a run slower, not faster. The model is a fake that answers at once (it
upper-cases each sentence), so the figure is the bookkeeping alone: with a real model, the
model's time would hide it.

The same 65,536 sentences (articles of 16 sentences, a quarter of them repeated from an
earlier article, as agency copy is) are translated in windows of 1,024 sentences and of
16,384; each size runs `--repeat` times and the best counts (a busy machine only slows a run
down), timed in this process's CPU time, so other work on the machine counts less. The ratio
of the two per-sentence costs is the result: 1.0 is linear, 16 would be quadratic. Before the
bookkeeping was made linear, the same run measured 3.0 (CPU time) to 5.5 (wall time).

    python bench/windows.py [--repeat 3] [--out bench/results-windows.md]

The last line is `large_vs_small_per_sentence=<x.xx>`.
"""

from __future__ import annotations

import argparse
import datetime
import platform
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from translate.engines.protocol import Scored
from translate.run.store.cache import MemoryCache
from translate.run.windows import translate_window

SENTENCES = 65_536
PER_ARTICLE = 16
SMALL, LARGE = 1_024, 16_384


class InstantTranslator:
    """A stand-in model that answers at once: the bookkeeping is all that is timed."""

    input_limit = 512

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(text.split()) for text in texts]

    def translate_scored(self, texts: Sequence[str], *, num_beams: int) -> list[Scored]:
        return [(text.upper(), None) for text in texts]


def articles() -> list[list[str]]:
    """SENTENCES sentences in articles of PER_ARTICLE; every fourth repeats an earlier one."""
    made: list[list[str]] = []
    for number in range(SENTENCES // PER_ARTICLE):
        article = []
        for slot in range(PER_ARTICLE):
            n = number * PER_ARTICLE + slot
            shown = n // 2 if slot % 4 == 3 else n
            where = f"in Artikel {shown // PER_ARTICLE} an Stelle {slot}"
            article.append(f"Satz {shown} steht {where}.")
        made.append(article)
    return made


def seconds_per_sentence(corpus: list[list[str]], window: int) -> float:
    """Translate the corpus window by window (a fresh cache each window, as with --no-cache)."""
    per_window = window // PER_ARTICLE
    translator = InstantTranslator()
    start = time.process_time()
    for first in range(0, len(corpus), per_window):
        chunk = corpus[first : first + per_window]
        done = list(translate_window(chunk, translator, MemoryCache(), num_beams=1, batch_size=16))
        assert len(done) == len(chunk)
    return (time.process_time() - start) / SENTENCES


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results-windows.md")
    arguments = parser.parse_args(argv)
    corpus = articles()
    best = {SMALL: float("inf"), LARGE: float("inf")}
    for _ in range(arguments.repeat):
        for window in (SMALL, LARGE):  # interleaved, so a busy spell hits both
            best[window] = min(best[window], seconds_per_sentence(corpus, window))
    ratio = best[LARGE] / best[SMALL]
    report = "\n".join(
        [
            "# The window's bookkeeping: cost per sentence at two window sizes",
            "",
            f"{datetime.date.today()}, Python {platform.python_version()}, {platform.machine()}; "
            f"{SENTENCES:,} sentences, best of {arguments.repeat}; an instant fake model, so "
            "this is the bookkeeping alone (`python bench/windows.py`).",
            "",
            "| --window | µs per sentence |",
            "|---:|---:|",
            f"| {SMALL:,} | {best[SMALL] * 1e6:.2f} |",
            f"| {LARGE:,} | {best[LARGE] * 1e6:.2f} |",
            "",
            f"A window 16× larger costs {ratio:.2f}× as much per sentence (1.00 is linear).",
            "",
        ]
    )
    arguments.out.write_text(report, encoding="utf-8")
    sys.stdout.write(report + f"large_vs_small_per_sentence={ratio:.2f}\n")


if __name__ == "__main__":
    main()
