"""The checks added for whole documents and bilingual files, and the specific reason of each
flag: every expectation written by hand."""

import pytest

import translate
from translate.align import document_findings, pair_reasons, review_document
from translate.align.consistency import NAME_REACH
from translate.align.review import FLAG_REASONS, review_findings
from translate.document import SentencePair
from translate.glossary import parse_glossary


def kinds(source: str, target: str) -> set[str]:
    return {kind for kind, _ in review_findings(source, target)}


@pytest.mark.parametrize(
    ("source", "target", "reason"),
    [
        ("Die Agentur SANA meldete es.", "The agency reported it.", "`SANA` is not in the English"),
        ("Panzer vom Typ T-72 fuhren vor.", "Tanks drove up.", "`T-72` is not in the English"),
        ("Der Airbus A380 landete.", "The plane landed.", "`A380` is not in the English"),
        ("Die G7 tagen.", "The leading nations meet.", "`G7` is not in the English"),
        ("Das Video lief auf YouTube.", "The video ran online.", "`YouTube` is not in the English"),
        (
            "Er nutzt ein iPhone und eBay.",
            "He uses a phone.",
            "`iPhone`, `eBay` are not in the English",
        ),
        ("Die AKWs gehen vom Netz.", "The plants go offline.", "`AKW` is not in the English"),
    ],
)
def test_a_lost_acronym_code_or_brand_is_named(source: str, target: str, reason: str) -> None:
    assert ("missing-code", reason) in review_findings(source, target)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Die Agentur SANA meldete es.", "The agency Sana reported it."),  # any case
        ("Panzer vom Typ T-72 fuhren vor.", "T72 tanks drove up."),  # without the hyphen
        ("Die COVID-19-Fälle steigen.", "Covid 19 cases are rising."),
        ("Das BIP der USA wächst.", "US GDP is growing."),  # the table's renderings
        ("Die UNO tagt.", "The U.N. is meeting."),  # a rendering with full stops
        ("Die US-Regierung plant das.", "The U.S. government is planning it."),
        ("In der DDR war das verboten.", "That was forbidden in East Germany."),
        ("Die SPD-Fraktion stimmte zu.", "The SPD group agreed."),  # part of a compound
        ("Die iPhones sind teuer.", "iPhones are expensive."),
        ("Die LehrerInnen streiken.", "The teachers are on strike."),  # a gender form
        ("Papst Johannes Paul II. reiste.", "Pope John Paul travelled."),  # a Roman numeral
        ("ACHTUNG: DIE STRASSE IST GESPERRT.", "Attention: the road is closed."),  # shouted
        ("Es kostet 10km Fahrt.", "It costs a 10 km drive."),  # a unit is no code
    ],
)
def test_kept_or_rendered_acronyms_are_not_flagged(source: str, target: str) -> None:
    assert "missing-code" not in kinds(source, target)


@pytest.mark.parametrize(
    ("source", "target", "reason"),
    [
        ("Kommt er?", "He is coming.", "the German is a question (`?`), the English is not"),
        ("Er kommt.", "Is he coming?", "the English is a question (`?`), the German is not"),
        ("Das ist gut!", "That is good.", "the German is an exclamation (`!`), the English is not"),
    ],
)
def test_a_question_or_exclamation_that_changes_is_flagged(
    source: str, target: str, reason: str
) -> None:
    assert ("question-exclamation", reason) in review_findings(source, target)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Er fragte, ob sie kommt.", "He asked whether she was coming."),  # reported speech
        ("„Kommst du?“, fragte sie.", '"Are you coming?" she asked.'),  # a quoted question
        ("Wo ist der Bahnhof?", "Where is the station?"),
    ],
)
def test_questions_that_stay_questions_are_not_flagged(source: str, target: str) -> None:
    assert "question-exclamation" not in kinds(source, target)


@pytest.mark.parametrize(
    ("source", "target", "reason"),
    [
        ("Der Chef (68) trat zurück.", "The boss (68 resigned.", "the English has 1 `(` but 0 `)`"),
        (
            "Er sagte, sie [die Stadt] zahle.",
            "He said it [the city pays.",
            "the English has 1 `[` but 0 `]`",
        ),
        (
            "Er nannte es „unrealistisch“.",
            'He called it "unrealistic.',
            "the German's 2 quotation marks pair up, the English's 1 do not",
        ),
        (
            "Das Buch »Die Blechtrommel« kam.",
            "The book »The Tin Drum came.",
            "the German's 2 quotation marks pair up, the English's 1 do not",
        ),
    ],
)
def test_brackets_and_quotes_unpaired_in_the_english_are_flagged(
    source: str, target: str, reason: str
) -> None:
    assert ("unpaired-mark", reason) in review_findings(source, target)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("„Wir bleiben“, sagte sie.", '"We are staying," she said.'),  # quotes English moves
        ("Das Buch »Die Blechtrommel« kam.", 'The book "The Tin Drum" came out.'),
        ("Sie sprach von einem ‚Neuanfang‘.", "She spoke of a 'new beginning'."),
        ("Es ist Peters Auto.", "It's Peter's car."),  # apostrophes are not quotes
        ("Er sagte: „Wir kommen.", 'He said: "We are coming.'),  # unpaired in the German too
    ],
)
def test_quotes_english_reshapes_or_moves_are_not_flagged(source: str, target: str) -> None:
    assert "unpaired-mark" not in kinds(source, target)


def test_mojibake_is_named_on_either_side() -> None:
    found = dict(review_findings("Die GebÃ¼hren steigen.", "Prices rise â€“ again."))
    assert found["mojibake"] == (
        "the German has `Ã¼`: UTF-8 read in another encoding upstream; "
        "the English has `â€“`: UTF-8 read in another encoding upstream"
    )
    assert "mojibake" in kinds("Die Größe ist falsch.", "The size is wr\ufffdng.")
    assert "mojibake" not in kinds("Björk sang in São Paulo.", "Björk sang in São Paulo.")


def test_numbers_spans_and_glossary_say_which_value() -> None:
    found = dict(
        review_findings(
            "Am 25. Oktober 2024 kamen 200 Menschen, siehe https://example.de.",
            "2,000 people came.",
        )
    )
    assert found["number-mismatch"] == (
        "`25. Oktober 2024`, `200` are not in the English; "
        "the English says `2,000`, the German has no such number"
    )
    assert found["protected-span"] == "`https://example.de` is not in the English unchanged"
    glossary = parse_glossary("Bundesrat\tFederal Council\n")
    found = dict(
        review_findings("Der Bundesrat tagt.", "The upper house meets.", glossary=glossary)
    )
    assert found["glossary"] == "`Bundesrat` is not rendered as the glossary's `Federal Council`"


def test_general_flags_keep_the_general_reason() -> None:
    pair = SentencePair(1, 1, "a", "b", flags=("low-confidence", "number-mismatch"))
    assert pair_reasons(pair) == (
        ("low-confidence", FLAG_REASONS["low-confidence"]),
        ("number-mismatch", FLAG_REASONS["number-mismatch"]),
    )
    specific = SentencePair(
        1, 1, "a", "b", flags=("low-confidence", "number-mismatch"), reasons=("", "`5` is gone")
    )
    assert pair_reasons(specific)[1] == ("number-mismatch", "`5` is gone")


NAMES = [
    ("Die Rebellen verloren die Stadt Jabroud.", "The rebels lost the town of Jabroud."),
    ("Die Armee rückte nach Jabroud vor.", "The army advanced on Yabrud."),  # respelled
    ("Die Kämpfer verließen Jabrouds Zentrum.", "The fighters left Jabroud's centre."),
    ("Auch in Jabroud blieben Familien.", "Families stayed behind in the town too."),  # lost
]


def test_a_name_kept_elsewhere_and_respelled_or_lost_here_is_flagged() -> None:
    found = document_findings(NAMES, ids=["p1.s1", "p1.s2", "p1.s3", "p2.s1"])
    assert found == [
        (),
        (("inconsistent-name", "`Jabroud` (kept as written in p1.s1) is not in the English"),),
        (),  # the German genitive `Jabrouds`, the English possessive
        (("inconsistent-name", "`Jabroud` (kept as written in p1.s1) is not in the English"),),
    ]


def test_name_evidence_reaches_only_nearby_pairs_of_a_large_set() -> None:
    """A club's `Bayern` kept in one article is no evidence against another article, far
    away in the same file, that translates the state's `Bayern` as `Bavaria`."""
    club = ("Der Trainer von Bayern lobte das Team.", "The coach of Bayern praised the team.")
    state = ("Die Bauern in Bayern ernten früh.", "The farmers in Bavaria harvest early.")
    filler = [(f"Es gab {n} neue Fälle.", f"There were {n} new cases.") for n in range(NAME_REACH)]
    near = document_findings([club, state])
    far = document_findings([club, *filler, *filler, state])
    assert [kind for kind, _ in near[-1]] == ["inconsistent-name"]
    assert far[-1] == ()


@pytest.mark.parametrize(
    "pairs",
    [
        [  # an exonym English always uses
            ("Der Zug fuhr nach Köln.", "The train went to Cologne."),
            ("In Köln regnete es.", "It rained in Cologne."),
        ],
        [  # a common noun some English capitalises once, in a name
            ("Das Hotel Adlon liegt zentral.", "The Hotel Adlon is central."),
            ("Im Hotel wohnen Gäste.", "Guests stay at the hotel."),
        ],
        [  # kept in fewer than half the pairs whose German has it: translated, not kept
            ("Der Verein TSV 1860 München gewann.", "The club TSV 1860 München won."),
            ("Ganz München feierte.", "All of Munich celebrated."),
            ("In München regnete es.", "It rained in Munich."),
        ],
    ],
)
def test_names_english_translates_are_not_flagged(pairs: list[tuple[str, str]]) -> None:
    assert review_document(pairs) == [()] * len(pairs)


def test_the_same_german_with_other_english_and_the_reverse() -> None:
    pairs = [
        ("Die Straße bleibt gesperrt.", "The road stays closed."),
        ("Der Antrag wurde abgelehnt.", "The motion was rejected."),
        ("Die Straße bleibt gesperrt!", "The street remains blocked!"),
        ("Der Antrag wurde angenommen.", "The motion was rejected."),
        ("Ja.", "Yes."),
        ("Ja.", "Yes, indeed."),  # too short to compare
    ]
    found = document_findings(pairs)
    assert found[0] == (
        ("inconsistent-segment", "the same German has `The street remains blocked!` in 3"),
    )
    assert found[2] == (
        ("inconsistent-segment", "the same German has `The road stays closed.` in 1"),
    )
    assert found[1] == (
        ("inconsistent-segment", "the same English translates `Der Antrag wurde angenommen.` in 4"),
    )
    assert found[3][0][1] == "the same English translates `Der Antrag wurde abgelehnt.` in 2"
    assert found[4:] == [(), ()]


def test_review_document_is_public_and_keeps_review_pair() -> None:
    pairs = [("Kommt er?", "He comes."), ("Der Hund schläft.", "The dog sleeps.")]
    assert translate.review_document(pairs) == [("question-exclamation",), ()]
    assert translate.review_pair("Kommt er?", "He comes.") == ("question-exclamation",)
    glossary = parse_glossary("Hund\tcanine\n")
    assert translate.review_document(pairs, glossary=glossary)[1] == ("glossary",)


def test_mojibake_is_not_read_as_quotation_marks() -> None:
    # `–` read as Windows-1252 is `â€“`, whose last sign is a `“`.
    found = kinds("Der Vertrag gilt ab Mai.", "The contract applies from May â€“ on.")
    assert "mojibake" in found
    assert "unpaired-mark" not in found


def test_a_name_whose_other_mentions_open_their_sentence_is_still_a_name() -> None:
    pairs = [
        ("Der Bürgermeister Koslowski eröffnete das Fest.", "Mayor Koslowski opened the fair."),
        ("Koslowskis Rede war kurz.", "Koslowski's speech was short."),
        ("Danach dankte Koslowski den Helfern.", "Afterwards Koslovski thanked the helpers."),
    ]
    assert review_document(pairs) == [(), (), ("inconsistent-name",)]


def test_an_article_is_never_a_name() -> None:
    pairs = [
        ("Die Zeitung Die Welt berichtete.", "The newspaper Die Welt reported."),
        ("Die ganze Welt schaute zu.", "The whole world watched."),
    ]
    assert review_document(pairs) == [(), ()]


def test_a_name_that_opens_the_english_is_kept_as_written() -> None:
    pairs = [
        ("Der Stürmer Haaland traf.", "The striker Haaland scored."),
        ("Auch Haalands Kollege traf.", "Haaland's team-mate scored too."),
        ("Am Ende wurde Haaland ausgewechselt.", "In the end Halland was substituted."),
    ]
    assert review_document(pairs) == [(), (), ("inconsistent-name",)]
