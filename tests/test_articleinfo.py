"""The title and date the batch index shows: datelines and dated paths, not dates in the text."""

from __future__ import annotations

import pytest

from translate.document import AlignedDocument, SentencePair
from translate.render.articleinfo import article_date, article_title, date_in_path, date_in_text


def _document(*german: str) -> AlignedDocument:
    return AlignedDocument(
        "x",
        tuple(SentencePair(1, n, de, f"EN {n}") for n, de in enumerate(german, start=1)),
    )


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2024-05-03", "2024-05-03"),
        ("03.05.2024", "2024-05-03"),
        ("3.5.2024, 14:32 Uhr", "2024-05-03"),
        ("Berlin, 3. Mai 2024", "2024-05-03"),
        ("Wien, 1. Jänner 2020 (APA)", "2020-01-01"),
        ("Stand: 29. Februar 2023", None),  # no such day
        ("31.04.2024", None),
        ("Seite 12.5.", None),
        ("Um 12.30 Uhr", None),
        ("Version 2024-13-01", None),
        ("vom 12. März 2024 und 1. April 2024", "2024-03-12"),  # the first one
    ],
)
def test_dates_in_text(text: str, date: str | None) -> None:
    assert date_in_text(text) == date


@pytest.mark.parametrize(
    ("german", "date"),
    [
        (("Berlin, 3. Mai 2024", "Die Regierung hat entschieden."), "2024-05-03"),
        (("Wahl in Hessen", "03.05.2024", "Die Regierung hat entschieden."), "2024-05-03"),
        (("03.05.2024, 14:32 Uhr (dpa)", "Die Regierung hat entschieden."), "2024-05-03"),
        (("Frankfurt am Main, 3. Mai 2024", "Die Börse schloss fester."), "2024-05-03"),
        (("Stand: 03.05.2024", "Die Regierung hat entschieden."), "2024-05-03"),
        # A date in running text is history, not the article's date.
        (("Am 9. November 1989 fiel die Mauer.", "Die Menschen feierten."), None),
        (("Die Wahl findet am 3. Mai 2024 statt.",), None),
        (("Eins.", "Zwei.", "Drei.", "Berlin, 3. Mai 2024"), None),  # not among the first three
        ((), None),
    ],
)
def test_article_date_comes_from_a_dateline(german: tuple[str, ...], date: str | None) -> None:
    assert article_date(_document(*german)) == date


@pytest.mark.parametrize(
    ("path", "date"),
    [
        ("archiv/2024-05-03/bericht.txt", "2024-05-03"),
        ("archiv/2024/05/03/bericht.txt", "2024-05-03"),
        ("2024_05_03_bericht.txt", "2024-05-03"),
        ("archiv\\2024\\05\\03\\bericht.txt", "2024-05-03"),
        ("seeds/000_0ada823e5ab43808.txt", None),
        ("id-20240503.txt", None),  # eight digits in a name are as often an id
        ("2024-02-30.txt", None),
        ("1850-05-03.txt", None),
    ],
)
def test_dates_in_paths(path: str, date: str | None) -> None:
    assert date_in_path(path) == date


def test_the_title_is_the_first_sentence_that_is_no_dateline() -> None:
    assert article_title(_document("Berlin, 3. Mai 2024", "Die Wahl.", "Mehr.")) == "EN 2"
    assert article_title(_document("Die Wahl.", "Mehr.")) == "EN 1"
    assert article_title(_document("03.05.2024")) == "EN 1"  # nothing else to take
    assert article_title(AlignedDocument("leer", ())) == "leer"
