"""The parts of the extractive ranking: content words, surface cues and sentence features."""

import math

import pytest

from translate.summary.cues import Cues, read_cues
from translate.summary.ranking import FEATURES, WEIGHTS, sentence_features, similarity
from translate.summary.words import content_words, stem


@pytest.mark.parametrize(
    ("words", "key"),
    [
        (["closes", "closed", "closing", "close"], "clos"),
        (["cities", "city"], "citi"),
        (["studies", "studied"], "studi"),
        (["planned", "plan"], "plan"),
        (["running"], "run"),
        (["votes", "voted", "voting", "vote"], "vot"),
        (["taxes", "tax"], "tax"),
        (["schools", "school", "school's"], "school"),
        (["crisis"], "crisis"),  # not a plural
        (["bonus"], "bonus"),
        (["thing"], "thing"),  # `-ing` only goes when three letters with a vowel are left
        (["bus", "buses"], "bus"),
        (["5,000"], "5,000"),
    ],
)
def test_stem_maps_the_forms_of_a_word_to_one_key(words: list[str], key: str) -> None:
    assert [stem(word) for word in words] == [key] * len(words)


def test_content_words_drop_function_words_and_keep_numbers_whole() -> None:
    text = "The councils voted on the schools budget of 5,000 euros, Dr Müller said."
    assert content_words(text) == [
        "council",
        "vot",
        "school",
        "budget",
        "5,000",
        "euro",
        "dr",
        "müller",
    ]


@pytest.mark.parametrize(
    ("target", "source", "cues"),
    [
        ("The council met on Thursday evening.", None, Cues(False, False, True, False)),
        # a habit is not a dated event; an age in commas is a person introduced
        (
            "Every second Tuesday, Hildegard Sommer, 81, takes the bus.",
            None,
            Cues(True, False, False, True),
        ),
        ('"We will win," she said.', None, Cues(False, True, False, False)),
        ("The 38-year-old nurse has looked for a flat.", None, Cues(True, False, False, True)),
        ("Prices fell by 3.4 per cent last week.", None, Cues(True, False, True, False)),
        ("The vote is on 14 May in the town hall.", None, Cues(True, False, True, False)),
        (
            "The market is open every Wednesday and Saturday.",
            None,
            Cues(False, False, False, False),
        ),
        # the German original lends what the translation lost
        (
            "The mayor spoke of a good day.",
            "Der Bürgermeister sprach von einem „guten Tag“.",
            Cues(False, True, False, False),
        ),
        ("The council met.", "Der Rat tagte am Montag.", Cues(False, False, True, False)),
        (
            "The pensioner goes to the doctor.",
            "Die 81-Jährige fährt jeden Dienstag zum Arzt.",
            Cues(True, False, False, True),
        ),
        ("Der Rat tagte am Montag.", "Der Rat tagte am Montag.", Cues(False, False, True, False)),
    ],
)
def test_cues(target: str, source: str | None, cues: Cues) -> None:
    assert read_cues(target, source) == cues


def test_features_of_a_small_article() -> None:
    # s1 and s2 share `council` and `budget`; s3 shares nothing. TF-IDF over 3 sentences:
    # `council`, `budget` weigh ln(4/2) = ln2, the others ln(4/1) = 2 ln2. So |s1|² = 10 ln2²
    # (two shared words, two own), |s2|² = 18 ln2² (two shared, four own), and their cosine is
    # 2 ln2² / sqrt(180 ln2⁴) = 1/sqrt(45). That is the degree of both (s3's is 0): the mean is
    # two thirds of it, so the centralities are 1.5, 1.5, 0.
    article = [
        "The council cut the budget on Monday.",
        '"The council budget is too small," 300 teachers wrote.',
        "Penguins swim.",
    ]
    features, vectors, words_read = sentence_features(article)
    assert FEATURES[0] == "centrality" and len(WEIGHTS) == len(FEATURES)
    expected = [
        (1.5, math.log(7), 0.0, 0.0, 1.0, 0.0, 1.0, 0.0),
        (1.5, math.log(9), 1.0, 1.0, 0.0, 0.0, 0.0, math.log(2)),
        (0.0, math.log(2), 0.0, 0.0, 0.0, 0.0, 0.0, math.log(3)),
    ]
    for row, want in zip(features, expected, strict=True):
        assert row == pytest.approx(want)
    assert words_read == 4 + 6 + 2  # council cut budget monday / ... / penguin swim
    assert similarity(vectors[0], vectors[1]) == pytest.approx(1 / math.sqrt(45))
    assert similarity(vectors[0], vectors[2]) == 0.0
