"""The labelled German/English pair files the review benchmarks score (`bench/data/*.tsv`).

`number_check.py` and `review_checks.py` both read tab-separated files with a header row and one
labelled pair per row; one reader makes both refuse a malformed file the same way, naming the
file and the row.
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
