"""Review flags: each one triggered by an input written to trigger it, and good pairs left alone."""

import pytest

import translate
from translate.align.review import (
    FLAG_REASONS,
    GLOSSARY,
    LENGTH_RATIO,
    LOW_CONFIDENCE,
    NUMBER_MISMATCH,
    PROTECTED_SPAN,
    REPETITION,
    SPLIT_TO_FIT,
    UNTRANSLATED,
    review_flags,
)
from translate.glossary import parse_glossary

GOOD = [
    (
        "Die Regierung hat am 3. Oktober ein neues Gesetz beschlossen.",
        "The government passed a new law on 3 October.",
    ),
    ("Angela Merkel.", "Angela Merkel."),  # a name stays a name
    ("Der Hund schläft.", "The dog sleeps."),
    (
        "Der Zug nach Berlin fällt heute aus, und der Bus fährt nur bis Potsdam.",
        "The train to Berlin is cancelled today, and the bus only goes as far as Potsdam.",
    ),
]


@pytest.mark.parametrize(("source", "target"), GOOD)
def test_good_pairs_raise_no_flag(source: str, target: str) -> None:
    assert review_flags(source, target, confidence=-0.2) == ()


@pytest.mark.parametrize(
    ("source", "target", "flag"),
    [
        (
            "Die Bürgerinitiative kritisiert die Pläne der Stadtverwaltung scharf.",
            "Die Bürgerinitiative kritisiert die Pläne der Stadtverwaltung scharf.",
            UNTRANSLATED,
        ),
        (
            "Die Bürgerinitiative kritisiert die Pläne scharf.",
            "The Bürgerinitiative kritisiert die Pläne scharf.",
            UNTRANSLATED,
        ),
        (
            "Der Minister sprach lange über die Reform.",
            "The minister spoke spoke spoke spoke spoke spoke spoke spoke about the reform.",
            REPETITION,
        ),
        (
            "Der Minister sprach lange über die Reform.",
            "The minister of the state of the state of the state of the state.",
            REPETITION,
        ),
        (
            "Der Ausschuss hat nach einer langen und hitzigen Debatte am Abend beschlossen.",
            "Yes.",
            LENGTH_RATIO,
        ),
        (
            "Der Ausschuss tagte am Abend.",
            "The committee met in the evening, " * 4,
            LENGTH_RATIO,
        ),
    ],
)
def test_each_flag_has_an_input_that_triggers_it(source: str, target: str, flag: str) -> None:
    assert flag in review_flags(source, target)


def test_low_confidence_uses_the_threshold() -> None:
    assert review_flags("Der Hund schläft.", "The dog sleeps.", confidence=-2.0) == (
        LOW_CONFIDENCE,
    )
    assert review_flags("Der Hund schläft.", "The dog sleeps.", confidence=-0.1) == ()
    assert review_flags(
        "Der Hund schläft.", "The dog sleeps.", confidence=-0.5, confidence_threshold=-0.4
    ) == (LOW_CONFIDENCE,)


def test_sentence_cut_to_fit_is_flagged() -> None:
    assert review_flags("Der Hund schläft.", "The dog sleeps.", pieces=3) == (SPLIT_TO_FIT,)


def test_every_flag_has_a_reason_for_people() -> None:
    assert set(FLAG_REASONS) == {
        "missing-code",
        "question-exclamation",
        "unpaired-mark",
        "mojibake",
        "inconsistent-name",
        "inconsistent-segment",
        LOW_CONFIDENCE,
        UNTRANSLATED,
        REPETITION,
        LENGTH_RATIO,
        SPLIT_TO_FIT,
        NUMBER_MISMATCH,
        PROTECTED_SPAN,
        GLOSSARY,
    }


@pytest.mark.parametrize(
    ("source", "target", "flag"),
    [
        ("Die Stadt hat 5.000 Einwohner.", "The town has 500 inhabitants.", NUMBER_MISMATCH),
        (
            "Der Vertrag gilt ab dem 3. Oktober.",
            "The contract applies from 3 November.",
            NUMBER_MISMATCH,
        ),
        ("Die Polizei kam.", "The police came at 10 p.m.", NUMBER_MISMATCH),
        ("Mehr unter https://example.org/a.", "More at https://example.org/b.", PROTECTED_SPAN),
        ("Fragen an presse@example.de.", "Questions to the press office.", PROTECTED_SPAN),
        ("Der Befehl `ls` zeigt alles.", "The command {1} shows everything.", PROTECTED_SPAN),
    ],
)
def test_the_numbers_and_protected_spans_must_come_through(
    source: str, target: str, flag: str
) -> None:
    assert review_flags(source, target) == (flag,)


def test_a_glossary_term_not_rendered_is_flagged() -> None:
    glossary = parse_glossary("Kita\tdaycare centre\n")
    source = "Die Kita ist heute geschlossen."
    assert review_flags(source, "The daycare centre is closed today.", glossary=glossary) == ()
    assert review_flags(source, "The nursery is closed today.", glossary=glossary) == (GLOSSARY,)
    assert review_flags(source, "The nursery is closed today.") == ()  # no glossary, no check


def test_review_pair_is_the_public_check_of_any_pair() -> None:
    assert (
        translate.review_pair("Die Stadt hat 5.000 Einwohner.", "The town has 5,000 people.") == ()
    )
    assert translate.review_pair(
        "Die Stadt hat 5.000 Einwohner.", "The town has 500 people.", confidence=-3.0
    ) == (LOW_CONFIDENCE, NUMBER_MISMATCH)
    assert translate.review_pair(
        "Die Kita ist zu.", "The nursery is closed.", glossary=parse_glossary("Kita\tdaycare\n")
    ) == (GLOSSARY,)
