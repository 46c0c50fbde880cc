"""The number check: what each written form of a number reads as, and which pairs disagree.

Every expected value below is written by hand. The keys: `n:` a value (count, day, year,
ordinal), `m:` a month, `t:` a time of day (24-hour clock), `d:` a decade, `c:` a code.
"""

import pytest

from translate.align.numbers import english_numbers, german_numbers, number_differences


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("Die Stadt hat 5.000 Einwohner.", [("n:5000",)]),
        ("Die Stadt hat 5000 Einwohner.", [("n:5000",)]),
        ("Mehr als 10 000 Menschen.", [("n:10000",)]),
        ("Es kostet 1.250.000 Euro.", [("n:1250000",)]),
        ("Die Quote liegt bei 3,5 Prozent.", [("n:3.5",)]),
        ("Das Ticket kostet 19,99 Euro.", [("n:19.99",)]),
        ("Es kostet 1.200,50 Euro.", [("n:1200.5",)]),
        ("Das Spiel endete 2:1.", [("n:2", "n:1")]),
        ("Sie beginnt um 14.30 Uhr.", [("t:14:30",)]),
        ("Sie beginnt um 14:30 Uhr.", [("t:14:30",)]),
        ("Sie beginnt um 20 Uhr.", [("t:20:00",)]),
        ("Sie beginnt um 8 Uhr abends.", [("t:20:00",)]),
        ("Sie beginnt um acht Uhr.", [("t:8:00",)]),
        ("Am 3. Oktober.", [("n:3",), ("m:10",)]),
        ("Am 3.10. war es kalt.", [("n:3", "m:10")]),
        ("Bis zum 29.10.2026.", [("n:29", "m:10", "n:2026")]),
        ("Bis zum 29.10.26.", [("n:29", "m:10", "n:2026")]),
        ("Im Okt. 2025.", [("m:10",), ("n:2025",)]),
        ("Im 19. Jahrhundert.", [("n:19",)]),
        ("Ein Verlust von 1,2 Mio. Euro.", [("n:1200000",)]),
        ("Es geht um 4,7 Mrd. Euro.", [("n:4700000000",)]),
        ("Schulden von 2 Billionen Euro.", [("n:2000000000000",)]),
        ("Zwei Millionen Menschen.", [("n:2000000",)]),
        ("Russland setzt T-72-Panzer ein.", [("c:T72",)]),
        ("Der Airbus A380 landete.", [("c:A380",)]),
        ("Das H5N1-Virus.", [("c:H5N1",)]),
        ("Das 5G-Netz.", [("c:5G",)]),
        ("Zwölf Abgeordnete stimmten zu.", [("n:12",)]),
        ("Es waren zweihundertfünfzig.", [("n:250",)]),
        ("Es waren einundzwanzig.", [("n:21",)]),
        ("Es dauerte zweieinhalb Stunden.", [("n:2.5",)]),
        ("Zum dritten Mal.", [("n:3",)]),
        ("In den 90er Jahren.", [("d:90",)]),
        ("In den Neunzigerjahren.", [("d:90",)]),
        ("Die Saison 2025/26.", [("n:2025",), ("n:2026",)]),
        ("Der 45-Jährige.", [("n:45",)]),
        ("Mehr unter https://example.com/2026/10 und info@example.de.", []),
        ("Die Regierung tagte am Montag.", []),
    ],
)
def test_german_numbers_read_as(text: str, keys: list[tuple[str, ...]]) -> None:
    """The first reading of each strong mention (the weak ones, `ein`..., are tested below)."""
    assert [m.readings[0] for m in german_numbers(text) if m.strong] == keys


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("The town has 5,000 inhabitants.", [("n:5000",)]),
        ("Rates rose by 3.5 percent.", [("n:3.5",)]),
        ("It costs €19.99.", [("n:19.99",)]),
        ("It ended 2-1.", [("n:2",), ("n:1",)]),
        ("It starts at 2.30 p.m.", [("t:14:30",)]),
        ("It starts at 2:30pm.", [("t:14:30",)]),
        ("It starts at 11 a.m.", [("t:11:00",)]),
        ("It starts at 12 p.m.", [("t:12:00",)]),
        ("On October 3rd.", [("m:10",), ("n:3",)]),
        ("On 3 October.", [("n:3",), ("m:10",)]),
        ("On 2026-10-29.", [("n:29", "m:10", "n:2026")]),
        ("On 29/10/2026.", [("n:29", "m:10", "n:2026")]),
        ("In Oct. 2025.", [("m:10",), ("n:2025",)]),
        ("In the 19th century.", [("n:19",)]),
        ("A loss of 1.2 million euros.", [("n:1200000",)]),
        ("It receives €2.5bn.", [("n:2500000000",)]),
        ("Debt of 2 trillion euros.", [("n:2000000000000",)]),
        ("Twelve MPs agreed.", [("n:12",)]),
        ("Twenty-one MPs agreed.", [("n:21",)]),
        ("Two hundred and five MPs agreed.", [("n:205",)]),
        ("Two and three.", [("n:2",), ("n:3",)]),
        ("Two and a half hours.", [("n:2.5",)]),
        ("In the 1990s.", [("d:90",)]),
        ("In the nineties.", [("d:90",)]),
        ("The 2025-26 season.", [("n:2025",), ("n:2026",)]),
        ("Russia uses T-72 tanks.", [("c:T72",)]),
        ("For two decades.", [("n:20",)]),
    ],
)
def test_english_numbers_read_as(text: str, keys: list[tuple[str, ...]]) -> None:
    assert [m.readings[0] for m in english_numbers(text) if m.strong] == keys


@pytest.mark.parametrize(
    ("text", "weak"),
    [
        ("die beiden Männer", ["beiden"]),
        ("ein Prozent", ["ein"]),
        ("zum ersten Mal", ["ersten"]),
        ("Die deutsche Elf gewann.", ["Elf"]),  # a noun: the team
        ("die Zweidrittelmehrheit", ["Zweidrittelmehrheit"]),
        ("Papst Benedikt XVI.", ["XVI"]),
    ],
)
def test_german_words_that_are_numbers_only_sometimes_are_weak(text: str, weak: list[str]) -> None:
    assert [m.text for m in german_numbers(text) if not m.strong] == weak


@pytest.mark.parametrize(
    ("text", "weak"),
    [
        ("a year ago", ["a"]),
        ("one of them", ["one"]),
        ("for the first time", ["first"]),
        ("the second round", ["second"]),
        ("World War II", ["II"]),
        ("the twenty-first century", ["twenty-first"]),  # ordinal words are often not numbers
        ("Theresa May said", ["May"]),  # no number beside it: a name or the verb
    ],
)
def test_english_words_that_are_numbers_only_sometimes_are_weak(text: str, weak: list[str]) -> None:
    assert [m.text for m in english_numbers(text) if not m.strong] == weak


def test_a_weak_mention_still_has_its_value() -> None:
    (century,) = english_numbers("the twenty-first century")
    assert century.readings == (("n:21",),)
    assert not number_differences("Im 21. Jahrhundert.", "In the twenty-first century.")


# Correct conversions: the English renders every number of the German, in its own way.
AGREE = [
    ("Die Stadt hat 5.000 Einwohner.", "The town has 5,000 inhabitants."),
    ("Die Stadt hat 5.000 Einwohner.", "The town has 5.000 inhabitants."),  # copied: 5000?
    ("Die Inflation liegt bei 3,5 Prozent.", "Inflation is 3.5%."),
    ("Das Spiel endete 2:1.", "The game ended 2-1."),
    ("Es beginnt um 14.30 Uhr.", "It begins at 2.30pm."),
    ("Es beginnt um 14.30 Uhr.", "It begins at 14:30."),
    ("Es beginnt um 20 Uhr.", "It begins at 8 o'clock."),
    ("Es beginnt um 9 Uhr.", "It begins at 9."),
    ("Es beginnt um 12 Uhr.", "It begins at noon."),
    ("Am 3. Oktober.", "On October 3."),
    ("Am 3. Oktober.", "On the 3rd of October."),
    ("Bis zum 29.10.2026.", "Until October 29, 2026."),
    ("Bis zum 29.10.2026.", "Until 29 October 2026."),
    ("Im 19. Jahrhundert.", "In the nineteenth century."),
    ("Ein Verlust von 1,2 Mio. Euro.", "A loss of €1.2m."),
    ("Ein Verlust von 1,2 Mio. Euro.", "A loss of 1,200,000 euros."),
    ("Es geht um 4,7 Mrd. Euro.", "It is about 4.7 billion euros."),
    ("Es geht um 1,5 Milliarden.", "It is about 1,500 million."),
    ("Schulden von 2 Billionen Euro.", "Debts of 2 trillion euros."),
    ("Zwölf Menschen.", "12 people."),
    ("12 Menschen.", "Twelve people."),
    ("Die beiden Männer.", "The two men."),
    ("Ein Prozent.", "1 percent."),
    ("Der Zweite Weltkrieg.", "World War II."),
    ("In den 90er Jahren.", "In the nineties."),
    ("Die Saison 2025/26.", "The 2025-26 season."),
    ("Von 9 bis 17 Uhr.", "From 9 a.m. to 5 p.m."),
    ("Seit zwei Jahrzehnten.", "For 20 years."),
    ("Hunderte Menschen.", "Hundreds of people."),
    ("Bayern steht im Achtelfinale.", "Bayern are in the last 16."),
    ("Sie gewann zum ersten Mal.", "She won for the first time."),
    ("Die ersten Ergebnisse kommen am Abend.", "Initial results are due in the evening."),
    ("Zum ersten Mal dauerte es nur eine Sekunde.", "For the first time it took only a second."),
    ("Mehr unter https://example.com/2026.", "More at https://example.com/2026."),
    ("Sie kamen zu dritt.", "The three of them came."),
    ("Sie reisten zu viert.", "They travelled as a group of 4."),
    ("Das Spiel endete 0:0.", "The game ended goalless."),
    ("Das Spiel endete torlos.", "The match ended 0-0."),
    ("In der zweiten Januarhälfte.", "In the second half of January."),
    ("Seit der ersten Oktoberwoche.", "Since the first week of October."),
]

# Errors: a number changed, dropped or invented.
DISAGREE = [
    ("Die Stadt hat 5.000 Einwohner.", "The town has 500 inhabitants."),
    ("Die Inflation liegt bei 3,5 Prozent.", "Inflation is 35%."),
    ("Das Spiel endete 2:1.", "The game ended 2-0."),
    ("Es beginnt um 14.30 Uhr.", "It begins at 2.30 a.m."),
    ("Es beginnt um 23 Uhr.", "It begins at 11 a.m."),
    ("Am 3. Oktober.", "On November 3."),
    ("Am 3. Oktober.", "In October."),
    ("Bis zum 29.10.2026.", "Until 29 October 2025."),
    ("Im 19. Jahrhundert.", "In the 18th century."),
    ("Ein Verlust von 1,2 Mio. Euro.", "A loss of 1.2 billion euros."),
    ("Schulden von 2 Billionen Euro.", "Debts of 2 billion euros."),
    ("Zwölf Menschen.", "Eleven people."),
    ("Der Panzer T-72.", "The T-62 tank."),
    ("In den 90er Jahren.", "In the 1980s."),
    ("Die Polizei kam.", "The police came at 10 p.m."),
    ("Die Polizei kam mit 3 Wagen.", "The police came."),
    ("Sie gewann zum ersten Mal.", "She won for the second time."),
    ("Sie kamen zu dritt.", "The four of them came."),
    ("Das Spiel endete 1:0.", "The game ended goalless."),
    ("In der zweiten Januarhälfte.", "In the second half of February."),
]


@pytest.mark.parametrize(("source", "target"), AGREE)
def test_correct_conversions_agree(source: str, target: str) -> None:
    assert not number_differences(source, target)


@pytest.mark.parametrize(("source", "target"), DISAGREE)
def test_number_errors_disagree(source: str, target: str) -> None:
    assert number_differences(source, target)


def test_the_difference_names_what_is_missing_and_what_is_extra() -> None:
    difference = number_differences("Der Zug hat 12 Wagen.", "The train has 21 carriages.")
    assert difference.missing == ("12",)
    assert difference.extra == ("21",)
    dropped = number_differences("Es kamen 5 Männer und 5 Frauen.", "5 men and women came.")
    assert dropped.missing == ("5", "5")  # one of two fives is not rendered
    assert dropped.extra == ()
