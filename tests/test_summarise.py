"""The extractive summary's choice. Expected picks are worked out by hand from the documented
features and weights (translate/summary/ranking.py):

    score = 0.0225 centrality + 0.0312 ln(words) + 0.0334 number - 0.0319 speech
            + 0.0417 dated - 0.0087 age - 0.0010 first - 0.0106 ln(1 + position)

Most articles below share no content word between sentences, so every centrality is 0 and the
score is plain arithmetic; each comment gives the sums.
"""

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import TINY_MARIAN

import translate
from translate.document import AlignedDocument, SentencePair
from translate.engines.torch_engine import MarianTranslator
from translate.errors import UsageError
from translate.options import Device, Options
from translate.read import read_article
from translate.run import translate_article
from translate.summary.extractive import choose_sentences, pick_summary_sentences, summarise
from translate.summary.words import count_words

SEED = Path(__file__).parent.parent / "seeds" / "000_0ada823e5ab43808.txt"


def _document(targets: list[str], sources: list[str] | None = None) -> AlignedDocument:
    """Pairs with these English sentences; a German side the same as the English lends no cues
    (a made-up one such as `de 1` would: its digit is a number cue)."""
    sources = sources or targets
    return AlignedDocument(
        name="t",
        pairs=tuple(
            SentencePair(1, i, source, target)
            for i, (source, target) in enumerate(zip(sources, targets, strict=True), 1)
        ),
    )


# No two sentences share a content word, so only length, cues and position count:
# s1  8 words, first            0.0312 ln 8  - 0.0010                    = 0.0639
# s2 10 words, number + dated   0.0312 ln 10 + 0.0334 + 0.0417 - 0.0106 ln 2 = 0.1396
# s3 10 words, speech           0.0312 ln 10 - 0.0319 - 0.0106 ln 3       = 0.0283
# s4  8 words, number           0.0312 ln 8  + 0.0334 - 0.0106 ln 4       = 0.0836
# s5  9 words, dated            0.0312 ln 9  + 0.0417 - 0.0106 ln 5       = 0.0932
# s6 a byline, too short to stand in a summary. Rank: s2, s5, s4, s1, s3.
ARTICLE = [
    "Fog covered the harbour early in the morning.",
    "The council approved 40 new flats for students on Monday.",
    '"We are delighted," said the head of the football club.',
    "A bakery sold 500 cakes in one day.",
    "Heavy rain is expected across the region this weekend.",
    "Hamburg Dispatch",
]


def test_word_counts_of_the_article_are_as_the_comments_say() -> None:
    assert [count_words(text) for text in ARTICLE] == [8, 10, 10, 8, 9, 2]


@pytest.mark.parametrize(
    ("sentences", "ids"),
    [
        (1, ["p1.s2"]),
        (2, ["p1.s2", "p1.s5"]),
        (3, ["p1.s2", "p1.s4", "p1.s5"]),  # in document order, not in rank order
        (4, ["p1.s1", "p1.s2", "p1.s4", "p1.s5"]),
        (5, ["p1.s1", "p1.s2", "p1.s3", "p1.s4", "p1.s5"]),  # never the byline
        # more than there are candidates: every sentence that is not blank may stand
        (6, ["p1.s1", "p1.s2", "p1.s3", "p1.s4", "p1.s5", "p1.s6"]),
    ],
)
def test_sentence_budget(sentences: int, ids: list[str]) -> None:
    summary = summarise(_document(ARTICLE), sentences=sentences)
    assert [s.pair_id for s in summary.sentences] == ids
    assert [s.text for s in summary.sentences] == [ARTICLE[int(i[-1]) - 1] for i in ids]
    assert summary.method == "centroid-cues"
    assert summary.signature() == f"summary:centroid-cues|sentences:{sentences}"
    assert summary.model is None


# Words: s2 10, s5 9, s4 8, s1 8, s3 10, taken in rank order while they fit.
@pytest.mark.parametrize(
    ("words", "ids"),
    [
        (5, ["p1.s2"]),  # the best sentence alone is over the budget: it is the summary
        (10, ["p1.s2"]),
        (18, ["p1.s2", "p1.s4"]),  # s5 (9 more) does not fit, s4 (8 more) does
        (19, ["p1.s2", "p1.s5"]),
        (26, ["p1.s2", "p1.s5"]),  # s4 and s1 (8 more each) do not fit, nor does s3
        (27, ["p1.s2", "p1.s4", "p1.s5"]),
        (1000, ["p1.s1", "p1.s2", "p1.s3", "p1.s4", "p1.s5"]),
    ],
)
def test_word_budget(words: int, ids: list[str]) -> None:
    summary = summarise(_document(ARTICLE), words=words)
    assert [s.pair_id for s in summary.sentences] == ids
    assert summary.budget == f"words:{words}"
    assert summary.signature() == f"summary:centroid-cues|words:{words}"


def test_word_budget_replaces_the_sentence_count() -> None:
    summary = summarise(_document(ARTICLE), sentences=1, words=27)
    assert [s.pair_id for s in summary.sentences] == ["p1.s2", "p1.s4", "p1.s5"]


def test_central_sentences_beat_earlier_ones() -> None:
    # s2, s4 and s5 share `budget`, `public`, `school`, `monei`, `teacher`; s1 and s3 share
    # nothing. Worked out: centralities 0, 1.19, 0, 2.31, 1.49 and scores 0.068, 0.091, 0.053,
    # 0.109, 0.088: the last sentence of the three still beats the first of the article.
    article = [
        "The zoo will open a penguin house next spring.",
        "The city council approved a new budget for public schools.",
        "It rained all day in the harbour district.",
        "The budget gives public schools money for teachers and buildings.",
        "Parents welcomed the money for the schools and the teachers.",
    ]
    assert pick_summary_sentences(article, 3) == [1, 3, 4]


def test_near_duplicates_are_not_repeated() -> None:
    # s1 and s2 differ by one word (TF-IDF cosine 0.73 >= 0.7); s1 ranks above s2 (earlier,
    # and its vector is not diluted by `evening`), so s2 is skipped and s3 (central through
    # `school budget`) comes next, ahead of the island s4.
    article = [
        "The council approved the school budget on Monday.",
        "The council approved the school budget on Monday evening.",
        "Teachers said the school budget is too small for new buildings.",
        "The penguins at the zoo were fed fish at noon.",
    ]
    assert pick_summary_sentences(article, 2) == [0, 2]


def test_inflected_forms_make_sentences_central() -> None:
    # s2 and s3 share `council`, `vot`, `school` and `budget` with each other (and s4 three of
    # them) only through their stems (councils/council, voted/votes/voting, schools/school);
    # s1 shares nothing, and is first and longer, yet loses to both.
    article = [
        "The zoo keepers fed the penguins with fresh fish at noon.",
        "The councils voted on the schools budget in the evening.",
        "The council votes again on the school budget next week.",
        "Councillors voting for school budgets were praised by parents.",
    ]
    assert pick_summary_sentences(article, 2) == [1, 2]


# Two sentences that share `town` and `pool` are equally central (1 each), and are 10 words
# long. In English alone the first wins by position (-0.0010 against -0.0106 ln 2 = -0.0073);
# the German original of the first is direct speech, which costs it 0.0319.
MAYOR = [
    "The mayor wants a new swimming pool for the town.",
    "The town council will vote on the pool next spring.",
]
MAYOR_DE = [
    "„Wir brauchen ein neues Schwimmbad für die Stadt“, sagt der Bürgermeister.",
    "Der Stadtrat stimmt im nächsten Frühjahr über das Bad ab.",
]


def test_the_german_side_lends_its_cues() -> None:
    assert pick_summary_sentences(MAYOR, 1) == [0]
    assert pick_summary_sentences(MAYOR, 1, sources=MAYOR_DE) == [1]
    summary = summarise(_document(MAYOR, MAYOR_DE), sentences=1)
    assert [s.pair_id for s in summary.sentences] == ["p1.s2"]


def test_pick_is_public_and_checks_its_arguments() -> None:
    assert translate.pick_summary_sentences is pick_summary_sentences
    assert "pick_summary_sentences" in translate.__all__
    with pytest.raises(UsageError, match="at least one sentence"):
        pick_summary_sentences(ARTICLE, 0)
    with pytest.raises(UsageError, match="one German sentence per English sentence"):
        pick_summary_sentences(MAYOR, 1, sources=MAYOR_DE[:1])


def test_short_article_is_its_own_summary() -> None:
    summary = summarise(_document(["Only one sentence here, and it is short."]), sentences=3)
    assert [s.pair_id for s in summary.sentences] == ["p1.s1"]
    # fewer candidates of five words than asked for: the short ones may stand too
    assert pick_summary_sentences(["Too short.", "Very brief."], 3) == [0, 1]
    # `Also short.` says nothing `Too short.` did not (`also` and `too` are function words)
    assert pick_summary_sentences(["Too short.", "Also short."], 3) == [0]


def test_empty_document() -> None:
    assert summarise(_document([]), sentences=3).sentences == ()
    assert pick_summary_sentences([], 3) == []


def _long_article(size: int) -> list[str]:
    """`size` sentences on eight topics in five places, each with its own number."""
    topics = ["budget", "school", "bridge", "harbour", "museum", "tram", "clinic", "market"]
    places = ["Lindenau", "Oberwalde", "Kirchbrück", "Hohenmoor", "Wittenfeld"]
    return [
        f"The {topics[i % 8]} plan for {places[i % 5]} was changed for the {i + 1}th time "
        f"after residents of district {i % 20} asked for a vote."
        for i in range(size)
    ]


@pytest.mark.parametrize("words", [None, 300])
def test_work_grows_with_the_article_not_its_square(words: int | None) -> None:
    # The old summariser compared every sentence with every other (1,000 sentences: 500,000
    # comparisons). Ten times the sentences must now cost about ten times the work, measured
    # against the article's own size: the words it has.
    small, large = _long_article(1_000), _long_article(10_000)
    work = []
    for article in (small, large):
        choice = choose_sentences(article, sentences=3, words=words)
        size = sum(count_words(text) for text in article)
        assert choice.comparisons <= 64 * len(article)
        work.append((choice.words_read + choice.comparisons) / size)
    assert work[1] <= 1.1 * work[0]


def _flagged(targets: list[str], flags: Mapping[int, tuple[str, ...]]) -> AlignedDocument:
    """`_document`'s pairs, with review flags on the pairs numbered in `flags` (1-based)."""
    plain = _document(targets)
    return AlignedDocument(
        name="t",
        pairs=tuple(replace(pair, flags=flags.get(pair.sentence, ())) for pair in plain.pairs),
    )


@pytest.mark.parametrize("flag", ["repetition", "untranslated", "protected-span", "low-confidence"])
def test_a_distrusted_pair_gives_way_to_a_trusted_one(flag: str) -> None:
    # ARTICLE ranks s2, s5, s4, s1, s3: with s2 distrusted, the next best trusted one (s1) joins.
    summary = summarise(_flagged(ARTICLE, {2: (flag,)}), sentences=3)
    assert [s.pair_id for s in summary.sentences] == ["p1.s1", "p1.s4", "p1.s5"]


@pytest.mark.parametrize("flag", ["length-ratio", "number-mismatch", "split-to-fit", "glossary"])
def test_flags_that_leave_a_sentence_readable_do_not_count_against_it(flag: str) -> None:
    summary = summarise(_flagged(ARTICLE, {2: (flag,)}), sentences=3)
    assert [s.pair_id for s in summary.sentences] == ["p1.s2", "p1.s4", "p1.s5"]


def test_every_pair_flagged_still_gives_the_sentences_asked_for() -> None:
    every = {number: ("repetition",) for number in range(1, 7)}
    summary = summarise(_flagged(ARTICLE, every), sentences=3)
    assert [s.pair_id for s in summary.sentences] == ["p1.s2", "p1.s4", "p1.s5"]


def test_flagged_pairs_fill_only_what_the_trusted_ones_leave() -> None:
    # Only s1 and s3 are trusted: both are taken, then the best distrusted one (s2).
    distrusted = {2: ("repetition",), 4: ("low-confidence",), 5: ("untranslated",)}
    summary = summarise(_flagged(ARTICLE, distrusted), sentences=3)
    assert [s.pair_id for s in summary.sentences] == ["p1.s1", "p1.s2", "p1.s3"]


def test_a_word_budget_takes_a_flagged_pair_only_when_no_trusted_one_fits() -> None:
    # 30 words: s2 (10) is distrusted; s5 (9) + s4 (8) + s1 (8) = 25 trusted words, and the
    # distrusted s2 would still fit but is not taken.
    summary = summarise(_flagged(ARTICLE, {2: ("repetition",)}), words=30)
    assert [s.pair_id for s in summary.sentences] == ["p1.s1", "p1.s4", "p1.s5"]
    every = {number: ("repetition",) for number in range(1, 7)}
    alone = summarise(_flagged(ARTICLE, every), words=12)
    assert [s.pair_id for s in alone.sentences] == ["p1.s2"]


def test_the_seeds_summary_on_the_tiny_model_quotes_no_loop(tiny_marian: MarianTranslator) -> None:
    """The seed on the tiny model (torch engine) loops once (`Inflation was are are are ...`,
    p5.s4), and that sentence once ranked among the three best."""
    options = Options(model=str(TINY_MARIAN), device=Device.cpu)
    result = translate_article(read_article(SEED), tiny_marian, options)
    looping = [pair.id for pair in result.document.pairs if "repetition" in pair.flags]
    assert looping == ["p5.s4"]
    chosen = [sentence.pair_id for sentence in result.summary.sentences]
    assert len(chosen) == 3
    assert "p5.s4" not in chosen
    assert all(" are are are" not in sentence.text for sentence in result.summary.sentences)
