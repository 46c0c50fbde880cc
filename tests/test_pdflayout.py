"""Paragraphs rebuilt from a PDF's positioned lines (pure: hand-placed lines in), and the
choice between a hyphen that splits a word at a line end and one that belongs to it."""

from __future__ import annotations

import pytest

from translate.read.hyphens import join_hyphenated, words_of
from translate.read.pdflayout import paragraphs
from translate.read.pdfpage import Line, Page

VOCABULARY = words_of(["Die Ost-West-Achse und die Rhein-Main-Region.", "deutsch-polnische"])


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("Die Bundes-", "regierung tagt.", "Die Bundesregierung tagt."),
        ("Kämpfe in Nord-", "Aleppo gingen weiter.", "Kämpfe in Nord-Aleppo gingen weiter."),
        ("Kämpfer der FSA-", "Miliz griffen an.", "Kämpfer der FSA-Miliz griffen an."),
        ("die CDU-", "geführte Regierung", "die CDU-geführte Regierung"),
        ("ein 20-", "jähriger Mann", "ein 20-jähriger Mann"),
        ("die Ein-", "und Ausfuhr", "die Ein- und Ausfuhr"),
        ("Vor-", "oder Nachteile", "Vor- oder Nachteile"),
        (
            "die deutsch-",
            "polnische Grenze",
            "die deutsch-polnische Grenze",
        ),  # written so elsewhere
        ("Er kam -", "wie immer - zu spät.", "Er kam - wie immer - zu spät."),
        ("die Verwal\u00ad", "tung", "die Verwaltung"),
        ("per E-", "Mail", "per E-Mail"),
    ],
)
def test_a_line_end_hyphen_is_kept_only_where_it_belongs_to_the_word(
    left: str, right: str, joined: str
) -> None:
    assert join_hyphenated(left, right, VOCABULARY) == joined


def line(
    page: int,
    top: float,
    text: str,
    x0: float = 50,
    x1: float = 300,
    size: float = 10,
    bold: bool = False,
) -> Line:
    return Line(page, x0, x1, top, top + size, size, bold, text)


def test_paragraphs_join_lines_drop_furniture_and_run_over_the_page_break() -> None:
    first = Page(
        400,
        (
            line(0, 20, "Amtsblatt Musterstadt", x1=150),
            line(0, 50, "Rat beschließt Haushalt", x1=200, size=16, bold=True),
            line(0, 80, "Der Rat hat am Montag den Haushalt beschlos-"),
            line(0, 92, "sen. Die Opposition stimmte dagegen und kün-"),
            line(0, 104, "digte Widerstand an.", x1=140),
            line(0, 124, "Die Stadt will nun vor allem in Schulen und in"),
            line(0, 136, "die Sanierung von Brücken investieren, sagte die"),
            line(0, 370, "Seite 1 von 2", x0=150, x1=210),
        ),
    )
    second = Page(
        400,
        (
            line(1, 20, "Amtsblatt Musterstadt", x1=150),
            line(1, 50, "Kämmerin am Dienstag in Nord-"),
            line(1, 62, "Stadt.", x1=80),
            line(1, 370, "Seite 2 von 2", x0=150, x1=210),
        ),
    )
    assert paragraphs([first, second]) == [
        "Rat beschließt Haushalt",
        "Der Rat hat am Montag den Haushalt beschlossen. Die Opposition stimmte dagegen und "
        "kündigte Widerstand an.",
        "Die Stadt will nun vor allem in Schulen und in die Sanierung von Brücken investieren, "
        "sagte die Kämmerin am Dienstag in Nord-Stadt.",
    ]


def test_two_columns_are_read_one_after_the_other_below_a_headline() -> None:
    left = [f"Links {n} steht hier ein Satzteil" for n in range(1, 5)]
    right = [f"Rechts {n} steht dort ein Satzteil" for n in range(1, 5)]
    lines = [line(0, 30, "Die Schlagzeile über beiden Spalten", x1=400, size=14, bold=True)]
    for n in range(4):
        lines.append(line(0, 60 + 12 * n, left[n], x0=50, x1=220))
        lines.append(line(0, 60 + 12 * n, right[n], x0=240, x1=410))
    assert paragraphs([Page(600, tuple(lines))]) == [
        "Die Schlagzeile über beiden Spalten",
        " ".join(left + right),
    ]


def test_a_page_number_alone_is_furniture_even_on_one_page() -> None:
    page = Page(400, (line(0, 60, "Ein Satz steht hier."), line(0, 380, "- 1 -", x0=150, x1=170)))
    assert paragraphs([page]) == ["Ein Satz steht hier."]


def test_a_headline_that_repeats_the_running_header_stays() -> None:
    pages = [
        Page(
            400,
            (
                line(0, 20, "Hochwasser an der Oder", x1=150, size=9),
                line(0, 40, "Hochwasser an der Oder", x1=250, size=16, bold=True),
                line(0, 70, "Die Pegel steigen weiter."),
            ),
        ),
        Page(
            400,
            (
                line(1, 20, "Hochwasser an der Oder", x1=150, size=9),
                line(1, 70, "Die Deiche halten."),
            ),
        ),
    ]
    assert paragraphs(pages) == [
        "Hochwasser an der Oder",
        "Die Pegel steigen weiter. Die Deiche halten.",
    ]


def test_a_one_page_header_set_apart_goes_but_a_later_pages_first_line_stays() -> None:
    one_page = Page(
        400,
        (
            line(0, 20, "Pressestelle des Landkreises", x1=160),
            line(0, 50, "Ein Satz steht hier, und er ist lang genug für die Zeile."),
            line(0, 62, "Noch ein Satz.", x1=120),
        ),
    )
    assert paragraphs([one_page]) == [
        "Ein Satz steht hier, und er ist lang genug für die Zeile. Noch ein Satz."
    ]
    later = Page(
        400,
        (
            line(1, 20, "aus der Region.", x1=120),
            line(1, 50, "Ein neuer Absatz beginnt nach weitem Abstand."),
        ),
    )
    first = Page(400, (line(0, 300, "Die Meldung kam am Abend"),))
    assert paragraphs([first, later]) == [
        "Die Meldung kam am Abend aus der Region.",
        "Ein neuer Absatz beginnt nach weitem Abstand.",
    ]


def test_a_one_page_header_in_pieces_goes_whole() -> None:
    page = Page(
        792,
        (
            line(0, 16, "12/7/26, 1:23 PM", x0=24, x1=92, size=8),
            line(0, 16, "Kopfzeile", x0=333, x1=377, size=8),
            line(0, 40, "Die Meldung beginnt hier und füllt die Zeile mit vielen Wörtern."),
            line(0, 52, "Ende.", x1=80),
            line(0, 768, "file:///tmp/meldung.html", x0=24, x1=141, size=8),
            line(0, 768, "1/1", x0=575, x1=588, size=8),
        ),
    )
    assert paragraphs([page]) == [
        "Die Meldung beginnt hier und füllt die Zeile mit vielen Wörtern. Ende."
    ]


def test_three_columns_are_read_one_after_the_other() -> None:
    columns = [(50, 180), (200, 330), (350, 480)]
    texts = [[f"Spalte {c} Zeile {n} mit etwas Text" for n in range(1, 5)] for c in "ABC"]
    lines = [
        line(0, 60 + 12 * n, texts[c][n], x0=columns[c][0], x1=columns[c][1])
        for n in range(4)
        for c in range(3)
    ]
    assert paragraphs([Page(600, tuple(lines))]) == [
        " ".join(text for column in texts for text in column)
    ]
