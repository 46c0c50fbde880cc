"""Benchmark the `number-mismatch` review flag on labelled German/English pairs.

Each data file is a TSV with the header `label kind de en`: `label` is `mismatch` (the English
gets a number of the German wrong, drops one or adds one) or `ok` (a correct rendering, often a
hard one: `14.30 Uhr` → `2.30 p.m.`, `1,2 Mio.` → `€1.2m`, `zwölf` → `12`), `kind` groups the
pairs in the report. The flag is scored by precision and recall of `mismatch`, against a
baseline measured in the same run: the naive check that the German and the English hold the
same digit strings (`\\d+`). Then the check is timed on two synthetic texts 16x apart in size,
to show it is linear.

    python bench/number_check.py [--data FILE ...] [--out bench/results-numbers.md] [--repeat 5]

The Markdown report goes to `--out` and to stdout; the last stdout lines are
`<file>.precision=<p>` and `<file>.recall=<r>` for each file.
"""

from __future__ import annotations

import argparse
import datetime
import platform
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from labelled_pairs import precision, read_labelled, recall

from translate.align.numbers import number_differences
from translate.files import write_text_atomic
from translate.version import __version__

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "bench" / "data"
DEFAULT_DATA = (DATA / "numbers.tsv", DATA / "numbers-fresh.tsv")
DEFAULT_OUT = REPO / "bench" / "results-numbers.md"
HEADER = ["label", "kind", "de", "en"]
LABELS = ("mismatch", "ok")
_DIGITS = re.compile(r"\d+")

Check = Callable[[str, str], bool]


@dataclass(frozen=True, slots=True)
class Pair:
    """One labelled pair: `mismatch` is True when the English gets a number wrong."""

    line: int
    mismatch: bool
    kind: str
    source: str
    target: str


@dataclass(frozen=True, slots=True)
class Score:
    """Counts of one check on one data file, and the pairs it got wrong."""

    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int
    wrong: tuple[Pair, ...]

    @property
    def precision(self) -> float:
        return precision(self.true_positives, self.false_positives)

    @property
    def recall(self) -> float:
        return recall(self.true_positives, self.false_negatives)

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def read_pairs(path: Path) -> list[Pair]:
    """The labelled pairs of a TSV file; SystemExit naming the row when one is malformed."""
    try:
        rows = read_labelled(path, HEADER)
    except ValueError as error:
        raise SystemExit(f"numbers: error: {error}") from error
    pairs = []
    for number, row in rows:
        if row[0] not in LABELS or not row[2] or not row[3]:
            raise SystemExit(f"numbers: error: {path}:{number}: expected label kind de en")
        pairs.append(Pair(number, row[0] == "mismatch", row[1], row[2], row[3]))
    return pairs


def flag(source: str, target: str) -> bool:
    """Ours: the `number-mismatch` flag."""
    return bool(number_differences(source, target))


def digit_strings_differ(source: str, target: str) -> bool:
    """The baseline: the two sides do not hold the same digit strings."""
    return Counter(_DIGITS.findall(source)) != Counter(_DIGITS.findall(target))


def score(pairs: Sequence[Pair], check: Check) -> Score:
    """How `check` flags the pairs, against their labels."""
    counts = Counter((pair.mismatch, check(pair.source, pair.target)) for pair in pairs)
    wrong = tuple(pair for pair in pairs if pair.mismatch != check(pair.source, pair.target))
    return Score(
        counts[True, True], counts[False, True], counts[True, False], counts[False, False], wrong
    )


def time_linear(repeat: int) -> tuple[float, float]:
    """Median seconds of the check on a text and on one 16 times as long."""
    german = " ".join(
        f"Am {i % 28 + 1}. Mai kamen {i}.000 Menschen um 14.30 Uhr." for i in range(200)
    )
    english = " ".join(f"On {i % 28 + 1} May, {i},000 people came at 2.30 p.m." for i in range(200))
    timings = []
    for factor in (1, 16):
        source, target = " ".join([german] * factor), " ".join([english] * factor)
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            number_differences(source, target)
            runs.append(time.perf_counter() - started)
        timings.append(statistics.median(runs))
    return timings[0], timings[1]


# Per data file: its pairs, our score and the baseline's.
Results = dict[Path, tuple[list[Pair], Score, Score]]


def report(results: Results, timing: tuple[float, float]) -> str:
    """The Markdown report."""
    lines = [
        "# Number check benchmark: `number-mismatch` on labelled pairs",
        "",
        f"translate {__version__}, Python {platform.python_version()}, "
        f"{datetime.date.today().isoformat()}. `python bench/number_check.py` rewrites this file.",
        "",
        "| data | pairs | mismatch | check | precision | recall | F1 | false flags | missed |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for path, (pairs, ours, baseline) in results.items():
        errors = sum(pair.mismatch for pair in pairs)
        for name, result in (("number-mismatch", ours), ("baseline: same digit strings", baseline)):
            lines.append(
                f"| `{path.name}` | {len(pairs)} | {errors} | {name} | {result.precision:.3f} | "
                f"{result.recall:.3f} | {result.f1:.3f} | {result.false_positives} | "
                f"{result.false_negatives} |"
            )
    lines += ["", "Per kind (ours): pairs flagged correctly / pairs.", ""]
    lines += ["| data | kind | ok pairs | mismatch pairs |", "|---|---|---|---|"]
    for path, (pairs, ours, _) in results.items():
        wrong = {pair.line for pair in ours.wrong}
        for kind in sorted({pair.kind for pair in pairs}):
            cells = []
            for mismatch in (False, True):
                group = [p for p in pairs if p.kind == kind and p.mismatch is mismatch]
                right = sum(p.line not in wrong for p in group)
                cells.append(f"{right}/{len(group)}" if group else "")
            lines.append(f"| `{path.name}` | {kind} | {cells[0]} | {cells[1]} |")
    lines += ["", "Pairs the check gets wrong:", ""]
    misses = [
        f"- `{path.name}:{pair.line}` ({'missed' if pair.mismatch else 'false flag'}): "
        f"{pair.source} → {pair.target}"
        for path, (_, ours, _) in results.items()
        for pair in ours.wrong
    ]
    lines += misses or ["- none"]
    short, long = timing
    lines += [
        "",
        f"Linear time: {short * 1000:.1f} ms for 200 German/English sentence pairs of numbers, "
        f"{long * 1000:.1f} ms for 16 times as many ({long / short:.1f}x; 16x is linear).",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Score every data file, write the report, print the headline figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, action="append", help="labelled TSV (repeatable)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    results: Results = {}
    for path in args.data or DEFAULT_DATA:
        pairs = read_pairs(path)
        results[path] = (pairs, score(pairs, flag), score(pairs, digit_strings_differ))
    text = report(results, time_linear(max(1, args.repeat)))
    write_text_atomic(args.out, text)
    print(text)
    for path, (_, ours, _) in results.items():
        print(f"{path.name}.precision={ours.precision:.3f}")
        print(f"{path.name}.recall={ours.recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
