"""The review-checks benchmark: its labelled halves, and its scoring on pairs written by hand."""

from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO, load_bench

bench = load_bench("review_checks")


def test_the_labelled_halves_are_well_formed_and_cover_every_new_kind() -> None:
    rows = bench.read_rows(REPO / "bench" / "data" / "review-checks.tsv")
    for split in ("dev", "held"):
        half = [row for row in rows if row.split == split]
        faults = Counter(row.expect for row in half if row.expect is not None)
        assert set(faults) == set(bench.NEW_KINDS)
        assert min(faults.values()) >= 4
        assert sum(row.expect is None for row in half) >= 30  # risky clean pairs
    # A document is in one half only: the halves share no context.
    assert not {row.doc for row in rows if row.split == "dev"} & {
        row.doc for row in rows if row.split == "held"
    }


def test_the_fresh_set_covers_every_new_kind() -> None:
    rows = bench.read_rows(REPO / "bench" / "data" / "review-checks-fresh.tsv")
    faults = Counter(row.expect for row in rows if row.expect is not None)
    assert set(faults) == set(bench.NEW_KINDS)
    assert sum(row.expect is None for row in rows) >= 20


def test_scores_and_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "pairs.tsv"
    data.write_text(
        "split\tdoc\texpect\tnote\tde\ten\n"
        "dev\ta\tquestion-exclamation\tlost\tKommt er?\tHe comes.\n"
        "dev\tb\t-\tkept\tKommt er?\tIs he coming?\n"
        "dev\tc\tmissing-code\tlost, missed\tDer ICE hält.\tThe ICE train stops.\n"
        "dev\td\t-\tclean, flagged\tDer Chef (68) ging.\tThe boss (68 left.\n",
        encoding="utf-8",
    )
    scores = {score.kind: score for score in bench.score(bench.read_rows(data))}
    question = scores["question-exclamation"]
    assert (question.true_positives, question.false_positives, question.false_negatives) == (
        1,
        0,
        0,
    )
    code = scores["missing-code"]  # the English keeps `ICE`: the planted fault is not one
    assert (code.true_positives, code.false_negatives, code.recall) == (0, 1, 0.0)
    marks = scores["unpaired-mark"]
    assert (marks.false_positives, marks.precision) == (1, 0.0)
    out = tmp_path / "results.md"
    argv = ["--data", str(data), "--shared", str(tmp_path / "none"), "--out", str(out)]
    assert bench.main([*argv, "--repeat", "1"]) == 0
    report = out.read_text(encoding="utf-8")
    assert "| question-exclamation | 1.00 | 1.00 | 1 | 0 | 0 |" in report
    assert "- missing-code: line 4 (lost, missed): missed" in report
    assert "not measured" in report
    assert "question-exclamation.recall=1.000" in capsys.readouterr().out


def test_bad_rows_are_refused(tmp_path: Path) -> None:
    data = tmp_path / "pairs.tsv"
    data.write_text("split\tdoc\texpect\tnote\tde\ten\ndev\ta\tnope\tx\ta\tb\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown split 'dev' or kind 'nope'"):
        bench.read_rows(data)


def test_a_row_with_missing_fields_is_named(tmp_path: Path) -> None:
    data = tmp_path / "pairs.tsv"
    data.write_text("split\tdoc\texpect\tnote\tde\ten\ndev\ta\t-\tx\tNur Deutsch.\n", "utf-8")
    with pytest.raises(ValueError, match=r"pairs\.tsv:2: expected split doc expect note de en"):
        bench.read_rows(data)


def test_the_second_held_out_set_has_ten_faults_of_every_kind() -> None:
    rows = bench.read_rows(REPO / "bench" / "data" / "review-checks-held-2.tsv")
    faults = Counter(row.expect for row in rows if row.expect is not None)
    assert faults == dict.fromkeys(bench.NEW_KINDS, 10)
    assert sum(row.expect is None for row in rows) >= 60


def test_newstest_counts_show_the_name_check_before_and_after_its_reach(tmp_path: Path) -> None:
    club = ("Der Trainer von Bayern lobte das Team.", "The coach of Bayern praised the team.")
    filler = [(f"Es gab {n} neue Fälle.", f"There were {n} new cases.") for n in range(120)]
    state = ("Die Bauern in Bayern ernten früh.", "The farmers in Bavaria harvest early.")
    counts = bench.newstest_counts([[club, *filler, state]])
    assert counts["file-whole-reach"]["inconsistent-name"] == 1
    assert counts["file"]["inconsistent-name"] == 0
    assert counts["window-20"]["inconsistent-name"] == 0
    assert not counts["batch-20"]  # a club's `Bayern`, a state's `Bavaria`: no respelling
