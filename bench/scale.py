"""Archive-sized batches: does an article cost the same at 8,000 articles as at 500?

    python bench/scale.py [--quick] [--small 500] [--large 8000] [--huge 100000]

Each run is a fresh `translate run` process on a folder of short articles (4 sentences each,
from the tiny model's training pairs, every article different), tiny model, default engine:
  - a cold run (empty translation cache) and a warm one (`--force`, the cache full) at the
    small and the large size, 16x apart: time per article at the large size over the small,
    peak RSS (the process's own `VmHWM`, bench/peak.py) at the large size over the small, and
    the time from the process's start to its first written article at both sizes;
  - one run of `--huge` articles (skipped with `--quick`): wall time and peak RSS;
  - in-process: what the durability costs (every file, folder and journal line fsynced, against
    the same run with fsync turned off), and the share of the wall time spent outside
    translation on a random model of opus-mt-de-en's exact shape (bench/speed.py's), with
    every output forced to a real translation's length, at two sizes.
Writes bench/results-scale.md; the last stdout line holds the ratios.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from peak import peak_command, read_peak_mib

REPO = Path(__file__).resolve().parent.parent
TINY_MARIAN = REPO / "tests" / "fixtures" / "tiny-marian"
TRAINING_PAIRS = REPO / "scripts" / "tiny_pairs.tsv"
DEFAULT_OUT = REPO / "bench" / "results-scale.md"
SENTENCES_PER_ARTICLE = 4


@dataclass(frozen=True, slots=True)
class Run:
    """One `translate run` process: its size, wall time, first and last article, peak memory.

    `per_article_ms` is the steady pace, from the first article written to the last: start-up
    (imports, loading the model) is the same at every size and would flatter the large run.
    """

    label: str
    articles: int
    seconds: float
    first_article: float
    last_article: float
    rss_mib: float

    @property
    def per_article_ms(self) -> float:
        return 1000 * (self.last_article - self.first_article) / max(1, self.articles - 1)


def write_articles(folder: Path, count: int, seed: int = 0) -> None:
    """`count` articles of 4 training sentences each, no two alike (sub-folders of 1,000)."""
    lines = TRAINING_PAIRS.read_text(encoding="utf-8").splitlines()
    german = [line.split("\t")[0] for line in lines if line.strip()]
    chooser = random.Random(seed)
    for index in range(count):
        chosen = chooser.sample(german, SENTENCES_PER_ARTICLE)
        path = folder / f"{index // 1000:03}" / f"artikel{index:06}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(" ".join(chosen[:2]) + "\n\n" + " ".join(chosen[2:]) + "\n", "utf-8")


def spawn(label: str, source: Path, out: Path, cache: Path, *extra: str) -> Run:
    """Run `translate run` in a fresh process; time it, its first article and its peak RSS.

    `cache` is the run's translation cache; the converted model is shared by every run (the
    conversion happens once, before any is timed). The peak is the process's own (bench/peak.py:
    not `wait4`'s `ru_maxrss`, which is this process's peak whenever that is the higher).
    """
    cache.mkdir(parents=True, exist_ok=True)
    (cache.parent / "ct2").mkdir(exist_ok=True)
    if not (cache / "ct2").exists():
        (cache / "ct2").symlink_to(cache.parent / "ct2", target_is_directory=True)
    report = cache.parent / f"{label}.peak-kib"
    command = peak_command(report, "translate", "run", str(source), "-r", "-o", str(out))
    command += ["--model", str(TINY_MARIAN), *extra]
    environment = {**os.environ, "TRANSLATE_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=environment
    )
    assert process.stderr is not None
    first = last = float("nan")
    articles = 0
    for line in process.stderr:
        if "written to" in line or "unchanged since the last run" in line:
            articles += 1
            last = time.perf_counter() - started
            if articles == 1:
                first = last
    status = process.wait()
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{label}: translate run failed ({status}): {' '.join(command)}")
    return Run(label, articles, seconds, first, last, read_peak_mib(report))


def scale_runs(small: int, large: int, work: Path) -> dict[str, Run]:
    """Cold and warm runs at both sizes, each with a cache of its own."""
    runs: dict[str, Run] = {}
    write_articles(work / "in-warm-up", 1)
    spawn("warm-up", work / "in-warm-up", work / "out-warm-up", work / "cache-warm-up")
    for size in (small, large):
        source = work / f"in-{size}"
        write_articles(source, size)
        cache = work / f"cache-{size}"
        out = work / f"out-{size}"
        runs[f"cold-{size}"] = spawn(f"cold-{size}", source, out, cache)
        runs[f"warm-{size}"] = spawn(f"warm-{size}", source, out, cache, "--force")
        shutil.rmtree(out)
    return runs


def huge_run(count: int, work: Path) -> Run:
    source = work / f"in-{count}"
    write_articles(source, count)
    run = spawn(f"huge-{count}", source, work / f"out-{count}", work / f"cache-{count}")
    shutil.rmtree(work / f"out-{count}", ignore_errors=True)
    shutil.rmtree(source, ignore_errors=True)
    return run


# --- in-process measurements --------------------------------------------------------------


@contextmanager
def fsync_off() -> Iterator[None]:
    """fsync as a no-op, for the durability baseline."""
    real = os.fsync

    def no_fsync(fd: Any) -> None:
        del fd

    os.fsync = no_fsync
    try:
        yield
    finally:
        os.fsync = real


def timed_batch(source: Path, out: Path, translator: Any, options: Any) -> float:
    from translate.options import BatchOptions
    from translate.run import process_paths

    started = time.perf_counter()
    process_paths(
        [str(source)],
        options,
        out,
        load=lambda _: translator,
        batch=BatchOptions(recursive=True, use_cache=False),
        keep_results=False,
    )
    return time.perf_counter() - started


def durability_cost(count: int, work: Path, repeats: int) -> tuple[float, float]:
    """Seconds per article with and without fsync (best of `repeats`, interleaved)."""
    from translate.engines import load_translator
    from translate.options import Device, Options

    options = Options(model=str(TINY_MARIAN), device=Device.cpu)
    translator = load_translator(options)
    source = work / "in-durability"
    write_articles(source, count)
    synced, unsynced = [], []
    for attempt in range(repeats):
        synced.append(timed_batch(source, work / f"synced-{attempt}", translator, options))
        with fsync_off():
            unsynced.append(timed_batch(source, work / f"unsynced-{attempt}", translator, options))
    return min(synced) / count, min(unsynced) / count


def verbose_line_cost(count: int = 5000) -> tuple[float, float]:
    """Microseconds per finished article for the progress bar on a terminal, without and with
    `--verbose` (a line per article printed above the bar), against a terminal-like file."""
    import io

    from translate.cli.progress import ProgressBarObserver
    from translate.run import ArticleEntry, Status

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    entry = ArticleEntry("in/a.txt", "a", Status.DONE, sentences=4)
    costs = []
    real_stderr = sys.stderr
    for verbose in (False, True):
        sys.stderr = Terminal()
        try:
            observer = ProgressBarObserver(Path("out"), verbose=verbose)
            observer.start(articles=count, sentences=0)
            started = time.perf_counter()
            for _ in range(count):
                observer.advance(4)
                observer.finish_article(entry)
            costs.append(1e6 * (time.perf_counter() - started) / count)
            observer.stop()
        finally:
            sys.stderr = real_stderr
    return costs[0], costs[1]


class TimedTranslator:
    """A translator that forces real output lengths and adds up the time it translates."""

    def __init__(self, translator: Any, forced: Callable[[Sequence[str]], int]) -> None:
        self._translator = translator
        self._forced = forced
        self.seconds = 0.0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._translator, name)

    def translate_scored(
        self, texts: Sequence[str], *, num_beams: int
    ) -> list[tuple[str, float | None]]:
        length = self._forced(texts)
        started = time.perf_counter()
        outputs: list[tuple[str, float | None]] = self._translator.translate_scored(
            texts, num_beams=num_beams, max_new_tokens=length, min_new_tokens=length
        )
        self.seconds += time.perf_counter() - started
        return outputs


def outside_translation(sizes: Sequence[int], work: Path) -> dict[int, tuple[float, float]]:
    """(wall seconds, share outside translation) at each size, on the opus-mt-shaped model."""
    speed = _load_bench("speed")
    speed.build_model()
    os.environ["TRANSLATE_CACHE_DIR"] = str(speed.CT2_CACHE)
    from translate.engines import load_translator
    from translate.options import Device, Options

    sentences = speed.article_sentences()
    options = Options(model=str(speed.MODEL_DIR), device=Device.cpu)
    base = load_translator(options)
    shares: dict[int, tuple[float, float]] = {}
    for size in sizes:
        source = work / f"in-opus-{size}"
        chooser = random.Random(size)
        for index in range(size):
            # Every sentence different (its words in a new order: the same length, so the same
            # cost to a random model), or the run's in-memory cache would translate each once.
            chosen = [_shuffled(sentence, chooser) for sentence in chooser.sample(sentences, 8)]
            path = source / f"artikel{index:05}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(" ".join(chosen[:4]) + "\n\n" + " ".join(chosen[4:]) + "\n", "utf-8")
        timed = TimedTranslator(
            base, lambda texts: max(speed.forced_length(text) for text in texts)
        )
        wall = timed_batch(source, work / f"out-opus-{size}", timed, options)
        shares[size] = (wall, 1 - timed.seconds / wall)
    return shares


def _shuffled(sentence: str, chooser: random.Random) -> str:
    """The sentence's words in a random order, ending in a full stop."""
    words = sentence.rstrip(".!?").split()
    chooser.shuffle(words)
    return " ".join(words) + "."


def _load_bench(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# --- the report -------------------------------------------------------------------------


def render(
    runs: dict[str, Run],
    huge: Run | None,
    durability: tuple[float, float],
    shares: dict[int, tuple[float, float]],
    verbose: tuple[float, float],
    small: int,
    large: int,
) -> tuple[str, str]:
    """The Markdown report and the one-line summary of ratios."""
    ratios = {
        kind: runs[f"{kind}-{large}"].per_article_ms / runs[f"{kind}-{small}"].per_article_ms
        for kind in ("cold", "warm")
    }
    rss = runs[f"cold-{large}"].rss_mib / runs[f"cold-{small}"].rss_mib
    first = max(run.first_article for run in runs.values())
    synced, unsynced = durability
    lines = [
        "# Archive-scale batches",
        "",
        f"`python bench/scale.py` on {datetime.date.today()}, {platform.processor() or 'CPU'}"
        f" ({os.cpu_count()} CPUs), Python {platform.python_version()}; tiny model, default "
        f"engine, {SENTENCES_PER_ARTICLE} sentences per article, each run a fresh process.",
        "",
        "| run | articles | wall | per article (steady) | first article written | peak RSS |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for run in [*runs.values(), *([huge] if huge else [])]:
        lines.append(
            f"| {run.label} | {run.articles:,} | {run.seconds:.1f} s | "
            f"{run.per_article_ms:.1f} ms | {run.first_article:.2f} s | {run.rss_mib:.0f} MiB |"
        )
    lines += [
        "",
        f"- per-article time, {large:,} over {small:,} articles: **{ratios['cold']:.2f}x** cold, "
        f"**{ratios['warm']:.2f}x** warm (goal <= 1.15)",
        f"- peak RSS, {large:,} over {small:,} articles (cold): **{rss:.2f}x** (goal <= 1.2)",
        f"- first article written within **{first:.1f} s** of the start at either size "
        "(goal <= 10 s)",
        f"- durability (fsync of every file, folder and journal line): {1000 * synced:.1f} ms "
        f"per article against {1000 * unsynced:.1f} ms without: **{synced / unsynced:.2f}x**",
    ]
    quiet_us, verbose_us = verbose
    lines.append(
        f"- the progress bar on a terminal: {quiet_us:.0f} us per article, {verbose_us:.0f} us "
        f"with `--verbose` (a line per article above the bar): {verbose_us / (1e4 * synced):.1f}% "
        "of an article's time on the tiny model (less on a real one)"
    )
    for size, (wall, share) in shares.items():
        lines.append(
            f"- opus-mt-shaped random model, {size} articles of 8 sentences: {wall:.0f} s, of "
            f"which **{100 * share:.1f}%** outside translation (reading, segmenting, review, "
            "summary, files, manifest)"
        )
    summary = (
        f"per_article_ratio_cold={ratios['cold']:.2f} per_article_ratio_warm={ratios['warm']:.2f}"
        f" rss_ratio={rss:.2f} first_article_s={first:.2f} fsync_cost={synced / unsynced:.2f}"
    )
    return "\n".join(lines) + "\n", summary


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark and write its report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--large", type=int, default=8000)
    parser.add_argument("--huge", type=int, default=100_000)
    parser.add_argument("--opus-sizes", type=int, nargs=2, default=(20, 160))
    parser.add_argument("--quick", action="store_true", help="skip the --huge run")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    arguments = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from translate.files import write_text_atomic

    with tempfile.TemporaryDirectory(prefix="translate-scale-") as scratch:
        work = Path(scratch)
        # The processes first: a child forked from this process once it holds a model starts
        # with that model's pages resident, and its peak RSS would count them.
        runs = scale_runs(arguments.small, arguments.large, work)
        huge = None if arguments.quick else huge_run(arguments.huge, work)
        durability = durability_cost(arguments.small, work, repeats=3)
        shares = outside_translation(arguments.opus_sizes, work)
        verbose = verbose_line_cost()
    report, summary = render(
        runs, huge, durability, shares, verbose, arguments.small, arguments.large
    )
    write_text_atomic(arguments.out, report)
    print(report)
    print(summary)


if __name__ == "__main__":
    main()
