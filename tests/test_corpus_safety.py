"""A corpus's final files are never rebuilt empty, stale or out of order (issue 23: cases 2,
5 and 9): pairs and summaries come from the same files, a failed row keeps what an earlier run
wrote for it, and the rows follow the input."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import TINY_MARIAN, training_pairs
from typer.testing import CliRunner

from translate.cli.app import app
from translate.corpus.output import PARTS_FOLDER
from translate.errors import OutputError
from translate.options import BatchOptions, Device, Options
from translate.run.batch import process_paths
from translate.run.journal.observer import LogObserver

OPTIONS = Options(model=str(TINY_MARIAN), device=Device.cpu)
TINY = ["--model", str(TINY_MARIAN), "--device", "cpu"]
PAIRS = training_pairs()
runner = CliRunner()


def german(first: int, count: int) -> str:
    return " ".join(de for de, _ in PAIRS[first : first + count])


def english(first: int, count: int) -> list[str]:
    return [en for _, en in PAIRS[first : first + count]]


# Five articles of two sentences each: article n holds training sentences 2n and 2n+1.
ROWS = [{"id": f"a-{n}", "text": german(2 * n, 2)} for n in range(5)]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def en_by_id(out: Path) -> dict[str, list[str]]:
    """Each article's English sentences, as pairs.jsonl holds them."""
    found: dict[str, list[str]] = {}
    for pair in read_jsonl(out / "pairs.jsonl"):
        found.setdefault(pair["id"], []).append(pair["en"])
    return found


def expected_en(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    return {row["id"]: english(2 * int(row["id"][2:]), 2) for row in rows}


def ids(path: Path) -> list[str]:
    """The article ids of a corpus file, in file order, each once."""
    return list(dict.fromkeys(row["id"] for row in read_jsonl(path)))


@pytest.mark.parametrize("removed", ["pairs.jsonl", "summaries.jsonl"])
def test_a_removed_final_file_is_rebuilt_whole_on_the_next_run(
    tmp_path: Path, removed: str
) -> None:
    corpus, out = write_jsonl(tmp_path / "c.jsonl", ROWS), tmp_path / "out"
    process_paths([corpus], OPTIONS, out)
    (out / removed).unlink()
    report = process_paths([corpus], OPTIONS, out)
    assert report.counts["done"] == 5  # unchanged only where both files hold the article
    assert en_by_id(out) == expected_en(ROWS)
    assert ids(out / "summaries.jsonl") == [row["id"] for row in ROWS]
    report = process_paths([corpus], OPTIONS, out)  # and it stays whole
    assert report.counts["skipped-unchanged"] == 5
    assert en_by_id(out) == expected_en(ROWS)


def test_a_removed_summaries_file_and_a_changed_row_keep_no_stale_pairs(tmp_path: Path) -> None:
    corpus, out = write_jsonl(tmp_path / "c.jsonl", ROWS), tmp_path / "out"
    process_paths([corpus], OPTIONS, out)
    (out / "summaries.jsonl").unlink()
    changed = [*ROWS[:2], {"id": "a-2", "text": german(20, 1)}, *ROWS[3:]]
    write_jsonl(corpus, changed)
    process_paths([corpus], OPTIONS, out)
    assert en_by_id(out) == {**expected_en(ROWS), "a-2": english(20, 1)}
    summaries = read_jsonl(out / "summaries.jsonl")
    assert [(row["id"], row["sentences"]) for row in summaries] == [
        ("a-0", 2),
        ("a-1", 2),
        ("a-2", 1),
        ("a-3", 2),
        ("a-4", 2),
    ]


class Meddle(LogObserver):
    """Does something to the output folder once the first article is recorded."""

    def __init__(self, out: Path, action: str) -> None:
        super().__init__(out)
        self.action: str | None = action

    def finish_article(self, entry: Any) -> None:
        super().finish_article(entry)
        if self.action == "touch":
            os.utime(self.out_dir / "pairs.jsonl", ns=(1, 1))
        elif self.action == "remove":
            (self.out_dir / "pairs.jsonl").unlink()
        self.action = None


@pytest.mark.parametrize("action", ["touch", "remove"])
def test_a_final_file_changed_during_a_resume_is_not_rebuilt_without_its_rows(
    tmp_path: Path, action: str
) -> None:
    """`pairs.jsonl` touched (or removed) while a resumed run redoes one row: the run stops in
    one error and replaces nothing, where it used to write a pairs file with no rows."""
    corpus, out = write_jsonl(tmp_path / "c.jsonl", ROWS), tmp_path / "out"
    process_paths([corpus], OPTIONS, out)
    before = (out / "pairs.jsonl").read_bytes()
    write_jsonl(corpus, [*ROWS[:4], {"id": "a-4", "text": german(20, 1)}])
    observer = Meddle(out.resolve(), action)
    with pytest.raises(OutputError, match="not replaced"):
        process_paths([corpus], OPTIONS, out, observer=observer)
    assert observer.action is None  # it did meddle
    if action == "touch":
        assert (out / "pairs.jsonl").read_bytes() == before
    else:
        assert not (out / "pairs.jsonl").exists()
        assert (out / PARTS_FOLDER).is_dir()  # the work done is kept for the next run
        process_paths([corpus], OPTIONS, out)
        assert en_by_id(out) == {**expected_en(ROWS[:4]), "a-4": english(20, 1)}


@pytest.mark.parametrize("force", [False, True])
def test_failed_rows_keep_the_rows_an_earlier_run_wrote(tmp_path: Path, force: bool) -> None:
    corpus, out = write_jsonl(tmp_path / "c.jsonl", ROWS), tmp_path / "out"
    process_paths([corpus], OPTIONS, out)
    result = runner.invoke(
        app,
        ["run", str(corpus), "-o", str(out), "--max-bytes", "50", *TINY]
        + (["--force"] if force else []),
    )
    assert result.exit_code == 1, result.stderr
    assert en_by_id(out) == expected_en(ROWS)
    assert ids(out / "summaries.jsonl") == [row["id"] for row in ROWS]
    # A row that failed and was never written before adds nothing; the others stay.
    write_jsonl(corpus, [*ROWS[:2], {"id": "neu", "text": german(30, 40)}, *ROWS[2:]])
    result = runner.invoke(app, ["run", str(corpus), "-o", str(out), "--max-bytes", "200", *TINY])
    assert result.exit_code == 1, result.stderr
    assert en_by_id(out) == expected_en(ROWS)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (["a-0", "a-2", "a-4"], ["a-0", "a-1", "a-2", "a-3", "a-4"]),  # new rows between old
        (["a-0", "a-1", "a-2", "a-3"], ["a-3", "a-1", "a-4", "a-0", "a-2"]),  # reordered
        (["a-4", "a-3"], ["a-0", "a-1", "a-2", "a-3", "a-4"]),
    ],
)
def test_the_corpus_files_follow_the_input_order(
    tmp_path: Path, first: list[str], second: list[str]
) -> None:
    by_id = {row["id"]: row for row in ROWS}
    corpus, out = tmp_path / "c.jsonl", tmp_path / "out"
    process_paths([write_jsonl(corpus, [by_id[name] for name in first])], OPTIONS, out)
    process_paths([write_jsonl(corpus, [by_id[name] for name in second])], OPTIONS, out)
    assert ids(out / "summaries.jsonl") == second
    assert ids(out / "pairs.jsonl") == second
    assert en_by_id(out) == expected_en([by_id[name] for name in second])


def test_a_parquet_row_too_large_keeps_its_earlier_rows(tmp_path: Path) -> None:
    """A Parquet row's id is known before its text is refused: that article keeps its rows, in
    its place, and the rows that fit are done again as usual."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    corpus, out = tmp_path / "c.parquet", tmp_path / "out"
    pq.write_table(
        pa.table({"id": [1, 2, 3], "text": [german(0, 1), german(2, 2), german(4, 1)]}), corpus
    )
    process_paths([corpus], OPTIONS, out)
    pq.write_table(
        pa.table({"id": [1, 2, 3], "text": [german(40, 1), german(2, 2), german(42, 1)]}), corpus
    )
    report = process_paths([corpus], OPTIONS, out, batch=BatchOptions(max_bytes=60))
    assert (report.counts["done"], report.counts["failed"]) == (2, 1)
    pairs = pq.read_table(out / "pairs.parquet").to_pylist()
    assert [(pair["id"], pair["en"]) for pair in pairs] == [
        (1, english(40, 1)[0]),
        (2, english(2, 2)[0]),
        (2, english(2, 2)[1]),
        (3, english(42, 1)[0]),
    ]
