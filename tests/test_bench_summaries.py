"""The summary benchmark's data and its rouge-free parts (rouge-score and sumy are not needed)."""

from conftest import load_bench


def test_the_data_set_is_as_its_readme_says() -> None:
    bench = load_bench("summaries")
    articles = bench.load_articles(bench.DEFAULT_DATA)
    assert [a.id for a in articles] == [f"a{n:02d}" for n in range(1, 25)]
    assert [a.split for a in articles] == ["dev"] * 12 + ["heldout"] * 12
    for article in articles:
        assert 8 <= len(article.sentences) <= 14, article.id
        assert 3 <= len(article.paragraphs) <= 6, article.id
        assert 30 <= len(article.reference.split()) <= 70, article.id


def test_systems_pick_from_the_article() -> None:
    bench = load_bench("summaries")
    article = bench.load_articles(bench.DEFAULT_DATA)[0]
    assert bench.lead(article, 3) == article.sentences[:3]
    document = bench.as_document(article)
    assert [pair.target for pair in document.pairs] == article.sentences
    assert [pair.id for pair in document.pairs][:4] == ["p1.s1", "p1.s2", "p1.s3", "p2.s1"]
    ours = bench.ours(article, 3)
    positions = [article.sentences.index(sentence) for sentence in ours]
    assert len(positions) == 3
    assert positions == sorted(set(positions))  # three different sentences, in document order
