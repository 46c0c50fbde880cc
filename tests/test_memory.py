"""The translation memory's library: keys, the store, the readers and the fuzzy index."""

from __future__ import annotations

import json
import random
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import SAMPLE_RUN

from translate.document import AlignedDocument, SentencePair
from translate.errors import InputError
from translate.memory import (
    Memory,
    MemoryUnit,
    UnitState,
    import_files,
    memory_path,
    normalise,
    read_units,
)
from translate.memory.fuzzy import word_distance
from translate.memory.normalise import words
from translate.memory.store import Stored
from translate.read.bilingual import segment_text
from translate.render.xliff import render_xliff


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("„Hallo“  Welt.", '"Hallo" Welt.'),
        ("»Nein«, sagte er.", '"Nein", sagte er.'),
        ("Er sagte: ‚ja‘.", "Er sagte: 'ja'."),
        ("Der Mann\nsagte\u00a0nichts. ", "Der Mann sagte nichts."),
        ("Mu\u0308ller kam.", "Müller kam."),
        ("Es ist 'so'.", "Es ist 'so'."),
        ("Gross und klein", "Gross und klein"),
    ],
)
def test_normalise_folds_whitespace_quotes_and_unicode_forms(text: str, key: str) -> None:
    assert normalise(text) == key


def test_normalise_keeps_case_and_other_characters() -> None:
    assert normalise("Die Bank") != normalise("die Bank")
    assert normalise("Er kam.") != normalise("Er kam!")


def test_words_drop_punctuation_and_case() -> None:
    assert words(normalise("„Die Polizei“ nahm 3 Männer fest.")) == (
        "die",
        "polizei",
        "nahm",
        "3",
        "männer",
        "fest",
    )


@pytest.mark.parametrize(
    ("a", "b", "limit", "distance"),
    [
        ("a b c", "a b c", 2, 0),
        ("a b c", "a x c", 2, 1),
        ("a b c", "a c", 2, 1),
        ("a b c d", "b c d e", 2, 2),
        ("a b c d", "d c b a", 4, 4),
        ("a b c d", "d c b a", 3, None),
        ("a", "a b c d", 2, None),
        ("", "a b", 2, 2),
    ],
)
def test_word_distance(a: str, b: str, limit: int, distance: int | None) -> None:
    assert word_distance(a.split(), b.split(), limit) == distance


def _unit(source: str, target: str, origin: str = "a.tsv", unit: str = "1") -> MemoryUnit:
    return MemoryUnit(source, target, origin, unit, "2026-12-01T00:00:00+00:00")


def test_store_finds_a_sentence_however_it_is_typeset(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "memory.sqlite3"
    with Memory(path) as memory:
        added = memory.add([_unit("„Guten Tag“, sagte sie.", "'Good day,' she said.")])
        assert added == Stored(pairs=1, changed=1)
        found = memory.exact(['"Guten Tag", sagte  sie.', "Guten Tag, sagte sie.", "Nichts."])
    assert found == ["'Good day,' she said.", None, None]


def test_store_keeps_the_newer_english_and_its_provenance(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    with Memory(path) as memory:
        memory.add([_unit("Er kam.", "He come.", "old.tsv", "3")])
        first = memory.identity()
        memory.add(
            [MemoryUnit("Er kam.", "He came.", "new.xlf", "p1.s1", "2026-12-02", UnitState.final)]
        )
        assert memory.identity() != first
        assert list(memory.units()) == [
            MemoryUnit(
                "Er kam.",
                "He came.",
                "new.xlf",
                "p1.s1",
                "2026-12-02T00:00:00+00:00",
                UnitState.final,
            )
        ]
        stats = memory.stats()
    assert (stats.units, stats.files, stats.exists) == (1, 1, True)


def test_reading_a_missing_memory_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "none" / "memory.sqlite3"
    with Memory(path) as memory:
        assert memory.exact(["Er kam."]) == [None]
        assert memory.stats().units == 0
        assert memory.identity() == ""
    assert not path.parent.exists()


def test_a_file_that_is_no_memory_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my notes, not a database\n" * 100)
    with pytest.raises(InputError, match="not a translation memory"), Memory(path) as memory:
        memory.add([_unit("Er kam.", "He came.")])
    assert path.read_text() == "my notes, not a database\n" * 100


def test_memory_path_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert memory_path() == tmp_path / "data" / "translate" / "memory.sqlite3"
    monkeypatch.setenv("TRANSLATE_MEMORY", str(tmp_path / "env.sqlite3"))
    assert memory_path() == tmp_path / "env.sqlite3"
    assert memory_path(tmp_path / "flag.sqlite3") == tmp_path / "flag.sqlite3"


# --- dates: the later English wins ----------------------------------------------------------


def _dated_xliff(path: Path, date: str, *pairs: tuple[str, str]) -> Path:
    units = "".join(
        f'<trans-unit id="{n}"><source>{de}</source><target>{en}</target></trans-unit>'
        for n, (de, en) in enumerate(pairs, 1)
    )
    path.write_text(
        '<xliff version="1.2"><file source-language="de" target-language="en" '
        f'date="{date}"><body>{units}</body></file></xliff>',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("date", "stored"),
    [
        ("2023-05-01", "2023-05-01T00:00:00+00:00"),
        ("2023-05-01T10:00:00.75+02:00", "2023-05-01T08:00:00+00:00"),
        ("2023-05-01T23:30:00-01:00", "2023-05-02T00:30:00+00:00"),
        ("2023-05-01T10:00:00Z", "2023-05-01T10:00:00+00:00"),
        ("2023-05-01T10:00:00", "2023-05-01T10:00:00+00:00"),
        ("gestern", "2026-12-01T09:00:00+00:00"),  # unreadable: the import's time
    ],
)
def test_xliff_dates_are_kept_in_utc(tmp_path: Path, date: str, stored: str) -> None:
    path = _dated_xliff(tmp_path / "a.xlf", date, ("Ja.", "Yes."))
    assert [u.date for u in read_units(path, "2026-12-01T09:00:00+00:00")] == [stored]


def test_the_later_dated_english_wins_whatever_the_import_order(tmp_path: Path) -> None:
    memory = tmp_path / "memory.sqlite3"
    # 11:00 UTC, written with an offset; the TMX says 10:59:59 UTC: older, though imported later.
    newer = _dated_xliff(
        tmp_path / "newer.xlf", "2026-03-01T12:00:00+01:00", ("Er kam.", "He came.")
    )
    older = tmp_path / "older.tmx"
    older.write_text(
        '<tmx version="1.4"><header srclang="de"/><body><tu changedate="20260301T105959Z">'
        '<tuv xml:lang="de"><seg>Er kam.</seg></tuv><tuv xml:lang="en"><seg>He come.</seg></tuv>'
        "</tu></body></tmx>",
        encoding="utf-8",
    )
    import_files([newer], memory)
    assert import_files([older], memory).changed == 0
    import_files([older, newer, older], memory)
    with Memory(memory) as opened:
        assert [(u.target, u.origin, u.date) for u in opened.units()] == [
            ("He came.", str(newer), "2026-03-01T11:00:00+00:00")
        ]
    # The same date: the one imported later wins.
    same = _dated_xliff(tmp_path / "same.xlf", "2026-03-01T11:00:00Z", ("Er kam.", "He arrived."))
    assert import_files([same], memory).changed == 1
    with Memory(memory) as opened:
        assert opened.exact(["Er kam."]) == ["He arrived."]


def test_within_one_file_the_later_dated_unit_wins(tmp_path: Path) -> None:
    path = tmp_path / "twice.tmx"
    path.write_text(
        '<tmx version="1.4"><header srclang="de"/><body>'
        '<tu changedate="20260302T000000Z"><tuv xml:lang="de"><seg>Ja.</seg></tuv>'
        '<tuv xml:lang="en"><seg>Yes.</seg></tuv></tu>'
        '<tu changedate="20260301T000000Z"><tuv xml:lang="de"><seg>Ja.</seg></tuv>'
        '<tuv xml:lang="en"><seg>Yeah.</seg></tuv></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    report = import_files([path], tmp_path / "memory.sqlite3")
    assert (report.units, report.changed, report.total) == (1, 1, 1)
    with Memory(tmp_path / "memory.sqlite3") as opened:
        assert opened.exact(["Ja."]) == ["Yes."]


@pytest.mark.parametrize(
    ("old_date", "target"),
    [
        ("2026-03-01T02:00:00+03:00", "He came."),  # 23:00 UTC the day before: older
        ("2026-03-01T01:00:00", "He come."),  # no offset: UTC, and newer
        ("gestern", "He came."),  # unreadable: older than any date
    ],
)
def test_dates_an_older_memory_wrote_otherwise_still_compare(
    tmp_path: Path, old_date: str, target: str
) -> None:
    memory = tmp_path / "memory.sqlite3"
    with Memory(memory) as opened:
        opened.add([_unit("Er kam.", "He come.")])
    with sqlite3.connect(memory) as connection:  # as an older version stored it
        connection.execute("UPDATE units SET date = ?", (old_date,))
    connection.close()
    import_files(
        [_dated_xliff(tmp_path / "a.xlf", "2026-02-28T23:30:00Z", ("Er kam.", "He came."))], memory
    )
    with Memory(memory) as opened:
        assert opened.exact(["Er kam."]) == [target]


# --- readers ---------------------------------------------------------------------------------

DRAFTS = (
    SentencePair(1, 1, "Der Hund bellt.", "The dog barks."),
    SentencePair(1, 2, "Die Katze schläft.", "The cat sleep."),
    SentencePair(2, 1, "Es regnet.", "It rains."),
    SentencePair(2, 2, "Wir gehen.", "We go."),
)


def _our_xliff(folder: Path, edits: dict[str, tuple[str, dict[str, str | None]]]) -> Path:
    """Our aligned.xlf (and aligned.jsonl) in `folder`, with each edited unit's target text
    and attributes changed the way a CAT tool changes them (None removes an attribute)."""
    import xml.etree.ElementTree as ET

    namespace = "urn:oasis:names:tc:xliff:document:1.2"
    ET.register_namespace("", namespace)
    text = render_xliff(AlignedDocument("article", DRAFTS), SAMPLE_RUN)
    root = ET.fromstring(text)
    for unit in root.iter(f"{{{namespace}}}trans-unit"):
        if unit.get("id") in edits:
            english, attributes = edits[unit.get("id", "")]
            target = unit.find(f"{{{namespace}}}target")
            assert target is not None
            target.text = english
            for name, value in attributes.items():
                if value is None:
                    target.attrib.pop(name, None)
                else:
                    target.set(name, value)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "aligned.xlf"
    path.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
    lines = [json.dumps({"id": p.id, "de": p.source, "en": p.target}) for p in DRAFTS]
    (folder / "aligned.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_our_xliff_gives_only_what_a_person_changed_or_confirmed(tmp_path: Path) -> None:
    path = _our_xliff(
        tmp_path / "article",
        {
            "p1.s2": ("The cat sleeps.", {"state": "translated", "state-qualifier": None}),
            "p2.s1": ("It is raining.", {}),  # edited in a text editor, attributes left
            "p2.2": ("ignored", {}),
            "p2.s2": ("We go.", {"state": "final"}),  # the draft, confirmed as it stands
        },
    )
    found = {(u.source, u.target, u.unit, u.state) for u in read_units(path)}
    assert found == {
        ("Die Katze schläft.", "The cat sleeps.", "p1.s2", UnitState.translated),
        ("Es regnet.", "It is raining.", "p2.s1", UnitState.translated),
        ("Wir gehen.", "We go.", "p2.s2", UnitState.final),
    }


def test_an_untouched_draft_stays_out_even_without_the_folder(tmp_path: Path) -> None:
    path = _our_xliff(tmp_path / "article", {"p2.s1": ("It is raining.", {})})
    (tmp_path / "article" / "aligned.jsonl").unlink()
    # Without the drafts nothing proves the English is a person's: still marked a machine's.
    assert read_units(path) == []


XLIFF_OTHER_TOOL = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="a.txt" source-language="de-DE" target-language="en-GB" datatype="plaintext">
  <body>
   <trans-unit id="1"><source>Eins <g id="b">fett</g> <ph id="2">{0}</ph>.</source>
     <target>One <g id="b">bold</g> <ph id="2">{0}</ph>.</target></trans-unit>
   <trans-unit id="2"><source>Zwei.</source><target state="new">Two.</target></trans-unit>
   <trans-unit id="3"><source>Drei.</source></trans-unit>
   <trans-unit id="4"><source>Vier.</source>
     <target state="needs-review-translation" state-qualifier="mt-suggestion">Four.</target>
   </trans-unit>
   <trans-unit id="5" approved="yes"><source>Fünf.</source>
     <target state-qualifier="mt-suggestion">Five.</target></trans-unit>
   <trans-unit id="6"><source>Sechs.</source><target state="signed-off">Six.</target>
     <alt-trans><source>Sechs!</source><target>Six!</target></alt-trans></trans-unit>
  </body>
 </file>
</xliff>
"""


def test_xliff_of_another_tool(tmp_path: Path) -> None:
    path = tmp_path / "omegat.xlf"
    path.write_text(XLIFF_OTHER_TOOL, encoding="utf-8")
    found = [(u.source, u.target, u.unit, u.state) for u in read_units(path)]
    assert found == [
        ("Eins fett .", "One bold .", "1", UnitState.unspecified),
        ("Fünf.", "Five.", "5", UnitState.unspecified),
        ("Sechs.", "Six.", "6", UnitState.signed_off),
    ]


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="X" creationtoolversion="1" segtype="sentence"
 o-tmf="x" adminlang="en" srclang="de-DE" datatype="plaintext" creationdate="20250101T000000Z"/>
<body>
 <tu tuid="a" changedate="20260305T101112Z">
  <tuv xml:lang="DE-de"><seg>Ja <bpt i="1">&lt;b></bpt>wirklich<ept i="1">&lt;/b></ept>.</seg></tuv>
   <tuv xml:lang="en-US"><seg>Yes <bpt i="1">&lt;b></bpt>really<ept i="1">&lt;/b></ept>.</seg>
   </tuv></tu>
 <tu><tuv lang="de"><seg>Nein.</seg></tuv><tuv lang="EN"><seg>No.</seg></tuv></tu>
 <tu tuid="c"><tuv xml:lang="de"><seg>Vielleicht.</seg></tuv>
   <tuv xml:lang="fr"><seg>Peut-être.</seg></tuv></tu>
</body></tmx>
"""


def test_tmx_pairs_german_and_english_of_any_region(tmp_path: Path) -> None:
    path = tmp_path / "cat.tmx"
    path.write_text(TMX, encoding="utf-8")
    found = [(u.source, u.target, u.unit, u.date) for u in read_units(path)]
    assert found == [
        ("Ja wirklich.", "Yes really.", "a", "2026-03-05T10:11:12+00:00"),
        ("Nein.", "No.", "tu2", "2025-01-01T00:00:00+00:00"),  # no tuid: named as check names it
    ]


def test_segment_text_keeps_inline_words_and_drops_native_code() -> None:
    seg = ET.fromstring(
        "<seg>A <g>b <ph>&lt;x/></ph>c <bpt i='1'>&lt;i></bpt><mrk>d<it>&lt;/i></it></mrk>e</g>"
        " f<ut>&lt;u/></ut>.</seg>"
    )
    assert segment_text(seg) == "A b c de f."


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("Ja.\tYes.\nNein.\tNo.\n", [("Ja.", "Yes.", "1"), ("Nein.", "No.", "2")]),
        ("id\tEN\tDE\n7\tYes.\tJa.\n\n8\t\tNein.\n", [("Ja.", "Yes.", "2")]),
        ('"Er sagte:\t""ja""."\tHe said: "yes".\n', [('Er sagte:\t"ja".', 'He said: "yes".', "1")]),
        # Plain TSV has no quoting: a sentence that starts with a quote keeps it.
        (
            '"Wir schaffen das", sagte sie.\t"We can do it", she said.\n',
            [('"Wir schaffen das", sagte sie.', '"We can do it", she said.', "1")],
        ),
        # A spreadsheet's quoted fields; a pair's line is the one it starts on.
        (
            '"Ja"\t"Yes"\r\n"Nein,\r\nnie"\t"No, ""never"""\r\nGut.\tGood.\r\n',
            [("Ja", "Yes", "1"), ("Nein,\r\nnie", 'No, "never"', "2"), ("Gut.", "Good.", "4")],
        ),
        # Only \n and \r\n end a row: other line separators stay in the sentence.
        (
            "Eins\u2028zwei.\tOne\u2028two.\nDrei\x0b\x0c\x85vier.\tThree.\nFünf.\tFive.\n",
            [
                ("Eins\u2028zwei.", "One\u2028two.", "1"),
                ("Drei\x0b\x0c\x85vier.", "Three.", "2"),
                ("Fünf.", "Five.", "3"),
            ],
        ),
        ("Deutsch\tEnglisch\nJa.\tYes.\n", [("Ja.", "Yes.", "2")]),
        ("DE-at\tEN-gb\nJa.\tYes.\n", [("Ja.", "Yes.", "2")]),
        ("de-CH\ten-US\n", []),
        # With a header, a row may leave out the empty columns after German and English.
        (
            "de\ten\tcomment\nZeile.\tRow.\nSpalte.\tColumn.\tchecked\n",
            [("Zeile.", "Row.", "2"), ("Spalte.", "Column.", "3")],
        ),
        # A quotation over two sentences: each line holds its fields, so each is a row as
        # written, with and without a header (no spreadsheet quoted these fields).
        (
            'de\ten\tnote\n"Wir kommen morgen.\t"We are coming tomorrow.\n'
            'Das ist gut."\tThat is good."\n',
            [
                ('"Wir kommen morgen.', '"We are coming tomorrow.', "2"),
                ('Das ist gut."', 'That is good."', "3"),
            ],
        ),
        (
            '"Wir kommen morgen.\t"We are coming tomorrow.\nDas ist gut."\tThat is good."\n',
            [
                ('"Wir kommen morgen.', '"We are coming tomorrow.', "1"),
                ('Das ist gut."', 'That is good."', "2"),
            ],
        ),
        # A spreadsheet's cell over two lines: its first line is short of fields.
        (
            '"Erste Zeile\nzweite Zeile."\t"First line\nsecond line."\nJa.\tYes.\n',
            [
                ("Erste Zeile\nzweite Zeile.", "First line\nsecond line.", "1"),
                ("Ja.", "Yes.", "4"),  # the cells' line breaks count: the row took 3 lines
            ],
        ),
    ],
)
def test_tsv(tmp_path: Path, text: str, pairs: list[tuple[str, str, str]]) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text(text, encoding="utf-8")
    assert [(u.source, u.target, u.unit) for u in read_units(path)] == pairs


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.tsv", b"Ja.\tYes.\nNein.\n", r"a\.tsv: line 2 has 1 fields"),
        ("a.tsv", b"Ja.\tYes.\tOui.\n", r"a\.tsv: line 1 has 3 fields"),
        ("a.tsv", "Eins\u2028zwei.\tOne.\nNein.\n".encode(), r"a\.tsv: line 2 has 1 fields"),
        (
            "a.tsv",
            b'Ja.\tYes.\n\n"Er sagte: ja\nNein\tNo.\n',
            r"a\.tsv: line 3: a field opens a quote that never closes",
        ),
        (
            "a.tsv",
            b"id\tde\ten\tcomment\n1\tZeile.\tRow.\n2\tSpalte.\n",
            r"a\.tsv: line 3 has 2 fields, too few for its German and English \(columns 2, 3\)",
        ),
        (
            "a.tsv",
            b"de-AT\tde-CH\nJa.\tJa.\n",
            r"a\.tsv: line 1 is a header \(de-at, de-ch\) without an English column",
        ),
        ("a.tsv", "Ä\tA\n".encode("latin-1"), r"a\.tsv: not UTF-8"),
        ("a.xlf", b"<xliff><file><body><trans-unit id='u7'>", r"a\.xlf: not well-formed"),
        ("a.xlf", b"<xliff><file><body><trans-unit id='u7'/></body></file></xliff>", "unit u7"),
        (
            "a.xlf",
            b"<xliff><file source-language='en' target-language='fr'/></xliff>",
            "translates en to fr",
        ),
        ("a.tmx", b"<tmx><body><tu tuid='t9'><tuv xml:lang='de'/></tu></body></tmx>", "unit t9"),
        ("a.xml", b"<html><body/></html>", "<html> document"),
        (
            "aligned.tsv",
            b'paragraph\tsentence\tde\ten\tconfidence\tflags\n1\t1\t"Ja."\t"Yes."\t\t""\n',
            "machine translation a run wrote",
        ),
        (
            "aligned.tsv",
            b"paragraph\tsentence\tde\ten\tconfidence\tflags\torigin\n"
            b'1\t1\t"Ja."\t"Yes."\t\t""\t"model"\n',
            "machine translation a run wrote",
        ),
        (
            "aligned.tmx",
            b"<tmx><header creationtool='translate' o-tmf='translate-aligned-jsonl'/></tmx>",
            "machine translation a run wrote",
        ),
    ],
)
def test_bad_files_name_the_file_and_the_unit(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_units(path)


def test_one_bad_file_imports_nothing(tmp_path: Path) -> None:
    good = tmp_path / "good.tsv"
    good.write_text("Ja.\tYes.\n", encoding="utf-8")
    bad = tmp_path / "bad.tsv"
    bad.write_text("Nein.\tNo.\nVielleicht.\n", encoding="utf-8")
    memory = tmp_path / "memory.sqlite3"
    import_files([good], memory)
    with pytest.raises(InputError, match=r"bad\.tsv: line 2"):
        import_files([good, bad], memory)
    with Memory(memory) as opened:
        assert [u.source for u in opened.units()] == ["Ja."]
        assert opened.exact(["Nein."]) == [None]


# --- fuzzy matches ---------------------------------------------------------------------------


def _index(folder: Path, *sources: str) -> Memory:
    memory = Memory(folder / "fuzzy.sqlite3")
    memory.add(_unit(s, f"EN {s}") for s in sources)
    return memory


def test_fuzzy_finds_the_closest_entry_above_the_threshold(tmp_path: Path) -> None:
    index = _index(
        tmp_path,
        "Die Polizei nahm den Mann am Montag fest.",
        "Die Polizei nahm den Mann am Dienstag in Berlin fest.",
        "Das Wetter bleibt am Montag schön.",
    )
    match = index.closest("Die Polizei nahm den Mann am Sonntag fest.")
    assert match is not None
    assert match.source == "Die Polizei nahm den Mann am Montag fest."
    assert match.target == "EN Die Polizei nahm den Mann am Montag fest."
    assert match.similarity == 0.875  # 1 of 8 words replaced


def test_fuzzy_leaves_out_exact_matches_and_distant_ones(tmp_path: Path) -> None:
    index = _index(tmp_path, "Der Hund bellt laut.", "Die Katze schläft.")
    assert index.closest("Der Hund  bellt\nlaut.") is None  # the same after normalising
    assert index.closest("Der Vogel singt laut.") is None  # 2 of 4 words: 50%
    match = index.closest("Der Hund bellt leise.")
    assert match is not None and match.similarity == 0.75


def _similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """A plain full-table Levenshtein, written apart from the code under test."""
    row = list(range(len(b) + 1))
    for i, word in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, other in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (word != other))
    return 1 - row[len(b)] / max(len(a), len(b))


def test_the_index_finds_what_a_full_scan_finds(tmp_path: Path) -> None:
    generator = random.Random(7)
    vocabulary = [f"w{n}" for n in range(40)]
    sources = [
        " ".join(generator.choices(vocabulary, k=generator.randint(3, 12))) for _ in range(150)
    ]
    index = _index(tmp_path, *sources[:100])
    index.add(_unit(s, f"EN {s}") for s in sources[100:])  # filed by a second import
    found = 0
    for _ in range(120):
        query_words = generator.choice(sources).split()  # a neighbour: one or two words changed
        for _ in range(generator.randint(1, 2)):
            query_words[generator.randrange(len(query_words))] = generator.choice(vocabulary)
        query = " ".join(query_words)
        scores = [_similarity(words(query), words(s)) for s in sources if normalise(s) != query]
        best = max(scores, default=0.0)
        match = index.closest(query)
        if best >= 0.75:
            found += 1
            assert match is not None and match.similarity == pytest.approx(best, abs=1e-4)
        else:
            assert match is None
    assert found > 30  # the table does test matches, not only misses


def test_the_memory_file_is_sqlite_with_the_pairs(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    with Memory(path) as memory:
        memory.add([_unit("Ja.", "Yes.")])
    with sqlite3.connect(path) as connection:
        assert list(connection.execute("SELECT source, target, origin FROM units")) == [
            ("Ja.", "Yes.", "a.tsv")
        ]
