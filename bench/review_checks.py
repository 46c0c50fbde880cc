"""Benchmark the review checks added for whole documents and any bilingual file.

Two measures, in one run:

- Precision and recall per new flag kind on `bench/data/review-checks.tsv` (header
  `split doc expect note de en`): planted faults (`expect` names the flag the pair must get) and
  clean pairs that look risky (`expect` is `-`), split into `dev` and `held` halves before any
  tuning. The pairs of one `doc` are reviewed together, as an article is. `--split` picks the
  half to score (the held-out half is scored once, at the end).
- False alarms on professional human translations: the 2,000 newstest 2018/2019 pairs of the
  shared segmentation kit (`--shared`, default `../shared/eval/segmentation`, skipped when
  absent), flags per 100 pairs by kind. Scope `file` reviews each 1,000-pair file as one
  document set (as `translate check` does with one file); scope `window-20` reviews runs of 20
  consecutive pairs, about one newstest article, as a run reviews an article (the files hold
  no article boundaries). "Before" is the per-pair checks that existed before this benchmark's
  checks (the new kinds did not exist: 0 by construction); scope `file-whole-reach` is scope
  `file` with a name's evidence taken from the whole file, as before it was limited to the
  pairs within `NAME_REACH` of each pair.

Then the checks across pairs (names, segments), and the batch's accumulator over articles, are
timed on two synthetic documents 16x apart in size, to show they are linear in the number of
pairs.

    python bench/review_checks.py [--split dev|held] [--out bench/results-review-checks.md]
"""

from __future__ import annotations

import argparse
import datetime
import platform
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from labelled_pairs import precision, read_labelled, recall

from translate.align import document_findings
from translate.align.consistency import NAME_REACH, inconsistent_names
from translate.align.document_review import cross_findings
from translate.align.review import FLAG_ORDER, review_findings
from translate.check.batch import BatchConsistency
from translate.document import SentencePair
from translate.files import write_text_atomic
from translate.version import __version__

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO / "bench" / "data" / "review-checks.tsv"
DEFAULT_SHARED = REPO.parent / "shared" / "eval" / "segmentation"
DEFAULT_OUT = REPO / "bench" / "results-review-checks.md"
HEADER = ["split", "doc", "expect", "note", "de", "en"]
NEW_KINDS = (
    "missing-code",
    "question-exclamation",
    "unpaired-mark",
    "mojibake",
    "inconsistent-name",
    "inconsistent-segment",
)
NEWSTEST = ("newstest_2018", "newstest_2019")
WINDOW = 20


@dataclass(frozen=True, slots=True)
class Row:
    """One labelled pair: `expect` is the flag kind it must get, or None for a clean pair."""

    line: int
    split: str
    doc: str
    expect: str | None
    note: str
    source: str
    target: str


@dataclass(frozen=True, slots=True)
class KindScore:
    """Precision and recall of one flag kind, with the pairs it got wrong."""

    kind: str
    true_positives: int
    false_positives: int
    false_negatives: int
    wrong: tuple[str, ...]

    @property
    def precision(self) -> float:
        return precision(self.true_positives, self.false_positives)

    @property
    def recall(self) -> float:
        return recall(self.true_positives, self.false_negatives)


def read_rows(path: Path) -> list[Row]:
    """The labelled pairs of `path`, checked: a wrong header or an unknown kind is an error."""
    rows = []
    for line, (split, doc, expect, note, source, target) in read_labelled(path, HEADER):
        if split not in ("dev", "held") or expect not in (*NEW_KINDS, "-"):
            raise ValueError(f"{path}:{line}: unknown split {split!r} or kind {expect!r}")
        kind = None if expect == "-" else expect
        rows.append(Row(line, split, doc, kind, note, source, target))
    return rows


def flagged_kinds(rows: Sequence[Row]) -> list[set[str]]:
    """The new kinds each row is flagged with, the rows of a `doc` reviewed together."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        by_doc[row.doc].append(index)
    kinds: list[set[str]] = [set() for _ in rows]
    for indices in by_doc.values():
        pairs = [(rows[index].source, rows[index].target) for index in indices]
        for index, found in zip(indices, document_findings(pairs), strict=True):
            kinds[index] = {kind for kind, _ in found if kind in NEW_KINDS}
    return kinds


def score(rows: Sequence[Row]) -> list[KindScore]:
    """Precision and recall of each new kind over `rows`."""
    flagged = flagged_kinds(rows)
    scores = []
    for kind in NEW_KINDS:
        tp = fp = fn = 0
        wrong = []
        for row, kinds in zip(rows, flagged, strict=True):
            got, wanted = kind in kinds, row.expect == kind
            tp += got and wanted
            fp += got and not wanted
            fn += wanted and not got
            if got != wanted:
                wrong.append(f"line {row.line} ({row.note}): {'false alarm' if got else 'missed'}")
        scores.append(KindScore(kind, tp, fp, fn, tuple(wrong)))
    return scores


def read_newstest(shared: Path) -> list[list[tuple[str, str]]] | None:
    """The newstest files as lists of (German, English) pairs, None when the kit is absent."""
    files = []
    for name in NEWSTEST:
        german, english = shared / f"{name}.deu", shared / f"{name}.eng"
        if not german.is_file() or not english.is_file():
            return None
        files.append(
            list(
                zip(
                    german.read_text(encoding="utf-8").splitlines(),
                    english.read_text(encoding="utf-8").splitlines(),
                    strict=True,
                )
            )
        )
    return files


def newstest_counts(files: Sequence[Sequence[tuple[str, str]]]) -> dict[str, Counter[str]]:
    """Flags by kind: before (the older per-pair checks), and now in both scopes."""
    scopes = ("before", "file-whole-reach", "file", f"window-{WINDOW}", f"batch-{WINDOW}")
    counts = {scope: Counter[str]() for scope in scopes}
    for pairs in files:
        batch = BatchConsistency()
        for source, target in pairs:
            found = review_findings(source, target)
            counts["before"].update(kind for kind, _ in found if kind not in NEW_KINDS)
        ids = [str(index) for index in range(len(pairs))]
        whole = inconsistent_names(pairs, ids, reach=len(pairs))
        for found, name in zip(document_findings(pairs), whole, strict=True):
            counts["file"].update(kind for kind, _ in found)
            counts["file-whole-reach"].update(
                kind for kind, _ in found if kind != "inconsistent-name"
            )
            counts["file-whole-reach"].update(["inconsistent-name"] if name else [])
        for start in range(0, len(pairs), WINDOW):
            for found in document_findings(pairs[start : start + WINDOW]):
                counts[f"window-{WINDOW}"].update(kind for kind, _ in found)
            article = _article(pairs[start : start + WINDOW])
            findings = batch.add(str(start), article)
            counts[f"batch-{WINDOW}"].update(finding.flag for finding in findings)
    return counts


def _article(pairs: Sequence[tuple[str, str]]) -> list[SentencePair]:
    return [SentencePair(1, number, de, en) for number, (de, en) in enumerate(pairs, start=1)]


def time_linear(repeat: int) -> dict[str, tuple[float, float]]:
    """Median seconds of `cross_findings` on 1,000 and 16,000 synthetic pairs (16x), and of a
    batch's `BatchConsistency` fed the same pairs as articles of 20."""
    template = [
        (
            "Die Rebellen in Qalamoun meldeten am {n}. Mai neue Kämpfe.",
            "The rebels in Qalamoun reported new fighting on {n} May.",
        ),
        (
            "Laut SANA (staatlich) wurde Jabroud {n} Mal beschossen.",
            "According to SANA (state-run), Jabroud was shelled {n} times.",
        ),
    ]

    def document(size: int) -> list[tuple[str, str]]:
        return [
            (german.format(n=index), english.format(n=index))
            for index in range(size // len(template))
            for german, english in template
        ]

    def across(pairs: list[tuple[str, str]]) -> None:
        cross_findings(pairs, [str(index) for index in range(len(pairs))])

    def batch(pairs: list[tuple[str, str]]) -> None:
        consistency = BatchConsistency()
        for start in range(0, len(pairs), WINDOW):
            consistency.add(str(start), _article(pairs[start : start + WINDOW]))

    timings: dict[str, tuple[float, float]] = {}
    for name, check in (
        ("`cross_findings` (names, segments)", across),
        ("`BatchConsistency`", batch),
    ):
        medians = []
        for size in (1000, 16000):
            pairs = document(size)
            runs = []
            for _ in range(repeat):
                started = time.perf_counter()
                check(pairs)
                runs.append(time.perf_counter() - started)
            medians.append(statistics.median(runs))
        timings[name] = (medians[0], medians[1])
    return timings


def report(
    data: Path,
    split: str,
    scores: Sequence[KindScore],
    counts: dict[str, Counter[str]] | None,
    total: int,
    timing: dict[str, tuple[float, float]],
) -> str:
    """The Markdown results."""
    lines = [
        "# Review checks: planted faults and false alarms on human translations",
        "",
        f"translate {__version__} · Python {platform.python_version()} · "
        f"{datetime.date.today().isoformat()} · "
        f"`python bench/review_checks.py --data bench/data/{data.name} --split {split}`",
        "",
        f"## Planted faults and risky clean pairs (`{data.name}`, `{split}` half)",
        "",
        "| kind | precision | recall | TP | FP | FN |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {s.kind} | {s.precision:.2f} | {s.recall:.2f} | {s.true_positives} | "
        f"{s.false_positives} | {s.false_negatives} |"
        for s in scores
    ]
    wrong = [f"- {s.kind}: {entry}" for s in scores for entry in s.wrong]
    lines += ["", *(wrong or ["Nothing missed, no false alarm."]), ""]
    lines += ["## Flags per 100 newstest pairs (professional translations)", ""]
    if counts is None:
        lines += ["The shared newstest files were not found (`--shared`): not measured.", ""]
    else:
        scopes = list(counts)
        lines += [
            f"{total} pairs. " + "Scopes: `before` = the per-pair checks that existed before "
            f"(new kinds 0 by construction); `file` = each 1,000-pair file one document set; "
            f"`file-whole-reach` = the same with a name's evidence taken from the whole file "
            f"(before it was limited to {NAME_REACH} pairs either side); "
            f"`window-{WINDOW}` = runs of {WINDOW} pairs, about one article; `batch-{WINDOW}` = "
            f"what a batch run adds to `window-{WINDOW}` when those runs are the articles of one "
            "batch (`translate.check.batch`: a name respelled, a sentence translated otherwise "
            "across articles).",
            "",
            "| kind | " + " | ".join(scopes) + " |",
            "|---|" + "---|" * len(scopes),
        ]
        for kind in FLAG_ORDER:
            if any(counts[scope][kind] for scope in scopes):
                cells = " | ".join(f"{100 * counts[scope][kind] / total:.2f}" for scope in scopes)
                lines.append(f"| {kind} | {cells} |")
        new = " | ".join(
            f"{100 * sum(counts[scope][kind] for kind in NEW_KINDS) / total:.2f}"
            for scope in scopes
        )
        lines += [f"| **all new kinds** | {new} |", ""]
    lines += ["## Cost", ""]
    lines += [
        f"{name} on 1,000 pairs: {small * 1000:.1f} ms; on 16,000 pairs (16x): "
        f"{large * 1000:.1f} ms; ratio {large / small:.1f} (linear: about 16)."
        for name, (small, large) in timing.items()
    ]
    lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Score one half, count newstest flags, time the review, write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", choices=("dev", "held"), default="dev")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rows = [row for row in read_rows(args.data) if row.split == args.split]
    scores = score(rows)
    files = read_newstest(args.shared)
    counts = newstest_counts(files) if files is not None else None
    total = sum(len(pairs) for pairs in files) if files is not None else 0
    text = report(args.data, args.split, scores, counts, total, time_linear(args.repeat))
    write_text_atomic(args.out, text)
    print(text)
    for entry in scores:
        print(f"{entry.kind}.precision={entry.precision:.3f}")
        print(f"{entry.kind}.recall={entry.recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
