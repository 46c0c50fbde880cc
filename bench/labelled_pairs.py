"""The labelled German/English pair files the review benchmarks score (`bench/data/*.tsv`),
and how a check is scored on them.

`number_check.py` and `review_checks.py` both read tab-separated files with a header row and one
labelled pair per row; one reader makes both refuse a malformed file the same way, naming the
file and the row, and one pair of ratios scores both checks alike.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path


def read_labelled(path: Path, header: Sequence[str]) -> list[tuple[int, list[str]]]:
    """(line number, fields) of each row after the header. ValueError naming the file for a
    wrong header, and the line for a row with another number of fields."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or rows[0] != list(header):
        raise ValueError(f"{path}: the first row must be {' '.join(header)}")
    numbered = list(enumerate(rows[1:], start=2))
    for line, fields in numbered:
        if len(fields) != len(header):
            raise ValueError(f"{path}:{line}: expected {' '.join(header)}")
    return numbered


def precision(true_positives: int, false_positives: int) -> float:
    """The share of the flagged pairs that were faults (1.0 when nothing was flagged)."""
    flagged = true_positives + false_positives
    return true_positives / flagged if flagged else 1.0


def recall(true_positives: int, false_negatives: int) -> float:
    """The share of the faults that were flagged (1.0 when there were none)."""
    faults = true_positives + false_negatives
    return true_positives / faults if faults else 1.0
