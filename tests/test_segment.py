"""Tests for the German sentence segmenter: hand-written rule tables and invariants."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.segment.rules import sentence_spans, split_sentences

# Each case: input text and the sentences a German reader would cut it into.
ABBREVIATIONS = [
    (
        "Die Kosten steigen, z. B. für Miete. Viele sind besorgt.",
        ["Die Kosten steigen, z. B. für Miete.", "Viele sind besorgt."],
    ),
    ("Einige Städte, z.B. Köln und Bonn, klagen.", ["Einige Städte, z.B. Köln und Bonn, klagen."]),
    (
        "Das Amt ist zu, d. h. Anträge gehen nur online.",
        ["Das Amt ist zu, d. h. Anträge gehen nur online."],
    ),
    ("Geladen sind u. a. Vertreter der Länder.", ["Geladen sind u. a. Vertreter der Länder."]),
    (
        "Dr. Petra Lange und Prof. Dr. Uwe Kern sprachen.",
        ["Dr. Petra Lange und Prof. Dr. Uwe Kern sprachen."],
    ),
    ("Laut Abs. 2 ist das zulässig.", ["Laut Abs. 2 ist das zulässig."]),
    (
        "Die Stadt zahlt 4,2 Mio. Euro. Der Bund gibt 1 Mrd. Euro dazu.",
        ["Die Stadt zahlt 4,2 Mio. Euro.", "Der Bund gibt 1 Mrd. Euro dazu."],
    ),
    (
        "Der Gewinn sank auf 8 Mio. Im Vorjahr war er höher.",
        ["Der Gewinn sank auf 8 Mio.", "Im Vorjahr war er höher."],
    ),
    (
        "Er bestellte Brot, Milch, Eier usw. Dann fuhr er heim.",
        ["Er bestellte Brot, Milch, Eier usw.", "Dann fuhr er heim."],
    ),
    (
        "Gesucht werden Maler, Tischler etc. Interessierte melden sich im Rathaus.",
        ["Gesucht werden Maler, Tischler etc.", "Interessierte melden sich im Rathaus."],
    ),
    ("Der Bus Nr. 12 fällt aus.", ["Der Bus Nr. 12 fällt aus."]),
    ("Sie wählen die SPD bzw. die Grünen.", ["Sie wählen die SPD bzw. die Grünen."]),
    ("Vgl. Seite 4 des Berichts.", ["Vgl. Seite 4 des Berichts."]),
    ("Die Halle fasst ca. 300 Gäste.", ["Die Halle fasst ca. 300 Gäste."]),
    (
        "Das Büro liegt in der Schillerstr. 8 in Mainz.",
        ["Das Büro liegt in der Schillerstr. 8 in Mainz."],
    ),
    ("Dipl.-Ing. Karin Vogt leitet den Bau.", ["Dipl.-Ing. Karin Vogt leitet den Bau."]),
    ("Der Dom in St. Gallen ist bekannt.", ["Der Dom in St. Gallen ist bekannt."]),
    (
        "Die Kirche stammt aus dem 12. Jh. und wurde umgebaut.",
        ["Die Kirche stammt aus dem 12. Jh. und wurde umgebaut."],
    ),
    (
        "Die Messe beginnt am 4. Jan. Danach folgt die Bilanz.",
        ["Die Messe beginnt am 4. Jan.", "Danach folgt die Bilanz."],
    ),
    ("Der Laden öffnet am 2. Feb. wieder.", ["Der Laden öffnet am 2. Feb. wieder."]),
    ("Sie geht auf eine ev. Schule.", ["Sie geht auf eine ev. Schule."]),
    (
        "Der Prozess wird vertagt. Er hat 20 Min. Verspätung.",
        ["Der Prozess wird vertagt.", "Er hat 20 Min. Verspätung."],
    ),
    (
        "Das ist eine Art. Die andere kommt später.",
        ["Das ist eine Art.", "Die andere kommt später."],
    ),
]

ORDINALS_AND_NUMBERS = [
    (
        "Gewählt wird am 3. Oktober. Danach beginnt die Auszählung.",
        ["Gewählt wird am 3. Oktober.", "Danach beginnt die Auszählung."],
    ),
    (
        "Die Frist endet am 15. Dez. um Mitternacht.",
        ["Die Frist endet am 15. Dez. um Mitternacht."],
    ),
    ("Im 19. Jahrhundert war das anders.", ["Im 19. Jahrhundert war das anders."]),
    ("Sie erreichte den 5. Platz im Finale.", ["Sie erreichte den 5. Platz im Finale."]),
    ("Er siegt zum 2. Mal in Folge.", ["Er siegt zum 2. Mal in Folge."]),
    (
        "Ludwig XIV. regierte lange. Papst Benedikt XVI. trat zurück.",
        ["Ludwig XIV. regierte lange.", "Papst Benedikt XVI. trat zurück."],
    ),
    (
        "Unter Papst Benedikt XVI. Kirchenrecht zu studieren, war üblich.",
        ["Unter Papst Benedikt XVI. Kirchenrecht zu studieren, war üblich."],
    ),
    (
        "Leipzig liegt auf Platz 3. Bremen folgt knapp.",
        ["Leipzig liegt auf Platz 3.", "Bremen folgt knapp."],
    ),
    (
        "Die Zahl der Fälle stieg auf 250. Die Ärzte sind alarmiert.",
        ["Die Zahl der Fälle stieg auf 250.", "Die Ärzte sind alarmiert."],
    ),
    (
        "Die Partie endete 3:1. Die Gäste waren chancenlos.",
        ["Die Partie endete 3:1.", "Die Gäste waren chancenlos."],
    ),
    (
        "Es kamen 5.000 Menschen, 3,5 Prozent mehr als im Jahr davor.",
        ["Es kamen 5.000 Menschen, 3,5 Prozent mehr als im Jahr davor."],
    ),
    ("Der Vertrag vom 1.2.2019 gilt weiter.", ["Der Vertrag vom 1.2.2019 gilt weiter."]),
    (
        "Der Zug kam um 11.30 Uhr an. Alle stiegen aus.",
        ["Der Zug kam um 11.30 Uhr an.", "Alle stiegen aus."],
    ),
    (
        "Das Gesetz gilt seit 2015. 2020 wurde es verschärft.",
        ["Das Gesetz gilt seit 2015.", "2020 wurde es verschärft."],
    ),
    ("An ihrem 80. Geburtstag feierte sie groß.", ["An ihrem 80. Geburtstag feierte sie groß."]),
    (
        "Der Kreis liegt an der Grenze (siehe Karte, 4. Absatz).",
        ["Der Kreis liegt an der Grenze (siehe Karte, 4. Absatz)."],
    ),
    ("Müller traf (12.) und Kane (70.) zum Sieg.", ["Müller traf (12.) und Kane (70.) zum Sieg."]),
    (
        "Die Bauten aus dem 2. -4. Jahrhundert sind erhalten.",
        ["Die Bauten aus dem 2. -4. Jahrhundert sind erhalten."],
    ),
]

NAMES_AND_ADDRESSES = [
    ("George W. Bush kam nach Berlin.", ["George W. Bush kam nach Berlin."]),
    (
        "Infos unter www.example.de. Der Eintritt ist frei.",
        ["Infos unter www.example.de.", "Der Eintritt ist frei."],
    ),
    (
        "Fragen an info@example.de. Wir antworten schnell.",
        ["Fragen an info@example.de.", "Wir antworten schnell."],
    ),
    ("Die Gewerkschaft ver.di verhandelt weiter.", ["Die Gewerkschaft ver.di verhandelt weiter."]),
    ("Der Beschuldigte Peter S. schwieg.", ["Der Beschuldigte Peter S. schwieg."]),
]

PUNCTUATION = [
    (
        "Warum? Niemand weiß es! Die Suche geht weiter.",
        ["Warum?", "Niemand weiß es!", "Die Suche geht weiter."],
    ),
    ("Wie bitte?! Das kann nicht sein.", ["Wie bitte?!", "Das kann nicht sein."]),
    ("Die Lage war ernst... Dann kam die Wende.", ["Die Lage war ernst...", "Dann kam die Wende."]),
    ("Die Lage war ernst… Dann kam die Wende.", ["Die Lage war ernst…", "Dann kam die Wende."]),
    ("Er zögerte ... und ging dann doch.", ["Er zögerte ... und ging dann doch."]),
    ("„Wo bleibt ihr?“, fragte er. Keiner kam.", ["„Wo bleibt ihr?“, fragte er.", "Keiner kam."]),
    ("„Los jetzt!“ rief sie laut.", ["„Los jetzt!“ rief sie laut."]),
]

QUOTES_AND_BRACKETS = [
    ("Er sagte: „Wir kommen.“ Dann ging er.", ["Er sagte: „Wir kommen.“", "Dann ging er."]),
    ("Sie rief: »Halt!« Alle blieben stehen.", ["Sie rief: »Halt!«", "Alle blieben stehen."]),
    ("Er sagte: «Gut so.» Dann schwieg er.", ["Er sagte: «Gut so.»", "Dann schwieg er."]),
    (
        '"Das reicht nicht", sagte sie. "Wir brauchen mehr." Der Rat tagt morgen.',
        ['"Das reicht nicht", sagte sie.', '"Wir brauchen mehr."', "Der Rat tagt morgen."],
    ),
    (
        "Der Titel lautet „Heimat“. Er erscheint im Mai.",
        ["Der Titel lautet „Heimat“.", "Er erscheint im Mai."],
    ),
    (
        "Berlin (dpa) - Der Bundestag tagt. Es geht um Geld.",
        ["Berlin (dpa) - Der Bundestag tagt.", "Es geht um Geld."],
    ),
    (
        "Das ist geklärt (siehe oben.) Die Debatte geht weiter.",
        ["Das ist geklärt (siehe oben.)", "Die Debatte geht weiter."],
    ),
    (
        "Der Preis stieg. (Die Zahlen sind vorläufig.) Händler sind skeptisch.",
        ["Der Preis stieg.", "(Die Zahlen sind vorläufig.)", "Händler sind skeptisch."],
    ),
    ("Sie zitierte [...] einen Brief.", ["Sie zitierte [...] einen Brief."]),
]

LINE_BREAKS = [
    (
        "Hochwasser in Passau\nDie Pegel steigen weiter. Die Stadt warnt.",
        ["Hochwasser in Passau", "Die Pegel steigen weiter.", "Die Stadt warnt."],
    ),
    (
        "Von Max Muster, aktualisiert am 04.05.2018 um 11:11\nDie Lage bleibt angespannt.",
        ["Von Max Muster, aktualisiert am 04.05.2018 um 11:11", "Die Lage bleibt angespannt."],
    ),
    (
        "Die Regierung will die Steuern\nsenken. Die Opposition ist dagegen.",
        ["Die Regierung will die Steuern senken.", "Die Opposition ist dagegen."],
    ),
    (
        "Der Minister sprach mit dem\nPräsidenten über die Lage.",
        ["Der Minister sprach mit dem Präsidenten über die Lage."],
    ),
    ("Geplant ist eine neue\nUmgehungsstraße.", ["Geplant ist eine neue Umgehungsstraße."]),
    (
        "Das sind die Regeln:\n1. Planen Sie früh.\n2. Essen Sie gesund!",
        ["Das sind die Regeln:", "1. Planen Sie früh.", "2. Essen Sie gesund!"],
    ),
    (
        "• 4. Nehmen Sie Vitamine!\n• 5. Gehen Sie spazieren!",
        ["• 4. Nehmen Sie Vitamine!", "• 5. Gehen Sie spazieren!"],
    ),
    ("Einkaufsliste\n- Brot\n- Käse", ["Einkaufsliste", "- Brot", "- Käse"]),
    ("Erster Absatz endet hier\n\nZweiter Absatz", ["Erster Absatz endet hier", "Zweiter Absatz"]),
    (
        "Die Kommission legte am Dienstag in Brüssel einen Plan vor, der die\n"
        "Landwirtschaft betrifft und bis zum Jahr 2030 gelten soll, und die Bauern\n"
        "Frankreichs reagierten verärgert.",
        [
            "Die Kommission legte am Dienstag in Brüssel einen Plan vor, der die Landwirtschaft "
            "betrifft und bis zum Jahr 2030 gelten soll, und die Bauern Frankreichs reagierten "
            "verärgert."
        ],
    ),
]

CASES = ABBREVIATIONS + ORDINALS_AND_NUMBERS + NAMES_AND_ADDRESSES + PUNCTUATION
CASES += QUOTES_AND_BRACKETS + LINE_BREAKS


def _normalised(sentences: list[str]) -> list[str]:
    return [re.sub(r"\s+", " ", s) for s in sentences]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_rules(text: str, expected: list[str]) -> None:
    assert _normalised(split_sentences(text)) == expected


def test_multi_sentence_quotation_may_split_inside() -> None:
    result = split_sentences("„Das ist gut. Wir gehen.“ Dann war Ruhe.")
    assert result[-1] == "Dann war Ruhe."
    assert "".join(result[:-1]).replace(" ", "") == "„Dasistgut.Wirgehen.“"


@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t\n "])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert sentence_spans(text) == []


# Text built from pieces that exercise the rules, so the property test reaches them.
_PIECES = st.sampled_from(
    [
        " ",
        "\n",
        "\n\n",
        ".",
        "!",
        "?",
        "...",
        "…",
        "„",
        "“",
        '"',
        "»",
        "«",
        "(",
        ")",
        ":",
        ",",
        "-",
        "•",
        "3",
        "12",
        "XIV",
        "z",
        "B",
        "usw",
        "Mio",
        "Dr",
        "am",
        "Oktober",
        "Der",
        "die",
        "neue",
        "Haus",
        "wir",
    ]
)
_TEXT = st.one_of(st.text(), st.lists(st.one_of(_PIECES, st.text(max_size=3))).map("".join))


@settings(deadline=None)  # a loaded CI machine can take longer than the 200 ms default
@given(_TEXT)
def test_spans_partition_the_text(text: str) -> None:
    spans = sentence_spans(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        sentence = text[start:end]
        assert sentence == sentence.strip()
        assert not text[previous_end:start].strip()  # only whitespace between sentences
        previous_end = end
    assert not text[previous_end:].strip()
    assert "".join(text.split()) == "".join("".join(s.split()) for s in split_sentences(text))
    assert sentence_spans(text) == spans
    assert split_sentences(text) == [text[s:e] for s, e in spans]
