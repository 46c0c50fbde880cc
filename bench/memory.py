"""Benchmark the translation memory: import rate, exact lookups, fuzzy lookups, at two sizes.

A memory of synthetic German sentences (words drawn from a Zipf-distributed vocabulary of
invented words and the tiny model's German words, 5 to 25 words each, so a few words are
common and most are rare, as in news text) is imported from a TSV at two sizes 16x apart
(6,250 and 100,000 units by default). At each size: the import rate (units/s, through
`import_files`, the code `memory import` runs), the cost of an exact lookup per sentence
(articles of 30 sentences, half of them in the memory), and the cost of a fuzzy lookup per
sentence (through the word index filed at import), for sentences one word away from an entry
and for sentences with no neighbour. The baseline, measured in the same run on the largest
memory, is a scan: the banded word distance against
every entry, what a lookup without the index would cost.

    python bench/memory.py [--sizes 6250 100000] [--queries 300] [--run-articles 20]
                           [--run-models opus-mt tiny] [--pairs 5] [--out bench/results-memory.md]

Last, the run-time ratio: a batch run (`process_paths`) with and without the largest memory, on
the opus-mt-de-en-shaped random model of `bench/speed.py` at forced output lengths (what a run
with the real model costs), or on the tiny test model; the two runs of each pair in alternating
order, and the median of the pairs' ratios (wall and CPU time).

Lookup and import times are CPU time of this process (`time.process_time`), which other
processes on a shared machine disturb far less than wall time; the import's wall-clock rate
(with its fsync) is given too. Compare the ratios within one run.
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from translate.memory import FUZZY_THRESHOLD, Memory, import_files, normalise
from translate.memory.fuzzy import word_distance
from translate.memory.normalise import words
from translate.version import __version__

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "bench" / "results-memory.md"
ARTICLE = 30
VOCABULARY = 40_000
SYLLABLES = ("ber", "lin", "ge", "richt", "stadt", "po", "li", "zei", "wahl", "markt", "see")


def invented_words(count: int, generator: random.Random) -> list[str]:
    """`count` distinct German-looking words."""
    found: dict[str, None] = {}
    while len(found) < count:
        found["".join(generator.choices(SYLLABLES, k=generator.randint(2, 4)))] = None
        found[f"{found.__len__()}{generator.choice(SYLLABLES)}"] = None
    return list(found)[:count]


class Sentences:
    """Synthetic sentences: Zipf-distributed words, so prefix filtering meets real skew."""

    def __init__(self, seed: int) -> None:
        self.generator = random.Random(seed)
        # The tiny model's German words among the invented ones, so that the run-time ratio's
        # articles (its training sentences) meet their words in the memory's index.
        lines = (REPO / "scripts" / "tiny_pairs.tsv").read_text(encoding="utf-8").splitlines()
        real = sorted({w for line in lines for w in line.split("\t")[0].rstrip(".").split()})
        self.vocabulary = real + invented_words(VOCABULARY - len(real), self.generator)
        self.generator.shuffle(self.vocabulary)
        weights = [1 / rank for rank in range(1, VOCABULARY + 1)]
        self.cumulative = _cumulative(weights)

    def sentence(self) -> str:
        count = self.generator.randint(5, 25)
        chosen = self.generator.choices(self.vocabulary, cum_weights=self.cumulative, k=count)
        return " ".join(chosen).capitalize() + "."

    def neighbour(self, sentence: str) -> str:
        """`sentence` with one word replaced: a fuzzy match at 1 - 1/n."""
        tokens = sentence.rstrip(".").split()
        tokens[self.generator.randrange(len(tokens))] = self.generator.choice(self.vocabulary)
        return " ".join(tokens) + "."


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def timed(function: object, *args: object) -> tuple[float, object]:
    start = time.process_time()
    result = function(*args)  # type: ignore[operator]
    return time.process_time() - start, result


def scan(entries: list[tuple[str, ...]], query: tuple[str, ...]) -> float:
    """The baseline: the best similarity by a banded distance against every entry."""
    best = 0.0
    for tokens in entries:
        longer = max(len(query), len(tokens))
        allowed = math.floor((1 - FUZZY_THRESHOLD) * longer)
        distance = word_distance(query, tokens, allowed)
        if distance is not None:
            best = max(best, 1 - distance / longer)
    return best


def measure(size: int, queries: int, folder: Path, *, baseline: bool) -> dict[str, float]:
    """One size: import, exact and fuzzy lookups."""
    sentences = Sentences(seed=size)
    pairs = {normalise(s): s for s in (sentences.sentence() for _ in range(size))}
    german = list(pairs.values())
    source = folder / f"memory-{size}.tsv"
    source.write_text("".join(f"{de}\tEN {n}\n" for n, de in enumerate(german)), "utf-8")
    path = folder / f"memory-{size}.sqlite3"
    wall = time.perf_counter()
    seconds, _ = timed(import_files, [source], path)
    wall = time.perf_counter() - wall
    figures = {
        "units": float(len(german)),
        "import_per_s": len(german) / seconds,
        "import_wall_per_s": len(german) / wall,
    }
    hits = sentences.generator.sample(german, queries // 2)
    misses = [sentences.sentence() for _ in range(queries - len(hits))]
    lookups = [*hits, *misses]
    sentences.generator.shuffle(lookups)
    near = [sentences.neighbour(s) for s in sentences.generator.sample(german, queries)]
    with Memory(path) as memory:
        start = time.process_time()
        found = 0
        for begin in range(0, len(lookups), ARTICLE):
            found += sum(t is not None for t in memory.exact(lookups[begin : begin + ARTICLE]))
        figures["exact_us"] = (time.process_time() - start) / len(lookups) * 1e6
        figures["exact_found"] = found
        for label, batch in (("near", near), ("fresh", misses)):
            start = time.process_time()
            matched = sum(memory.closest(s) is not None for s in batch)
            figures[f"fuzzy_{label}_us"] = (time.process_time() - start) / len(batch) * 1e6
            figures[f"fuzzy_{label}_matched"] = matched / len(batch)
    if baseline:
        entries = [words(normalise(s)) for s in german]
        few = near[:20]
        start = time.process_time()
        for query in few:
            scan(entries, words(normalise(query)))
        figures["scan_us"] = (time.process_time() - start) / len(few) * 1e6
    return figures


class ForcedModel:
    """The opus-mt-shaped random model (`bench/speed.py`) as a run loads it, each batch decoded
    to its sentences' forced lengths (what a real translation's length would be), so random
    weights cost what real ones do; everything else (the run signature's fields) is the
    model's own."""

    def __init__(self, translator: Any) -> None:
        self._translator = translator

    def __getattr__(self, name: str) -> Any:
        return getattr(self._translator, name)

    def translate_scored(
        self, texts: Sequence[str], *, num_beams: int
    ) -> list[tuple[str, float | None]]:
        from speed import forced_length

        length = max(forced_length(text) for text in texts)
        outputs: list[tuple[str, float | None]] = self._translator.translate_scored(
            texts, num_beams=num_beams, max_new_tokens=length, min_new_tokens=length
        )
        return outputs


def load_run_model(kind: str) -> tuple[Any, str]:
    """The translator of the run-time ratio and the model's path: `tiny` (the test model, whose
    translation costs almost nothing) or `opus-mt` (the opus-mt-de-en-shaped random model at
    forced lengths, CTranslate2 int8 as a run's default, built and converted once)."""
    from translate.engines import load_translator
    from translate.options import Options

    if kind == "tiny":
        model = str(REPO / "tests" / "fixtures" / "tiny-marian")
        return load_translator(Options(model=model)), model
    from speed import CT2_CACHE, MODEL_DIR, build_model

    os.environ["TRANSLATE_CACHE_DIR"] = str(CT2_CACHE)
    build_model()
    return ForcedModel(load_translator(Options(model=str(MODEL_DIR)))), str(MODEL_DIR)


def run_ratio(
    memory: Path, folder: Path, articles: int, pairs: int = 5, model: str = "tiny"
) -> dict[str, Any]:
    """One batch run (`process_paths`, no translation cache) without a memory and with
    `memory`, `pairs` times, the two in alternating order; each pair's ratio of wall time and of
    CPU time, and their medians (a machine that other work loads slows both runs of a pair
    alike, so their ratio holds where the absolute times do not). None of the batch's sentences
    is in the memory, so every one pays an exact and a fuzzy lookup."""
    from translate.options import BatchOptions, Options
    from translate.run import process_paths

    lines = (REPO / "scripts" / "tiny_pairs.tsv").read_text(encoding="utf-8").splitlines()
    german = [line.split("\t")[0] for line in lines if line.strip()]
    source = folder / f"articles-{model}"
    source.mkdir()
    for number in range(articles):
        chosen = random.Random(number).sample(german, 15)
        text = "\n\n".join(" ".join(chosen[i : i + 3]) for i in range(0, 15, 3))
        (source / f"artikel-{number}.txt").write_text(text + "\n", encoding="utf-8")
    translator, path = load_run_model(model)
    plain = Options(model=path)
    runs: dict[str, list[tuple[float, float]]] = {"without": [], "with": []}
    for pair in range(pairs):
        order = ("without", "with") if pair % 2 == 0 else ("with", "without")
        for label in order:
            options = plain if label == "without" else replace(plain, memory=memory)
            wall, cpu = time.perf_counter(), time.process_time()
            process_paths(
                [str(source)],
                options,
                folder / f"out-{model}-{label}-{pair}",
                load=lambda _: translator,
                batch=BatchOptions(use_cache=False),
                keep_results=False,
            )
            runs[label].append((time.perf_counter() - wall, time.process_time() - cpu))
    wall_ratios = [w[0] / o[0] for w, o in zip(runs["with"], runs["without"], strict=True)]
    cpu_ratios = [w[1] / o[1] for w, o in zip(runs["with"], runs["without"], strict=True)]
    return {
        "model": model,
        "articles": float(articles),
        "pairs": float(pairs),
        "without": statistics.median(run[0] for run in runs["without"]),
        "with": statistics.median(run[0] for run in runs["with"]),
        "without_cpu": statistics.median(run[1] for run in runs["without"]),
        "with_cpu": statistics.median(run[1] for run in runs["with"]),
        "wall_ratios": wall_ratios,
        "cpu_ratios": cpu_ratios,
        "wall_ratio": statistics.median(wall_ratios),
        "cpu_ratio": statistics.median(cpu_ratios),
    }


def report(
    results: dict[int, dict[str, float]], queries: int, runs: Sequence[dict[str, Any]] = ()
) -> str:
    sizes = sorted(results)
    small, large = results[sizes[0]], results[sizes[-1]]
    lines = [
        "# Translation memory: import, exact and fuzzy lookups",
        "",
        f"translate {__version__}, Python {platform.python_version()}, {platform.machine()}, "
        f"{datetime.date.today()}; `python bench/memory.py` ({queries} lookups per kind). "
        "Synthetic sentences (Zipf vocabulary of 40,000 invented words, 5-25 words each). "
        "CPU time of the process (wall time for the import too): compare within this file.",
        "",
        "| units | import (units/s CPU; wall) | exact lookup (µs/sentence) "
        "| fuzzy, near (µs) | fuzzy, fresh (µs) | near matched | fresh matched |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        f = results[size]
        lines.append(
            f"| {f['units']:,.0f} | {f['import_per_s']:,.0f}; {f['import_wall_per_s']:,.0f} "
            f"| {f['exact_us']:.1f} | {f['fuzzy_near_us']:,.0f} | {f['fuzzy_fresh_us']:,.0f} "
            f"| {f['fuzzy_near_matched']:.0%} | {f['fuzzy_fresh_matched']:.0%} |"
        )
    growth = large["units"] / small["units"]
    lines += [
        "",
        f"At {growth:.0f}x the units: import time grows "
        f"{growth * small['import_per_s'] / large['import_per_s']:.1f}x (the word index "
        "filed with it), an exact lookup "
        f"{large['exact_us'] / small['exact_us']:.1f}x and a fuzzy lookup (near) "
        f"{large['fuzzy_near_us'] / small['fuzzy_near_us']:.1f}x.",
        f"A fuzzy lookup by scanning all {large['units']:,.0f} units costs "
        f"{large['scan_us'] / 1000:,.0f} ms a sentence: the index is "
        f"{large['scan_us'] / large['fuzzy_near_us']:,.0f}x faster (near sentences).",
        "",
    ]
    for figures in runs:
        model = (
            "the tiny test model, whose translation costs almost nothing"
            if figures["model"] == "tiny"
            else "the opus-mt-de-en-shaped random model (bench/speed.py: CTranslate2 int8, "
            "beam 4, each sentence decoded to the length a real translation would have)"
        )
        walls = ", ".join(f"{ratio:.2f}" for ratio in figures["wall_ratios"])
        cpus = ", ".join(f"{ratio:.2f}" for ratio in figures["cpu_ratios"])
        lines += [
            f"A batch run of {figures['articles']:.0f} articles (15 sentences each, none in the "
            f"memory) with {model}, without a memory and with the {large['units']:,.0f}-unit "
            f"one, {figures['pairs']:.0f} pairs run back to back in alternating order on a "
            "machine other work shares (medians of the runs: "
            f"{figures['without']:.1f} s wall, {figures['without_cpu']:.1f} s CPU without; "
            f"{figures['with']:.1f} s wall, {figures['with_cpu']:.1f} s CPU with). Median of the "
            f"paired ratios, with / without (target: at most 1.15x): "
            f"**{figures['wall_ratio']:.2f}x wall time** (pairs: {walls}), "
            f"**{figures['cpu_ratio']:.2f}x CPU time** (pairs: {cpus}). The difference is one "
            "exact and one fuzzy lookup per sentence.",
            "",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[6_250, 100_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--run-articles", type=int, default=20, help="articles of the run-time ratio (0: none)"
    )
    parser.add_argument(
        "--run-models",
        nargs="+",
        choices=("opus-mt", "tiny"),
        default=["opus-mt"],
        help="the models of the run-time ratio (opus-mt: the opus-mt-shaped random model)",
    )
    parser.add_argument("--pairs", type=int, default=5, help="paired runs per model")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        results = {
            size: measure(
                size, arguments.queries, Path(folder), baseline=size == max(arguments.sizes)
            )
            for size in arguments.sizes
        }
        largest = Path(folder) / f"memory-{max(arguments.sizes)}.sqlite3"
        runs = [
            run_ratio(largest, Path(folder), arguments.run_articles, arguments.pairs, model)
            for model in (arguments.run_models if arguments.run_articles else ())
        ]
    text = report(results, arguments.queries, runs)
    arguments.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
