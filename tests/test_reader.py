import os
from pathlib import Path
from typing import Any

import pytest

from translate.errors import InputError
from translate.read.article import parse_article, read_article, split_paragraphs


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        ("Eins.\n\nZwei.", ["Eins.", "Zwei."]),
        ("Eins.\r\n\r\nZwei.\r\n", ["Eins.", "Zwei."]),
        ("Eins.\r\rZwei.", ["Eins.", "Zwei."]),
        ("Eine Zeile,\numgebrochen.\n\nZwei.", ["Eine Zeile,\numgebrochen.", "Zwei."]),
        ("\n\n  Eins.  \n \t \n\n\nZwei.\n\n", ["Eins.", "Zwei."]),
        ("Nur ein Absatz.", ["Nur ein Absatz."]),
    ],
)
def test_paragraphs_split_on_blank_lines_only(text: str, paragraphs: list[str]) -> None:
    assert split_paragraphs(text) == paragraphs


def test_byte_order_mark_is_dropped() -> None:
    article = parse_article("\ufeffHallo Welt.".encode(), name="a", source="a.txt")
    assert article.paragraphs == ("Hallo Welt.",)


def test_article_records_name_and_input_hash(tmp_path: Path) -> None:
    path = tmp_path / "bericht.txt"
    path.write_bytes(b"Hallo.")
    article = read_article(path)
    assert article.name == "bericht"
    assert article.source == str(path)
    # sha256 of b"Hallo.", computed independently with `printf 'Hallo.' | sha256sum`.
    assert article.sha256 == "a7bc973835929ba2ff64f6b9b0a346e188c2753407c6177115edf2bee58d0909"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b" \n\t\r\n ", "is empty"),
        (b"PK\x03\x04\x00\x00binary", "binary"),
        # Not UTF-8, and every legacy reading is full of control characters.
        (b"\x1b\x02\x03\x04\xe4\x05\x06\x0e\x0f", "neither UTF-8 nor text in a legacy encoding"),
    ],
)
def test_bad_content_is_refused_with_the_file_name(
    tmp_path: Path, data: bytes, message: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_article(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "nirgends.txt")


def test_folder_is_not_an_article(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        read_article(tmp_path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, which reads any file whatever its mode; so the OS refusal is raised
    # where a real one would surface.
    path = tmp_path / "geheim.txt"
    path.write_text("Hallo.", encoding="utf-8")

    real_open = os.open

    def refuse(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(InputError, match="permission denied; make the file readable"):
        read_article(path)
