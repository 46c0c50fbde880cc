"""The batch benchmark's folder and one quick round of it on the tiny model."""

from pathlib import Path

import pytest
from conftest import TINY_MARIAN, load_bench, training_pairs

from translate.read.article import read_article


def test_the_folder_is_50_short_articles_of_distinct_known_sentences(tmp_path: Path) -> None:
    sentences = load_bench("batch").write_folder(tmp_path)
    assert sentences == 300
    files = sorted(tmp_path.iterdir())
    assert len(files) == 50
    german = {de for de, _ in training_pairs()}
    seen: list[str] = []
    for file in files:
        article = read_article(file)
        assert len(article.paragraphs) == 2
        seen += [s for paragraph in article.paragraphs for s in german if s in paragraph]
    assert len(seen) == len(set(seen)) == 300


@pytest.mark.slow
def test_one_round_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results.md"
    load_bench("batch").main(
        ["--model", str(TINY_MARIAN), "--engines", "ct2", "--repeat", "1", "--out", str(out)]
    )
    report = out.read_text(encoding="utf-8")
    assert report.startswith("# Batch benchmark: cross-article batching and the translation cache")
    assert "| cross-article, warm cache (second run, `--force`) |" in report
    assert report.count("| 300 |") == 3 and report.count("| 0 |") == 1  # sentences to the model
    last = capsys.readouterr().out.splitlines()[-2:]
    assert [line.split("=")[0] for line in last] == [
        "ct2-int8.cross_article_vs_one_at_a_time",
        "ct2-int8.warm_cache_vs_no_cache",
    ]
