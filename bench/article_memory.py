"""Peak memory of `translate run` on one big article, at several sizes.

    python bench/article_memory.py [--sizes 1,4] [--out bench/results-article-memory.md]

Each run is a fresh process (`translate run` through `translate.cli.main`, tiny model,
default formats, no cache and no memory) on one article of `size` MiB of German: paragraphs of
five sentences drawn from the tiny model's training pairs (scripts/tiny_pairs.tsv), so the
model translates a few hundred distinct sentences and the rest (segmenting, pairing, the review
checks, rendering every format, writing) meets the article's full size. The peak is the
process's own high-water mark (`VmHWM` in /proc/self/status, read as it exits: `ru_maxrss` of
waited children is their maximum, not each one's), less the same for a base article holding
each of those sentences once (imports, the model, each sentence translated once): what the
article's size costs.
Writes the results file; the last stdout line holds the figures. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TINY_MARIAN = REPO / "tests" / "fixtures" / "tiny-marian"
TRAINING_PAIRS = REPO / "scripts" / "tiny_pairs.tsv"
DEFAULT_OUT = REPO / "bench" / "results-article-memory.md"
MIB = 1024 * 1024
# Runs the CLI with the given arguments, then prints the process's peak RSS (kB) on its own
# last stderr line, whatever the CLI's exit.
_CHILD = """
import atexit, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            print("VMHWM_KB", line.split()[1], file=sys.stderr, flush=True)
atexit.register(peak)
sys.argv = ["translate", *sys.argv[1:]]
from translate.cli import main
main()
"""


def _training_german() -> list[str]:
    lines = TRAINING_PAIRS.read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if "\t" in line]


def base_size() -> int:
    """The size of an article that holds every training sentence once: the base run, which
    costs what does not grow with the article (imports, the model, each distinct sentence
    translated once)."""
    return sum(len(sentence.encode("utf-8")) + 1 for sentence in _training_german())


def german_article(size: int) -> str:
    """About `size` bytes of German (UTF-8): paragraphs of five training sentences in turn."""
    german = _training_german()
    paragraphs: list[str] = []
    written = index = 0
    while written < size:
        paragraph = " ".join(german[(index + n) % len(german)] for n in range(5))
        index += 5
        paragraphs.append(paragraph)
        written += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(paragraphs) + "\n"


def peak_kib(article: Path, out: Path) -> int:
    """The peak RSS, in KiB, of one `translate run` of `article` into `out`."""
    command = [
        sys.executable,
        "-c",
        _CHILD,
        "run",
        str(article),
        "--out",
        str(out),
        "--model",
        str(TINY_MARIAN),
        "--no-cache",
        "--no-memory",
        "--quiet",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
    if done.returncode != 0:
        raise RuntimeError(f"translate run failed ({done.returncode}): {done.stderr[-2000:]}")
    figures = [line.split()[1] for line in done.stderr.splitlines() if line.startswith("VMHWM_KB")]
    return int(figures[-1])


def measure(sizes: Sequence[int], work: Path) -> dict[str, int]:
    """Peak RSS in KiB of the base article (`"base"`, `base_size`) and of one article of each
    size (bytes), each in a fresh process and output folder, after a first run that converts
    the model if that is still to do (a cost of the first run only)."""
    figures: dict[str, int] = {}
    warm_up = work / "artikel-warm-up.txt"  # converts the model, if not done yet: not measured
    warm_up.write_text(german_article(1), encoding="utf-8")
    peak_kib(warm_up, work / "out-warm-up")
    for label, size in [("base", base_size()), *((str(size), size) for size in sizes)]:
        article = work / f"artikel-{label}.txt"
        article.write_text(german_article(size), encoding="utf-8")
        figures[label] = peak_kib(article, work / f"out-{label}")
    return figures


def report(sizes: Sequence[int], figures: dict[str, int]) -> str:
    """The results file: per size, the peak, the article's own share, and that share over the
    article's size."""
    rows = [
        "| article | peak RSS | above the base article | × the article's size |",
        "|---|---|---|---|",
        f"| base ({base_size() / 1024:.0f} KiB) | {figures['base'] / 1024:.0f} MiB | | |",
    ]
    for size in sizes:
        above = (figures[str(size)] - figures["base"]) * 1024
        rows.append(
            f"| {size / MIB:g} MiB | {figures[str(size)] / 1024:.0f} MiB "
            f"| {above / MIB:.0f} MiB | {above / size:.0f}× |"
        )
    today = datetime.date.today().isoformat()
    return "\n".join(
        [
            "# Peak memory of one big article",
            "",
            f"`python bench/article_memory.py --sizes {','.join(f'{s / MIB:g}' for s in sizes)}`"
            f", {today}, Python {platform.python_version()}, {platform.machine()}; tiny model, "
            "default formats, `--no-cache --no-memory`, one fresh process per run, peak = "
            "VmHWM.",
            "",
            *rows,
            "",
        ]
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,4", help="article sizes in MiB, comma-separated")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    sizes = [int(float(size) * MIB) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as work:
        figures = measure(sizes, Path(work))
    args.out.write_text(report(sizes, figures), encoding="utf-8")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
