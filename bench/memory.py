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
                           [--out bench/results-memory.md]

Last, a batch run (`process_paths`, the tiny test model) with and without the largest memory.

Times are CPU time of this process (`time.process_time`), which other processes on a shared
machine disturb far less than wall time; the import's wall-clock rate (with its fsync) is
given too. Compare the ratios within one run.
"""

from __future__ import annotations

import argparse
import datetime
import math
import platform
import random
import tempfile
import time
from dataclasses import replace
from pathlib import Path

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


def run_ratio(memory: Path, folder: Path, articles: int, repeats: int = 2) -> dict[str, float]:
    """CPU seconds of one batch run (`process_paths`, the tiny model, no translation cache)
    without a memory and with `memory`, interleaved, best of `repeats`; none of the batch's
    sentences is in the memory, so every one pays an exact and a fuzzy lookup."""
    from translate.engines import load_translator
    from translate.options import BatchOptions, Options
    from translate.run import process_paths

    lines = (REPO / "scripts" / "tiny_pairs.tsv").read_text(encoding="utf-8").splitlines()
    german = [line.split("\t")[0] for line in lines if line.strip()]
    source = folder / "articles"
    source.mkdir()
    for number in range(articles):
        chosen = random.Random(number).sample(german, 15)
        text = "\n\n".join(" ".join(chosen[i : i + 3]) for i in range(0, 15, 3))
        (source / f"artikel-{number}.txt").write_text(text + "\n", encoding="utf-8")
    plain = Options(model=str(REPO / "tests" / "fixtures" / "tiny-marian"))
    translator = load_translator(plain)
    best = {"without": math.inf, "with": math.inf}
    for repeat in range(repeats):
        for label, options in (("without", plain), ("with", replace(plain, memory=memory))):
            start = time.process_time()
            process_paths(
                [str(source)],
                options,
                folder / f"out-{label}-{repeat}",
                load=lambda _: translator,
                batch=BatchOptions(use_cache=False),
                keep_results=False,
            )
            best[label] = min(best[label], time.process_time() - start)
    return {"articles": float(articles), **best}


def report(
    results: dict[int, dict[str, float]], queries: int, run: dict[str, float] | None = None
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
    if run is not None:
        lines += [
            f"A batch run of {run['articles']:.0f} articles (15 sentences each, none in the "
            f"memory) with the tiny test model, whose translation costs almost nothing: "
            f"{run['without']:.2f} s CPU without a memory, {run['with']:.2f} s with the "
            f"{large['units']:,.0f}-unit memory ({run['with'] / run['without']:.2f}x). The "
            "difference is one exact and one fuzzy lookup per sentence: set it against a real "
            "model's cost per sentence (bench/results.md).",
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
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        results = {
            size: measure(
                size, arguments.queries, Path(folder), baseline=size == max(arguments.sizes)
            )
            for size in arguments.sizes
        }
        largest = Path(folder) / f"memory-{max(arguments.sizes)}.sqlite3"
        run = (
            run_ratio(largest, Path(folder), arguments.run_articles)
            if arguments.run_articles
            else None
        )
    text = report(results, arguments.queries, run)
    arguments.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
