"""A resumed run redoes an article whose bytes are the same but are read another way: another
`--encoding` or `--input-format` makes another German text (issue 23, case 7)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import TINY_MARIAN

from translate.options import BatchOptions, Device, InputFormat, Options
from translate.run.batch import process_paths

OPTIONS = Options(model=str(TINY_MARIAN), device=Device.cpu)
PAGE = (
    b"<html><body><article><h1>Der Hund schl\xe4ft.</h1><p>Wo ist der Bahnhof?</p></article>"
    b"</body></html>\n"
)


def run_json(out: Path, name: str) -> dict[str, Any]:
    record: dict[str, Any] = json.loads((out / name / "run.json").read_text(encoding="utf-8"))
    return record


@pytest.mark.parametrize(
    ("data", "first", "second", "field", "expected"),
    [
        (
            b"Der Hund schl\xe4ft.\n",
            {"encoding": "mac_roman"},
            {"encoding": "cp1252"},
            "encoding",
            "cp1252",
        ),
        (b"Der Hund schl\xe4ft.\n", {}, {"encoding": "mac_roman"}, "encoding", "mac-roman"),
        (
            PAGE,
            {"input_format": InputFormat.text},
            {"input_format": InputFormat.html},
            "format",
            "html",
        ),
    ],
    ids=["another-encoding", "detected-then-forced", "another-format"],
)
def test_reading_the_same_bytes_another_way_is_not_skipped(
    tmp_path: Path,
    data: bytes,
    first: dict[str, Any],
    second: dict[str, Any],
    field: str,
    expected: str,
) -> None:
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    (source / "art.txt").write_bytes(data)
    process_paths([source], OPTIONS, out, batch=BatchOptions(**first))
    assert run_json(out, "art")["metadata"][field] != expected
    report = process_paths([source], OPTIONS, out, batch=BatchOptions(**second))
    assert (report.counts["done"], report.counts["skipped-unchanged"]) == (1, 0)
    assert run_json(out, "art")["metadata"][field] == expected
    # Read the same way again, it is unchanged.
    report = process_paths([source], OPTIONS, out, batch=BatchOptions(**second))
    assert (report.counts["done"], report.counts["skipped-unchanged"]) == (0, 1)
