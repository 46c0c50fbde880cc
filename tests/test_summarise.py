import pytest

from translate.document import AlignedDocument, SentencePair
from translate.summary.extractive import count_words, summarise


def _document(targets: list[str]) -> AlignedDocument:
    return AlignedDocument(
        name="t", pairs=tuple(SentencePair(1, i, f"de {i}", t) for i, t in enumerate(targets, 1))
    )


ARTICLE = [
    "The city council approved a new budget for public schools on Monday.",  # central
    "Hamburg Dispatch",  # byline-like: too short
    "The budget gives public schools more money for teachers and new buildings.",  # central
    "A spokesman for the council said the vote was close.",
    "It rained all day in the harbour district.",  # off topic
    "Parents welcomed the new money for the schools and the teachers.",  # central
    "The zoo will open a new penguin house next spring.",  # off topic
]


def test_picks_central_sentences_in_document_order() -> None:
    summary = summarise(_document(ARTICLE), sentences=3)
    assert [s.pair_id for s in summary.sentences] == ["p1.s1", "p1.s3", "p1.s6"]
    assert summary.sentences[0].text == ARTICLE[0]
    assert summary.method == "textrank"


def test_near_duplicates_are_not_repeated() -> None:
    article = [
        "The council approved the school budget on Monday.",
        "The council approved the school budget on Monday evening.",
        "Teachers said the school budget is too small for new buildings.",
        "The penguins at the zoo were fed fish at noon today.",
    ]
    ids = [s.pair_id for s in summarise(_document(article), sentences=2).sentences]
    assert ids == ["p1.s1", "p1.s3"]


def test_short_article_is_its_own_summary() -> None:
    summary = summarise(_document(["Only one sentence here, and it is short."]), sentences=3)
    assert [s.pair_id for s in summary.sentences] == ["p1.s1"]


def test_empty_document() -> None:
    assert summarise(_document([]), sentences=3).sentences == ()


# Word counts of the ARTICLE sentences that can stand as summary sentences (5+ words):
# s1 12, s3 12, s4 10, s5 8, s6 11, s7 10. Their rank: s3, s1, s6, s7, s4, s5.
@pytest.mark.parametrize(
    ("words", "ids"),
    [
        (5, ["p1.s3"]),  # the best sentence alone is over the budget: it is the summary
        (12, ["p1.s3"]),
        (23, ["p1.s3", "p1.s6"]),  # s1 (12 more) does not fit, s6 (11 more) does
        (24, ["p1.s1", "p1.s3"]),
        (34, ["p1.s1", "p1.s3", "p1.s7"]),  # s6 (11 more) does not fit, s7 (10 more) does
        (35, ["p1.s1", "p1.s3", "p1.s6"]),
        (1000, ["p1.s1", "p1.s3", "p1.s4", "p1.s5", "p1.s6", "p1.s7"]),  # never the byline
    ],
)
def test_word_budget(words: int, ids: list[str]) -> None:
    summary = summarise(_document(ARTICLE), words=words)
    assert [s.pair_id for s in summary.sentences] == ids
    assert [s.text for s in summary.sentences] == [ARTICLE[int(i[-1]) - 1] for i in ids]
    assert summary.budget == f"words:{words}"
    assert summary.signature() == f"summary:textrank|words:{words}"


def test_word_budget_replaces_the_sentence_count() -> None:
    summary = summarise(_document(ARTICLE), sentences=1, words=35)
    assert [s.pair_id for s in summary.sentences] == ["p1.s1", "p1.s3", "p1.s6"]


def test_sentence_budget_is_signed() -> None:
    summary = summarise(_document(ARTICLE), sentences=2)
    assert [s.pair_id for s in summary.sentences] == ["p1.s1", "p1.s3"]
    assert summary.signature() == "summary:textrank|sentences:2"
    assert summary.model is None


def test_plural_and_verb_endings_count_as_the_same_word() -> None:
    # Only the stems make the last sentence share words with the first two ("council", "vote",
    # "school"); without them it would be an island and rank last.
    article = [
        "The zoo keepers fed the penguins with fresh fish at noon.",
        "The councils voted on the schools budget in the evening.",
        "The council votes again on the school budget next week.",
        "Councillors voting for school budgets were praised by parents.",
    ]
    ids = [s.pair_id for s in summarise(_document(article), sentences=2).sentences]
    assert ids == ["p1.s2", "p1.s3"]


@pytest.mark.parametrize(
    ("text", "count"),
    [("Don't stop now.", 3), ("The town has 5,000 inhabitants.", 5), ("„Ja“, sagte er.", 3)],
)
def test_count_words(text: str, count: int) -> None:
    assert count_words(text) == count
