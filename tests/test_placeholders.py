"""Protected spans and glossary terms go to the model as placeholders and come back unchanged."""

import pytest

from translate.engines.placeholders import (
    Masked,
    Slot,
    mask,
    missing_spans,
    protected_spans,
    unmask,
)
from translate.glossary import parse_glossary


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("Mehr unter https://www.example.org/kita.", ["https://www.example.org/kita"]),
        (
            "Siehe (https://de.wikipedia.org/wiki/Bonn_(Stadt)).",
            ["https://de.wikipedia.org/wiki/Bonn_(Stadt)"],
        ),
        ("Auf www.example.com, oder?", ["www.example.com"]),
        ("Mehr auf tagesschau.de/inland.", ["tagesschau.de/inland"]),
        ("Fragen an presse@example.de.", ["presse@example.de"]),
        ("@tagesschau hat es geteilt.", ["@tagesschau"]),
        ("Unter #Wahl2025 und #btw.", ["#Wahl2025", "#btw"]),
        ("Der Befehl `ls -la` zeigt alles.", ["`ls -la`"]),
        ("Wie geht`s, wie steht`s?", []),  # backticks as apostrophes
        ("Schon {1} und { 2 } da.", ["{1}", "{ 2 }"]),
        ("Er ist die #1 und z.B. gut.", []),  # a number sign before a number; an abbreviation
        ("Der Zug fährt um 14.30 Uhr.", []),
    ],
)
def test_protected_spans(text: str, spans: list[str]) -> None:
    assert [text[start:end] for start, end in protected_spans(text)] == spans


def test_mask_numbers_the_spans_and_unmask_puts_them_back() -> None:
    masked = mask("Schreiben Sie @tagesschau an presse@example.de.")
    assert masked == Masked(
        "Schreiben Sie {1} an {2}.", (Slot("@tagesschau"), Slot("presse@example.de"))
    )
    assert unmask("Write {1} to {2}.", masked) == "Write @tagesschau to presse@example.de."
    assert unmask("Write { 2 } to {1 }.", masked) == "Write presse@example.de to @tagesschau."
    assert unmask("Write to them.", masked) == "Write to them."  # a dropped placeholder
    assert unmask("Write {3}.", masked) == "Write {3}."  # one it never had stays


def test_a_sentence_without_spans_goes_to_the_model_as_it_is() -> None:
    assert mask("Der Hund schläft.") == Masked("Der Hund schläft.")


def test_glossary_terms_are_masked_outside_protected_spans() -> None:
    glossary = parse_glossary("Kita\tdaycare centre\n")
    masked = mask("Die Kita hat eine Website: https://kita.example.org/Kita.", glossary)
    assert masked.text == "Die {1} hat eine Website: {2}."
    assert masked.slots == (
        Slot("daycare centre", term=True),
        Slot("https://kita.example.org/Kita"),
    )
    english = unmask("The {1} has a website: {2}.", masked)
    assert english == "The daycare centre has a website: https://kita.example.org/Kita."


def test_a_term_that_starts_the_english_gets_a_capital() -> None:
    masked = mask("Kita ist wichtig.", parse_glossary("Kita\tdaycare\n"))
    assert unmask("{1} is important.", masked) == "Daycare is important."
    assert unmask('"{1}" is important.', masked) == '"Daycare" is important.'
    assert unmask("It is {1}.", masked) == "It is daycare."


def test_missing_spans_are_a_failed_restore() -> None:
    source = "Mehr unter https://example.org und bei @tagesschau."
    assert missing_spans(source, "More at https://example.org and @tagesschau.") == ()
    assert missing_spans(source, "More at https://example.org and at the Tagesschau.") == (
        "@tagesschau",
    )
    assert missing_spans(source, "More at example.org.") == ("https://example.org", "@tagesschau")
    assert missing_spans("Der Hund schläft.", "The {2} dog sleeps.") == ("{2}",)
