"""Benchmark the sentence segmenters of `translate.segment.registry` on the shared German gold sets.

Scores `rules` (ours), `pysbd` and, when it is installed, `somajo` in one run with the shared
evaluation kit's own scoring (imported from `--shared`, not re-implemented): exact-match share,
boundary precision, recall and F1 on golden_de, challenge_de, newstest_paragraphs_de and
newstest_paragraphs_de_gquotes. Then times each segmenter over every paragraph of the four sets,
repeated and interleaved, and reports the median as gold sentences per second.

    python bench/segmentation.py [--shared ../shared/eval/segmentation]
                                 [--out bench/results-segmentation.md] [--repeat 5]

The Markdown table goes to `--out` and to stdout; the last stdout line is
`rules_vs_pysbd_speed=<x.xx>` (how many times faster `rules` is than pysbd). The output holds
numbers only, none of the gold text.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from translate.errors import UsageError
from translate.files import write_text_atomic
from translate.options import SegmenterName
from translate.segment.registry import get_segmenter, segmenter_signature

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO.parent / "shared" / "eval" / "segmentation"
DEFAULT_OUT = REPO / "bench" / "results-segmentation.md"
DATASETS = (
    "golden_de",
    "challenge_de",
    "newstest_paragraphs_de",
    "newstest_paragraphs_de_gquotes",
)
REQUIRED = ("rules", "pysbd")

Case = dict[str, Any]
Segmenter = Callable[[str], list[str]]


def load_evaluator(shared: Path) -> ModuleType:
    """The shared kit's evaluate.py, imported as a module from its own folder."""
    path = shared / "evaluate.py"
    spec = importlib.util.spec_from_file_location("segmentation_evaluate", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise SystemExit(f"segmentation: error: no evaluator at {path}; pass --shared DIR.")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_segmenters() -> tuple[dict[str, Segmenter], list[str]]:
    """Every registered segmenter that can be loaded, and why the others cannot.

    `rules` and `pysbd` must load: without them there is nothing to compare.
    """
    loaded: dict[str, Segmenter] = {}
    skipped: list[str] = []
    for name in SegmenterName:
        try:
            loaded[name] = get_segmenter(name)
        except UsageError as error:
            if name in REQUIRED:
                raise SystemExit(f"segmentation: error: {error}") from error
            skipped.append(str(error))
    return loaded, skipped


def score(
    evaluator: ModuleType, segmenters: dict[str, Segmenter], datasets: dict[str, list[Case]]
) -> list[dict[str, Any]]:
    """One row of the kit's metrics per segmenter and dataset."""
    rows = []
    for name, segment in segmenters.items():
        for dataset, cases in datasets.items():
            metrics, _details = evaluator.evaluate(segment, cases)
            rows.append({"segmenter": name, "dataset": dataset, **metrics})
    return rows


def time_segmenters(
    segmenters: dict[str, Segmenter], paragraphs: list[str], repeat: int
) -> dict[str, float]:
    """Median seconds per pass over `paragraphs`; the order rotates so all share any drift."""
    names = list(segmenters)
    for name in names:  # warm-up: caches, lazy regexes
        for text in paragraphs[:20]:
            segmenters[name](text)
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(repeat):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            segment = segmenters[name]
            start = time.perf_counter()
            for text in paragraphs:
                segment(text)
            seconds[name].append(time.perf_counter() - start)
    return {name: statistics.median(times) for name, times in seconds.items()}


def render(
    rows: list[dict[str, Any]],
    speed: dict[str, float],
    n_paragraphs: int,
    n_sentences: int,
    repeat: int,
    skipped: list[str],
) -> str:
    """The Markdown report: machine, accuracy table, speed table."""
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    versions = ", ".join(segmenter_signature(name) for name in speed)
    lines = [
        "# German sentence segmentation: `rules` against pySBD (and SoMaJo when installed)",
        "",
        f"- Date: {now}",
        f"- Machine: {platform.platform()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs; Python {platform.python_version()}",
        f"- Segmenters: {versions}",
        *(f"- Not run: {reason}" for reason in skipped),
        "- Command: `python bench/segmentation.py`; scoring by the shared kit's `evaluate.py` "
        "(see its README for the data sets and metrics)",
        "",
        "## Accuracy",
        "",
        "Exact = whole paragraph split right. P / R / F1 = sentence-boundary precision, recall "
        "and F1 (micro). FP = wrong split, FN = missed boundary. Changed = paragraphs whose "
        "text the segmenter altered (0: every sentence is cut from the input).",
        "",
        "| segmenter | dataset | cases | sentences | exact | P | R | F1 | FP | FN | changed |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['segmenter']} | {row['dataset']} | {row['cases']} | {row['sentences']} "
            f"| {100 * row['exact']:.1f}% | {row['precision']:.3f} | {row['recall']:.3f} "
            f"| {row['f1']:.3f} | {row['fp']} | {row['fn']} | {row['changed']} |"
        )
    lines += [
        "",
        "## Speed",
        "",
        f"All {n_paragraphs} paragraphs of the four sets ({n_sentences} gold sentences) per pass; "
        f"median of {repeat} interleaved passes, set-up excluded.",
        "",
        "| segmenter | seconds / pass | sentences / s | speed vs pysbd |",
        "|---|---:|---:|---:|",
    ]
    for name, seconds in speed.items():
        lines.append(
            f"| {name} | {seconds:.3f} | {n_sentences / seconds:,.0f} "
            f"| {speed['pysbd'] / seconds:.2f}× |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Score and time the segmenters, write the Markdown report, print the speed ratio last."""
    parser = argparse.ArgumentParser(description="Benchmark the German sentence segmenters.")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="evaluation kit")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="Markdown report")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes per segmenter")
    args = parser.parse_args(argv)

    evaluator = load_evaluator(args.shared)
    datasets = {name: evaluator.load_jsonl(str(args.shared / f"{name}.jsonl")) for name in DATASETS}
    segmenters, skipped = load_segmenters()
    for reason in skipped:
        print(f"segmentation: skipping {reason}", file=sys.stderr)
    rows = score(evaluator, segmenters, datasets)
    paragraphs = [case["text"] for cases in datasets.values() for case in cases]
    n_sentences = sum(len(case["sentences"]) for cases in datasets.values() for case in cases)
    speed = time_segmenters(segmenters, paragraphs, max(1, args.repeat))

    report = render(rows, speed, len(paragraphs), n_sentences, max(1, args.repeat), skipped)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(args.out, report)
    print(report)
    print(f"rules_vs_pysbd_speed={speed['pysbd'] / speed['rules']:.2f}")


if __name__ == "__main__":
    main()
