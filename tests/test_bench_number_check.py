"""The number benchmark's data and its scoring, on pairs and counts written by hand."""

from pathlib import Path

import pytest
from conftest import REPO, load_bench

numbers = load_bench("number_check")


@pytest.mark.parametrize("name", ["numbers.tsv", "numbers-fresh.tsv"])
def test_the_labelled_sets_are_well_formed_and_balanced(name: str) -> None:
    pairs = numbers.read_pairs(REPO / "bench" / "data" / name)
    assert len(pairs) >= 60
    errors = sum(pair.mismatch for pair in pairs)
    assert 0.35 <= errors / len(pairs) <= 0.55  # about half of each


def test_scores_and_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "pairs.tsv"
    data.write_text(
        "label\tkind\tde\ten\n"
        "ok\tthousands\tEs kamen 5000 Menschen.\t5,000 people came.\n"
        "mismatch\tthousands\tEs kamen 5000 Menschen.\t500 people came.\n"
        "mismatch\twords\tEs kamen zwölf Menschen.\tEleven people came.\n"
        "ok\twords\tEs kamen zwölf Menschen.\tTwelve people came.\n",
        encoding="utf-8",
    )
    pairs = numbers.read_pairs(data)
    ours = numbers.score(pairs, numbers.flag)
    baseline = numbers.score(pairs, numbers.digit_strings_differ)
    assert (ours.true_positives, ours.false_positives, ours.false_negatives) == (2, 0, 0)
    # The digit strings: 5000 → 5,000 looks different (a false flag), words are invisible.
    assert (baseline.true_positives, baseline.false_positives, baseline.false_negatives) == (
        1,
        1,
        1,
    )
    assert (baseline.precision, baseline.recall) == (0.5, 0.5)
    out = tmp_path / "results.md"
    assert numbers.main(["--data", str(data), "--out", str(out), "--repeat", "1"]) == 0
    report = out.read_text(encoding="utf-8")
    assert "| `pairs.tsv` | 4 | 2 | number-mismatch | 1.000 | 1.000 | 1.000 | 0 | 0 |" in report
    assert (
        "| `pairs.tsv` | 4 | 2 | baseline: same digit strings | 0.500 | 0.500 | 0.500 | 1 | 1 |"
        in (report)
    )
    assert capsys.readouterr().out.splitlines()[-2:] == [
        "pairs.tsv.precision=1.000",
        "pairs.tsv.recall=1.000",
    ]


def test_a_malformed_row_is_named(tmp_path: Path) -> None:
    data = tmp_path / "bad.tsv"
    data.write_text("label\tkind\tde\ten\nmaybe\tx\tEins.\tOne.\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"bad\.tsv:2: expected label kind de en"):
        numbers.read_pairs(data)
