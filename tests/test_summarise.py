from translate.document import AlignedDocument, SentencePair
from translate.summarise import summarise


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
