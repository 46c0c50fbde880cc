"""The glossary file: its format, the one-line errors for bad rows, and how terms are matched."""

from pathlib import Path

import pytest

from translate.errors import InputError
from translate.glossary import GlossaryTerm, load_glossary, parse_glossary


def test_rows_comments_and_blank_lines() -> None:
    glossary = parse_glossary(
        "\ufeff# German<TAB>English\nKita\tdaycare centre\n\nBundestag\tBundestag\r\n"
        "Kita\tdaycare centre\n",
        name="terms.tsv",
    )
    assert glossary.terms == (
        GlossaryTerm("Kita", "daycare centre", 2),
        GlossaryTerm("Bundestag", "Bundestag", 4),
    )
    assert [term.keep for term in glossary.terms] == [False, True]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Kita\tdaycare centre\nBahn\n",
            "terms.tsv:2: expected 2 tab-separated columns (German term, English term), found 1; "
            "fix the row or start it with # to skip it.",
        ),
        (
            "Kita\tdaycare\tcentre\n",
            "terms.tsv:1: expected 2 tab-separated columns (German term, English term), found 3; "
            "fix the row or start it with # to skip it.",
        ),
        (
            "Kita\t \n",
            "terms.tsv:1: the English term is empty; give both terms, or map a term to itself to "
            "keep it untranslated.",
        ),
        (
            "\tnursery\n",
            "terms.tsv:1: the German term is empty; give both terms, or map a term to itself to "
            "keep it untranslated.",
        ),
        (
            "# terms\nKita\tdaycare centre\nKita\tnursery\n",
            "terms.tsv:3: 'Kita' is translated as 'nursery' here but as 'daycare centre' on "
            "line 2; keep one of the two.",
        ),
        (
            "# nothing yet\n\n",
            "terms.tsv: the glossary has no terms; write one 'German<TAB>English' pair per line.",
        ),
    ],
)
def test_a_bad_glossary_is_one_line_naming_the_row(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_glossary(text, name="terms.tsv")
    assert str(caught.value) == message
    assert caught.value.exit_code == 2


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.tsv: no such file; check the path\.$"):
        load_glossary(tmp_path / "missing.tsv")
    latin = tmp_path / "latin.tsv"
    latin.write_bytes("Straße\tstreet\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin\.tsv: the glossary is not UTF-8 \(byte 4\)"):
        load_glossary(latin)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Die Kita ist zu.", ["Kita"]),
        ("Die Kitas sind zu.", []),  # whole words only
        ("Die Großkita ist zu.", []),
        ("Die Kita-Leitung ist da.", ["Kita"]),  # a hyphen ends the word
        ("Die KITA ist zu.", []),  # case as written
        ("Grüne Politik ist gut.", ["Grüne Politik"]),  # a small first letter also capitalised
        ("Die grüne Politik ist gut.", ["grüne Politik"]),
        ("Die Deutsche Bahn fährt.", ["Deutsche Bahn"]),  # the longest term wins
        ("Die Bahn fährt.", ["Bahn"]),
    ],
)
def test_terms_match_whole_words_with_the_case_rules(text: str, found: list[str]) -> None:
    glossary = parse_glossary(
        "Kita\tdaycare centre\ngrüne Politik\tgreen policy\nBahn\trailway\n"
        "Deutsche Bahn\tDeutsche Bahn\n"
    )
    assert [text[start:end] for start, end, _ in glossary.find(text)] == found


def test_the_hash_is_of_the_terms_not_of_the_file() -> None:
    one = parse_glossary("Kita\tdaycare centre\nBahn\trailway\n")
    other = parse_glossary("# reordered\nBahn\trailway\n\nKita\tdaycare centre\n")
    changed = parse_glossary("Kita\tnursery\nBahn\trailway\n")
    assert one.sha256 == other.sha256
    assert one.sha256 != changed.sha256
    assert one.sha256.startswith("sha256:")


def test_unenforced_terms_are_those_whose_english_is_missing() -> None:
    glossary = parse_glossary("Kita\tdaycare centre\nBundestag\tBundestag\n")
    assert glossary.unenforced("Die Kita ist zu.", "The daycare centre is closed.") == ()
    assert glossary.unenforced("Die Kita ist zu.", "Daycare centre closed.") == ()
    assert glossary.unenforced("Die Kita ist zu.", "The nursery is closed.") == ("Kita",)
    assert glossary.unenforced(
        "Der Bundestag und die Kita.", "The Bundestag and the daycare centres."
    ) == ("Kita",)
    assert glossary.unenforced("Die Kita und die Kita.", "The daycare centre.") == ("Kita",)
