"""Reading text in the encodings German articles come in: BOMs, legacy code pages, C1 controls."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pytest

from translate.errors import InputError, UsageError
from translate.options import BatchOptions, parse_encoding
from translate.read.article import parse_article, read_article
from translate.read.encoding import decode_text, detect_legacy, repair_c1

# A Windows text full of what cp1252 has and Latin-1 lacks: „ “ – … € and the umlauts.
WINDOWS_TEXT = (
    "„Wir haben – wie jedes Jahr – alles gegeben“, sagte die Bürgermeisterin.\n\n"
    "Die Kosten: 1,2 Mio. € … und „das ist erst der Anfang“, fügte sie hinzu. Größe, Maß, Öl."
)


def test_a_cp1252_file_full_of_quotes_and_dashes_is_read_as_cp1252(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "windows.txt"
    data = WINDOWS_TEXT.encode("cp1252")
    path.write_bytes(data)
    caplog.set_level(logging.INFO, logger="translate")
    article = read_article(path)
    assert article.paragraphs == (
        "„Wir haben – wie jedes Jahr – alles gegeben“, sagte die Bürgermeisterin.",
        "Die Kosten: 1,2 Mio. € … und „das ist erst der Anfang“, fügte sie hinzu. Größe, Maß, Öl.",
    )
    assert article.metadata.encoding == "cp1252"
    assert article.metadata.format == "text"
    assert f"{path}: read as cp1252" in caplog.text
    # The input's hash stays the hash of its bytes, whatever they were decoded as.
    assert article.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("Grüße aus Köln".encode(), "Grüße aus Köln", "utf-8"),
        (b"\xef\xbb\xbfGr\xc3\xbc\xc3\x9fe", "Grüße", "utf-8"),
        (b"\xff\xfeG\x00r\x00\xfc\x00\xdf\x00e\x00", "Grüße", "utf-16"),
        (b"\xfe\xff\x00G\x00r\x00\xfc\x00\xdf\x00e", "Grüße", "utf-16"),
        (b"\xff\xfe\x00\x00G\x00\x00\x00\xfc\x00\x00\x00", "Gü", "utf-32"),
        (b"\x00\x00\xfe\xff\x00\x00\x00G\x00\x00\x00\xfc", "Gü", "utf-32"),
        # Umlauts only: cp1252 and Latin-1 read these bytes alike, so it is named latin-1.
        (b"Gr\xfc\xdfe aus K\xf6ln", "Grüße aus Köln", "latin-1"),
        # 0xA4 is € in ISO-8859-15 and ¤ in Latin-1 and cp1252: 15 € it is.
        (
            b"Der Eintritt kostet 15 \xa4, erm\xe4\xdfigt 9 \xa4.",
            "Der Eintritt kostet 15 €, ermäßigt 9 €.",
            "iso-8859-15",
        ),
        # DOS (cp850): ä is 0x84, which cp1252 would read as „ inside the word.
        (
            b"Das M\x84dchen sa\xe1 sch\x94n im Gr\x81nen.",
            "Das Mädchen saß schön im Grünen.",
            "cp850",
        ),
        # Mac Roman: ä is 0x8A (cp1252: Š), ß is 0xA7 (cp1252: §).
        (
            b"Die Stra\xa7e h\x8atte gr\x9fne B\x8aume.",
            "Die Straße hätte grüne Bäume.",
            "mac-roman",
        ),
    ],
)
def test_each_encoding_is_read_and_named(data: bytes, text: str, encoding: str) -> None:
    decoded = decode_text(data, source="a.txt")
    assert decoded.text == text
    assert decoded.encoding == encoding


def test_the_detection_says_it_guessed() -> None:
    assert detect_legacy("Öl".encode("cp1252"), source="a").detected
    assert not decode_text(b"Ol", source="a").detected


@pytest.mark.parametrize(
    ("name", "codec"),
    [
        ("cp1252", "cp1252"),
        ("latin1", "iso8859-1"),
        ("ISO-8859-15", "iso8859-15"),
        ("UTF8", "utf-8"),
    ],
)
def test_encoding_names_are_normalised(name: str, codec: str) -> None:
    assert parse_encoding(name) == codec
    assert BatchOptions(encoding=name).encoding == codec


@pytest.mark.parametrize("name", ["klingon", "base64", "rot13", ""])
def test_an_unknown_encoding_is_a_one_line_usage_error(name: str) -> None:
    with pytest.raises(UsageError) as caught:
        BatchOptions(encoding=name)
    assert str(caught.value) == (
        f"unknown encoding {name!r}: give one Python knows, such as cp1252, latin-1, "
        "iso-8859-15, utf-8 or utf-16."
    )


def test_a_forced_encoding_is_used(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="translate")
    # These bytes read best as cp1252; forced, they are ISO-8859-15 (0xA4 = €).
    article = parse_article(b"Preis: 5 \xa4", name="a", source="a.txt", encoding="iso-8859-15")
    assert article.paragraphs == ("Preis: 5 €",)
    assert article.metadata.encoding == "iso8859-15"
    assert "a.txt: read as iso8859-15 (--encoding)" in caplog.text


def test_a_forced_encoding_that_gives_control_characters_is_refused() -> None:
    # cp1252 bytes forced as Latin-1: „ (0x84) would become the control character U+0084.
    with pytest.raises(InputError) as caught:
        parse_article("„Ja“".encode("cp1252"), name="a", source="a.txt", encoding="latin-1")
    assert str(caught.value) == (
        "a.txt: read as iso8859-1 it holds control characters (U+0084 at character 0), so it "
        "is not iso8859-1; leave --encoding out to have it detected, or give another (cp1252 "
        "for Windows text)."
    )


def test_a_forced_encoding_the_bytes_do_not_fit_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        parse_article(b"Gr\xfc\xdfe", name="a", source="a.txt", encoding="utf-8")
    assert str(caught.value).startswith("a.txt: is not valid utf-8-sig (byte 0xfc at offset 2)")


def test_c1_controls_in_utf8_text_are_read_as_the_cp1252_characters_they_stand_for(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # What `iconv -f latin1 -t utf-8` makes of cp1252 text: „ “ – as U+0084, U+0093, U+0096.
    corrupted = "„Ja“ – sagte er.".encode("cp1252").decode("latin-1").encode("utf-8")
    assert "\u0084" in corrupted.decode("utf-8")
    article = parse_article(corrupted, name="a", source="a.txt")
    assert article.paragraphs == ("„Ja“ – sagte er.",)
    assert (
        "a.txt: 3 control characters (U+0080-U+009F) read as the cp1252 characters they stand "
        "for („ “ –): the text was converted from cp1252 as if it were Latin-1" in caplog.text
    )


def test_a_c1_control_no_cp1252_character_stands_for_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        parse_article("Ja\u0081nein".encode(), name="a", source="a.txt")
    assert str(caught.value) == (
        "a.txt: holds the control character U+0081 (at character 2), which is no text: it was "
        "converted from the wrong encoding; convert the original again from the encoding it "
        "is really in."
    )


def test_repair_c1_leaves_other_text_alone() -> None:
    assert repair_c1("Grüße") == "Grüße"
    assert repair_c1("\u0080 \u0085 \u009c") == "€ … œ"


def test_bytes_no_encoding_reads_as_text_are_refused_without_conversion_advice() -> None:
    with pytest.raises(InputError) as caught:
        parse_article(b"\x1b\x02\x03\x04\xe4\x05\x06\x0e\x0f\x10", name="a", source="a.txt")
    message = str(caught.value)
    assert message == (
        "a.txt: is neither UTF-8 nor text in a legacy encoding German is written in (cp1252, "
        "ISO-8859-15, cp850, Mac Roman) (byte 0xe4 at offset 4 is not UTF-8); if you know its "
        "encoding, give it with --encoding NAME."
    )
    assert "iconv" not in message


def test_utf16_without_a_bom_gets_a_hint() -> None:
    with pytest.raises(InputError) as caught:
        parse_article("Der Hund schläft.".encode("utf-16-le"), name="a", source="a.txt")
    assert str(caught.value) == (
        "a.txt: looks like a binary file (it contains NUL bytes); if it is UTF-16 text without "
        "a BOM, give --encoding utf-16-le."
    )
    forced = parse_article(
        "Der Hund schläft.".encode("utf-16-le"), name="a", source="a.txt", encoding="utf-16-le"
    )
    assert forced.paragraphs == ("Der Hund schläft.",)
