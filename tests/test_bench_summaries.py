"""The summary benchmark's data and its rouge-free parts (rouge-score and sumy are not needed)."""

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from conftest import load_bench

REPO = Path(__file__).resolve().parent.parent
NEWS = REPO / "bench" / "data" / "news.jsonl"
GENRES = [
    "hard-news",
    "feature",
    "interview",
    "press-release",
    "sports",
    "live-ticker",
    "commentary",
    "local",
]


@pytest.fixture(autouse=True)
def _bench_on_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # The benchmark scripts import each other as `python bench/x.py` allows.
    monkeypatch.syspath_prepend(str(REPO / "bench"))
    yield


def _data() -> ModuleType:
    return load_bench("summary_data")


def test_the_first_set_is_as_its_readme_says() -> None:
    data = _data()
    articles = data.load_articles(data.SETS["summaries"])
    assert [a.id for a in articles] == [f"a{n:02d}" for n in range(1, 25)]
    assert [a.split for a in articles] == ["dev"] * 12 + ["heldout"] * 12
    for article in articles:
        assert 8 <= len(article.sentences) <= 14, article.id
        assert 3 <= len(article.paragraphs) <= 6, article.id
        assert 30 <= len(article.reference.split()) <= 70, article.id
        assert article.genre == ""


def test_the_news_set_is_as_its_readme_says() -> None:
    records = [json.loads(line) for line in NEWS.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [f"b{n:02d}" for n in range(1, 65)]
    keys = ["id", "split", "title", "lede", "genre", "sentences", "paragraphs", "summary"]
    assert all(list(r) == keys for r in records)
    assert [r["genre"] for r in records] == [genre for genre in GENRES for _ in range(8)]
    assert Counter((r["genre"], r["split"]) for r in records) == {
        (genre, split): 4 for genre in GENRES for split in ("dev", "heldout")
    }
    assert Counter((r["split"], r["lede"]) for r in records) == {
        ("dev", "classic"): 11,
        ("dev", "anecdotal"): 8,
        ("dev", "quote"): 5,
        ("dev", "context"): 8,
        ("heldout", "classic"): 11,
        ("heldout", "anecdotal"): 5,
        ("heldout", "quote"): 5,
        ("heldout", "context"): 11,
    }
    assert sum(len(r["sentences"]) for r in records) == 815
    for r in records:
        assert 7 <= len(r["sentences"]) <= 21, r["id"]
        assert 3 <= len(r["paragraphs"]) <= 9, r["id"]
        assert sum(r["paragraphs"]) == len(r["sentences"]), r["id"]
        assert 2 <= len(r["summary"]) <= 3, r["id"]
        assert 44 <= len(" ".join(r["summary"]).split()) <= 62, r["id"]


def test_a_tuning_run_never_holds_a_held_out_article() -> None:
    data = _data()
    dev = data.load_articles(NEWS, splits=("dev",))
    assert len(dev) == 32
    assert {a.split for a in dev} == {"dev"}
    assert dev[0].id == "b01" and dev[0].genre == "hard-news"


def test_systems_pick_from_the_article() -> None:
    data = _data()
    article = data.load_articles(data.SETS["summaries"])[0]
    assert data.lead(article, 3) == article.sentences[:3]
    document = data.as_document(article)
    assert [pair.target for pair in document.pairs] == article.sentences
    assert [pair.id for pair in document.pairs][:4] == ["p1.s1", "p1.s2", "p1.s3", "p2.s1"]
    ours = data.ours(article, 3)
    positions = [article.sentences.index(sentence) for sentence in ours]
    assert len(positions) == 3
    assert positions == sorted(set(positions))  # three different sentences, in document order


def test_paired_comparison() -> None:
    stats = load_bench("summary_stats")
    # differences 2, 0, -1, 2: mean 0.75, one win each way but two for ours
    result = stats.paired([3.0, 1.0, 2.0, 2.0], [1.0, 1.0, 3.0, 0.0])
    assert (result.mean, result.wins, result.ties, result.losses) == (0.75, 2, 1, 1)
    # a resample's mean lies between the smallest and the largest difference
    assert -1.0 <= result.low <= result.mean <= result.high <= 2.0
    assert result.low < result.high
    same = stats.paired([2.0, 3.0, 4.0], [1.0, 2.0, 3.0])
    assert (same.mean, same.low, same.high, same.wins) == (1.0, 1.0, 1.0, 3)
    with pytest.raises(ValueError, match="no articles"):
        stats.paired([], [])


def test_by_group_keeps_the_order_keys_first_appear() -> None:
    stats = load_bench("summary_stats")
    grouped = stats.by_group(["local", "sports", "local"], [1.0, 2.0, 3.0])
    assert list(grouped.items()) == [("local", [1.0, 3.0]), ("sports", [2.0])]


def test_the_weight_fit_recovers_weights_that_made_the_labels() -> None:
    weights = load_bench("summary_weights")
    data = _data()
    article = data.load_articles(NEWS, splits=("dev",))[0]
    rng = np.random.default_rng(0)
    true = np.array([0.02, 0.03, 0.03, -0.03, 0.04, -0.01, 0.0, -0.01])
    examples = []
    for _ in range(40):
        features = rng.normal(0.0, 3.0, (30, 8))
        labels = features @ true + 0.05  # the intercept is not penalised, nor returned
        examples.append(weights.Example(article, "g", features, labels))
    assert weights.fit(examples) == pytest.approx(true, abs=2e-4)
