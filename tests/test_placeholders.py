"""Protected spans and glossary terms go to the model as placeholders and come back unchanged."""

import pytest
from conftest import TINY_MARIAN

from translate import translate_text
from translate.engines.ct2_engine import Ct2Translator
from translate.engines.placeholders import (
    Masked,
    Slot,
    mask,
    missing_spans,
    protected_spans,
    stray_placeholders,
    unmask,
)
from translate.engines.torch_engine import MarianTranslator
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


@pytest.mark.parametrize(
    ("source", "target", "stray"),
    [
        ("Der Hund schläft.", "The {2} dog sleeps.", ("{2}",)),
        ("Der Hund schläft.", "The dog sleeps { 3 }.", ("{ 3 }",)),
        ("Wir sehen uns am 27. Oktober.", "See you on {27. October.", ("{27.",)),
        ("#Wahl schrieb an die Stadt.", "#Wahl wrote to {2!", ("{2",)),
        ("Der Preis {1} steigt.", "The price {1} rises.", ()),  # the German's own
        ("Der Preis {1} steigt.", "The price {1} rises {1}.", ("{1}",)),  # once more than it
        ("Der Hund schläft.", "The dog sleeps {in the garden}.", ()),  # braces, no number
    ],
)
def test_stray_placeholders_are_placeholder_shaped_text_the_german_lacks(
    source: str, target: str, stray: tuple[str, ...]
) -> None:
    assert stray_placeholders(source, target) == stray
    assert set(stray) <= set(missing_spans(source, target))


@pytest.mark.parametrize("engine", ["transformers", "ctranslate2"])
@pytest.mark.parametrize(
    ("german", "stray"),
    [
        # The tiny model, trained on `{1} schrieb an {2}.`, invents the second placeholder.
        ("@spd schrieb an den Minister.", "`{2}`"),
        ("#Wahl schrieb an die Stadt.", "`{2`"),  # and garbles it: `{2!`
    ],
)
def test_a_placeholder_the_german_never_had_is_kept_and_flagged_on_both_engines(
    engine: str, german: str, stray: str, tiny_marian: MarianTranslator
) -> None:
    translator = (
        tiny_marian
        if engine == "transformers"
        else Ct2Translator.load(str(TINY_MARIAN), device="cpu", quantize=False)
    )
    (pair,) = translate_text(german, translator).document.pairs
    assert "{2" in pair.target
    index = pair.flags.index("protected-span")
    assert pair.reasons[index] == (
        f"the English has {stray}, placeholder-shaped text the German does not have"
    )
