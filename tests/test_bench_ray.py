"""The Ray benchmark's articles and its report (the runs themselves take minutes: not here)."""

from pathlib import Path

from conftest import load_bench

from translate.read.article import read_article
from translate.segment import segment_article


def test_every_sentence_of_the_articles_is_unique(tmp_path: Path) -> None:
    bench = load_bench("on_ray")
    german = ["Der Hund schläft.", "Wo ist der Bahnhof?", "Die Katze trinkt Milch."]
    assert bench.write_articles(tmp_path, german, 4, 3) == 12
    files = sorted(tmp_path.iterdir())
    assert [file.name for file in files] == [f"meldung000{n}.txt" for n in range(4)]
    assert read_article(files[1]).paragraphs == (
        "Der Hund schläft (Meldung 1.0).",
        "Wo ist der Bahnhof (Meldung 1.1)? Die Katze trinkt Milch (Meldung 1.2).",
    )
    sentences = [s.text for file in files for s in segment_article(read_article(file))]
    assert len(sentences) == len(set(sentences)) == 12


def test_a_number_goes_before_the_final_punctuation_and_quote() -> None:
    numbered = load_bench("on_ray").numbered
    assert numbered("Er sagte: „Wir kommen.“", "3.1") == "Er sagte: „Wir kommen (Meldung 3.1).“"
    assert numbered("Kommt er?!", "0.0") == "Kommt er (Meldung 0.0)?!"


def test_the_report_gives_the_ratios_and_the_cost(tmp_path: Path) -> None:
    bench = load_bench("on_ray")
    seconds = {
        "local": 10.0,
        "local-1": 18.0,
        "ray-local": 11.0,
        "cluster-1": 20.0,
        "cluster-2": 11.0,
    }
    measured = {
        "label": "opus",
        "sentences": 40,
        "runs": {config: {"seconds": s, "ray_start": 1.0} for config, s in seconds.items()},
    }
    report, summary = bench.render([measured], 10, 4, 0.04)
    # 11/10; (11 + 1)/10; 20/11; 18/10; two CPUs for 11 s over 10 articles = 2.2 CPU-s each,
    # 2.2 x 1e6 / 3600 x $0.04 = $24.4 per million.
    assert "same machine: **1.10x** (1.20x counting Ray's start)" in report
    assert "two nodes over one: **1.82x** (goal >= 1.7); this machine's own two cores" in report
    assert "over one, in-process: 1.80x" in report
    assert "2.20 CPU-seconds per article on the two-node cluster: $24 per million" in report
    assert "| `Cluster`: 2 nodes x 1 CPU (2 actors) | 1.0 s | 11.0 s | 1100 ms |" in report
    assert summary == (
        "opus.overhead=1.10 opus.overhead_with_start=1.20 opus.scale_out=1.82 opus.two_cores=1.80"
    )
