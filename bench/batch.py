"""Benchmark batch runs over a folder of 50 short articles: cross-article batching and the cache.

Three ways to run the same folder, each timed end to end through `process_paths` (reading,
segmenting, translating, summarising, writing every article folder and the manifest):

- one article at a time: `--window 1`, no cache (each article's sentences are one batch);
- cross-article batching: the default window, no cache (sentences of many articles share
  length-sorted batches);
- a warm cache: the same run again after a first run has filled the cache (`--force`, so every
  article is rebuilt, but no sentence reaches the model).

After an untimed warm-up pass of the first two, the modes run interleaved `--repeat` times and
the best round counts, since a machine busy with other work only ever slows a run down. The
articles are made of the German sentences of `scripts/tiny_pairs.tsv`, each sentence used once
(so the no-cache runs translate every sentence), 4 to 8 per article, and the default model is
the repo's tiny Marian (`tests/fixtures/tiny-marian`), which translates them exactly; `--model`
runs another (e.g. opus-mt-de-en) on the same folder.

    python bench/batch.py [--model DIR|ID] [--engines ct2,torch] [--repeat 5]
                          [--out bench/results-batch.md]

Each engine gets its own table. The Markdown report goes to `--out` and stdout; the last lines
are `<engine>.cross_article_vs_one_at_a_time=<x.xx>` and `<engine>.warm_cache_vs_no_cache=<x.xx>`
per engine.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from translate.engines import ModelTranslator, load_translator
from translate.files import write_text_atomic
from translate.options import DEFAULT_WINDOW, BatchOptions, Options
from translate.run import BatchReport, process_paths

REPO = Path(__file__).resolve().parent.parent
PAIRS = REPO / "scripts" / "tiny_pairs.tsv"
TINY_MARIAN = REPO / "tests" / "fixtures" / "tiny-marian"
DEFAULT_OUT = REPO / "bench" / "results-batch.md"
ARTICLES = 50
SEED = 7


@dataclass(frozen=True, slots=True)
class Timing:
    """One timed run: wall and CPU seconds, seconds inside the model, and sentence counts."""

    seconds: float
    cpu_seconds: float
    model_seconds: float
    sentences: int
    model_sentences: int

    @property
    def rate(self) -> float:
        """Sentences per wall-clock second, end to end."""
        return self.sentences / self.seconds

    @property
    def cpu_rate(self) -> float:
        """Sentences per CPU second of this process (all its threads), end to end."""
        return self.sentences / self.cpu_seconds

    @property
    def model_rate(self) -> float:
        """Sentences sent to the model per second spent in the model's `translate_scored`."""
        return self.model_sentences / self.model_seconds if self.model_seconds else 0.0


class TimedTranslator:
    """Wraps a translator and adds up the time spent in `translate_scored`."""

    def __init__(self, translator: ModelTranslator) -> None:
        self._translator = translator
        self.seconds = 0.0

    def translate_scored(
        self, texts: Sequence[str], *, num_beams: int
    ) -> list[tuple[str, float | None]]:
        started = time.perf_counter()
        try:
            return self._translator.translate_scored(texts, num_beams=num_beams)
        finally:
            self.seconds += time.perf_counter() - started

    def __getattr__(self, name: str) -> Any:
        return getattr(self._translator, name)


def write_folder(folder: Path, articles: int = ARTICLES, seed: int = SEED) -> int:
    """Write `articles` short German articles (4-8 sentences, in 1-2 paragraphs); return the
    number of sentences. Every sentence of the pair list is used at most once."""
    lines = PAIRS.read_text(encoding="utf-8").splitlines()
    sentences = [line.split("\t")[0] for line in lines if line.strip()]
    random.Random(seed).shuffle(sentences)
    folder.mkdir(parents=True, exist_ok=True)
    used = 0
    for number in range(articles):
        size = 4 + number % 5
        chosen = sentences[used : used + size]
        used += size
        middle = len(chosen) // 2
        text = " ".join(chosen[:middle]) + "\n\n" + " ".join(chosen[middle:]) + "\n"
        (folder / f"artikel-{number:02}.txt").write_text(text, encoding="utf-8")
    if used > len(sentences):
        raise SystemExit(f"batch: error: {PAIRS} has too few sentences for {articles} articles.")
    return used


def timed(run: Callable[[], BatchReport], translator: TimedTranslator) -> Timing:
    """Run once; raise if any article failed, since the timing would then mean nothing."""
    translator.seconds = 0.0
    started, started_cpu = time.perf_counter(), time.process_time()
    report = run()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - started_cpu
    if report.failures:
        raise SystemExit(f"batch: error: {report.failures[0]}")
    sentences = sum(entry.sentences for entry in report.entries)
    model_sentences = sum(entry.sentences - entry.cache_hits for entry in report.entries)
    return Timing(seconds, cpu_seconds, translator.seconds, sentences, model_sentences)


def measure(
    folder: Path, scratch: Path, translator: ModelTranslator, options: Options, repeat: int
) -> dict[str, list[Timing]]:
    """Each mode `repeat` times, interleaved; every run writes into a fresh output folder."""
    timings: dict[str, list[Timing]] = {"one": [], "cross": [], "cold": [], "warm": []}
    timed_translator = TimedTranslator(translator)
    model = cast(ModelTranslator, timed_translator)

    def run(name: str, batch: BatchOptions, round_: int) -> BatchReport:
        out = scratch / f"{translator.engine}-{name}-{round_}"
        return process_paths([str(folder)], options, out, load=lambda _: model, batch=batch)

    # An untimed pass first: torch's first calls on new batch shapes are many times slower.
    for warm_up in (1, DEFAULT_WINDOW):
        run(f"warm-up-{warm_up}", BatchOptions(window=warm_up, use_cache=False), 0)
    for round_ in range(repeat):
        cache = scratch / f"cache-{translator.engine}-{round_}"
        modes = {
            "one": BatchOptions(window=1, use_cache=False),
            "cross": BatchOptions(window=DEFAULT_WINDOW, use_cache=False),
            "cold": BatchOptions(window=DEFAULT_WINDOW, cache_dir=cache),
            "warm": BatchOptions(window=DEFAULT_WINDOW, cache_dir=cache, force=True),
        }
        for name, batch in modes.items():
            timing = timed(functools.partial(run, name, batch, round_), timed_translator)
            timings[name].append(timing)
            print(
                f"batch: {translator.engine} round {round_ + 1} {name}: {timing.rate:.1f} "
                f"sentences/s ({timing.cpu_rate:.1f} per CPU second)",
                file=sys.stderr,
            )
    return timings


def best(timings: list[Timing], rate: Callable[[Timing], float]) -> float:
    """The fastest round: other work on the machine only ever slows a run down (as `timeit`)."""
    return max(rate(timing) for timing in timings)


def ratios(
    timings: dict[str, list[Timing]], faster: str, slower: str, rate: Callable[[Timing], float]
) -> list[float]:
    """Speed ratios of two modes, round by round (the runs of a round follow each other)."""
    pairs = zip(timings[faster], timings[slower], strict=True)
    return [rate(fast) / rate(slow) for fast, slow in pairs]


def ratio(timings: dict[str, list[Timing]], faster: str, slower: str) -> float:
    """Best against best, wall clock."""
    return best(timings[faster], wall) / best(timings[slower], wall)


def describe(values: list[float]) -> str:
    """`3.46× (2.91-3.80)`: the median and the range over the rounds."""
    return f"{statistics.median(values):.2f}× ({min(values):.2f}-{max(values):.2f})"


def wall(timing: Timing) -> float:
    return timing.rate


def cpu(timing: Timing) -> float:
    return timing.cpu_rate


def model_only(timing: Timing) -> float:
    return timing.model_rate


LABELS = {
    "one": "one article at a time (`--window 1`, no cache)",
    "cross": f"cross-article batching (`--window {DEFAULT_WINDOW}`, no cache)",
    "cold": "cross-article, cold cache (first run, fills it)",
    "warm": "cross-article, warm cache (second run, `--force`)",
}
RATIOS = (
    ("**cross-article batching vs one article at a time**", "cross", "one"),
    ("**warm cache vs no cache** (both cross-article)", "warm", "cross"),
    ("cold cache vs no cache (the cost of filling it)", "cold", "cross"),
)


def engine_section(
    timings: dict[str, list[Timing]], options: Options, translator: ModelTranslator
) -> list[str]:
    """One engine's table and ratios."""
    rows = [
        f"| {LABELS[name]} | {best(runs, wall):.1f} | {best(runs, cpu):.1f} | "
        f"{best(runs, model_only):.1f} | {runs[0].model_sentences} |"
        for name, runs in timings.items()
    ]
    return [
        f"## {translator.engine} ({translator.device}, beams "
        f"{options.beams or translator.default_beams}, batch size {options.batch_size})",
        "",
        "| run | sentences/s | sentences per CPU second | model only, sentences/s "
        "| sentences sent to the model |",
        "|---|---|---|---|---|",
        *rows,
        "",
        "| ratio | best vs best | per round: median (range) |",
        "|---|---|---|",
        *(
            f"| {label} | **{ratio(timings, faster, slower):.2f}×** | "
            f"{describe(ratios(timings, faster, slower, wall))} |"
            for label, faster, slower in RATIOS
        ),
        "",
    ]


def report(sections: list[str], sentences: int, model: str, repeat: int) -> str:
    """The Markdown report: how it was measured, then one section per engine."""
    shown = "tests/fixtures/tiny-marian" if model == str(TINY_MARIAN) else model
    return "\n".join(
        [
            "# Batch benchmark: cross-article batching and the translation cache",
            "",
            f"{ARTICLES} short German articles, {sentences} sentences (4-8 per article, each "
            "sentence used once), made from `scripts/tiny_pairs.tsv`, translated by "
            f"`{shown}`. Every run goes through `process_paths` end to end: reading, "
            "segmenting, translating, summarising, writing every article folder (all formats) "
            f"and the manifest. An untimed warm-up pass, then {repeat} interleaved rounds. Each "
            "rate is the best round's, since other work on the machine only ever slows a run "
            "down (as `timeit` does); the ratios are best against best, with the median and "
            "range of the per-round ratios beside them. CPU time counts this process's threads.",
            "",
            f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
            f"{platform.python_version()}; {datetime.date.today().isoformat()}.",
            "",
            *sections,
        ]
    )


def main(argv: list[str] | None = None) -> None:
    """Build the folder, time the modes per engine, write the report, print the ratios last."""
    parser = argparse.ArgumentParser(description="Benchmark batch runs over 50 short articles.")
    parser.add_argument("--model", default=str(TINY_MARIAN), help="hub id or model folder")
    parser.add_argument("--engines", default="ct2,torch", help="comma-separated: ct2, torch")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    sections: list[str] = []
    summary: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as scratch:
        folder = Path(scratch) / "articles"
        sentences = write_folder(folder)
        for engine in args.engines.split(","):
            options = Options(model=args.model, device=args.device, engine=engine)
            translator = load_translator(options)
            timings = measure(folder, Path(scratch), translator, options, args.repeat)
            sections += engine_section(timings, options, translator)
            cross = ratio(timings, "cross", "one")
            warm = ratio(timings, "warm", "cross")
            summary += [
                f"{translator.engine}.cross_article_vs_one_at_a_time={cross:.2f}",
                f"{translator.engine}.warm_cache_vs_no_cache={warm:.2f}",
            ]
    text = report(sections, sentences, args.model, args.repeat)
    write_text_atomic(args.out, text)
    print(text)
    print("\n".join(summary))


if __name__ == "__main__":
    main()
