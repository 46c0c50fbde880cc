"""The command line on every kind of input: pages in a pipe, legacy encodings, --encoding,
--input-format, and what a page states carried into run.json, the HTML page, TMX and manifest."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import TINY_MARIAN
from typer.testing import CliRunner

from translate.cli.app import app

runner = CliRunner()
TINY = ["--model", str(TINY_MARIAN)]
# Two sentences the tiny model was trained on, as a saved page with navigation and a footer.
PAGE = """<!DOCTYPE html><html lang="de"><head><meta charset="windows-1252">
<title>Kurz | Testblatt</title><meta name="author" content="Erika Muster">
<meta property="article:published_time" content="2025-02-03T10:00:00+01:00">
<link rel="canonical" href="https://testblatt.example/kurz-1"></head><body>
<nav><a href="/">Startseite</a> <a href="/sport">Sport</a></nav>
<article><h1>Der Hund schläft.</h1><p>Wo ist der Bahnhof?</p></article>
<footer>Impressum · Datenschutz</footer></body></html>""".encode("cp1252")


@pytest.mark.parametrize(
    ("formats", "expected"),
    [
        ("txt", "The dog sleeps.\n\nWhere is the station?\n"),
        ("jsonl", '"en": "Where is the station?"'),
        ("tsv", '2\t1\t"Wo ist der Bahnhof?"\t"Where is the station?"\t'),
        ("md", "| p2.s1 | Wo ist der Bahnhof? | Where is the station? |"),
        ("html", '<div class="en" lang="en">Where is the station?<span class="confidence">'),
        ("tmx", "<seg>Where is the station?</seg>"),
        ("summary", "- Where is the station? (p2.s1)"),
    ],
)
def test_a_page_in_a_pipe_writes_the_one_format_asked_for(formats: str, expected: str) -> None:
    result = runner.invoke(
        app, ["run", "-", "--input-format", "html", "--formats", formats, *TINY], input=PAGE
    )
    assert result.exit_code == 0, result.stderr
    assert expected in result.stdout
    assert "Startseite" not in result.stdout and "Impressum" not in result.stdout


def test_stdin_is_text_unless_told(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", "-", "--formats", "tsv", *TINY], input=PAGE)
    assert result.exit_code == 0, result.stderr
    german = [row.split("\t")[2] for row in result.stdout.splitlines()[1:]]
    assert any("<nav>" in sentence for sentence in german)  # read as text: tags and all


def test_a_cp1252_file_is_read_and_named_on_stderr(tmp_path: Path) -> None:
    source = tmp_path / "windows.txt"
    source.write_bytes("Der Hund schläft.\n\n„Wo ist der Bahnhof?“".encode("cp1252"))
    result = runner.invoke(app, ["run", str(source), "--out", str(tmp_path / "out"), *TINY])
    assert result.exit_code == 0, result.stderr
    assert f"translate: {source}: read as cp1252\n" in result.stderr
    run = json.loads((tmp_path / "out" / "windows" / "run.json").read_text(encoding="utf-8"))
    assert run["metadata"] == {"format": "text", "encoding": "cp1252"}


def test_a_bad_encoding_name_is_one_line_exit_2(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Der Hund schläft.", encoding="utf-8")
    result = runner.invoke(app, ["run", str(source), "--encoding", "klingonisch", *TINY])
    assert result.exit_code == 2
    assert result.stderr == (
        "translate: error: unknown encoding 'klingonisch': give one Python knows, such as "
        "cp1252, latin-1, iso-8859-15, utf-8 or utf-16.\n"
    )


def test_encoding_forces_the_reading(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_bytes("Der Hund schläft.".encode("utf-16-le"))
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["run", str(source), "--encoding", "utf-16-le", "--out", str(out), *TINY]
    )
    assert result.exit_code == 0, result.stderr
    assert (out / "a" / "translation.en.txt").read_text(encoding="utf-8") == "The dog sleeps.\n"


def test_what_a_page_states_goes_into_every_header(tmp_path: Path) -> None:
    page = tmp_path / "seite.html"
    page.write_bytes(PAGE)
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(page), "--out", str(out), *TINY])
    assert result.exit_code == 0, result.stderr
    folder = out / "seite"
    stated = {
        "format": "html",
        "encoding": "cp1252",
        "title": "Der Hund schläft.",
        "author": "Erika Muster",
        "date": "2025-02-03T10:00:00+01:00",
        "url": "https://testblatt.example/kurz-1",
    }
    run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert run["metadata"] == stated
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["articles"][0]["metadata"] == stated
    assert "metadata" not in manifest["run"]
    html = (folder / "side-by-side.html").read_text(encoding="utf-8")
    assert '<meta name="translate-source-author" content="Erika Muster">' in html
    assert (
        '<p class="source"><cite lang="de">Der Hund schläft.</cite> · Erika Muster · '
        "<time>2025-02-03T10:00:00+01:00</time> · "
        '<a href="https://testblatt.example/kurz-1">https://testblatt.example/kurz-1</a></p>'
    ) in html
    header = ET.parse(folder / "aligned.tmx").getroot().find("header")
    assert header is not None
    assert header.get("o-encoding") == "cp1252"
    props = {prop.get("type"): prop.text for prop in header.iter("prop")}
    assert props["x-source-title"] == "Der Hund schläft."
    assert props["x-source-author"] == "Erika Muster"
    assert props["x-source-date"] == "2025-02-03T10:00:00+01:00"
    assert props["x-source-url"] == "https://testblatt.example/kurz-1"
    # The page's headline is its own first paragraph.
    assert (folder / "translation.en.txt").read_text(encoding="utf-8") == (
        "The dog sleeps.\n\nWhere is the station?\n"
    )


def test_pages_in_a_folder_are_articles(tmp_path: Path) -> None:
    source = tmp_path / "in"
    (source / "seite_files").mkdir(parents=True)
    (source / "seite.html").write_bytes(PAGE)
    (source / "seite_files" / "frame.html").write_bytes(PAGE)
    (source / "kurz.txt").write_text("Wo ist der Bahnhof?", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(source), "--recursive", "--out", str(out), *TINY])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["kurz", "seite"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["non_articles"] == [f"{source / 'seite_files'}/"]


def test_stdin_from_a_terminal_says_what_it_waits_for() -> None:
    """`translate run -` typed at a prompt: without a word it would look like a hang."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "translate", "run", "-", "--formats", "txt", *TINY],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    os.close(terminal)
    try:
        os.write(controller, "Der Hund schläft.\n".encode())
        os.write(controller, b"\x04")  # Ctrl-D on a line of its own: the end of the input
        stdout, stderr = process.communicate(timeout=120)
    finally:
        os.close(controller)
    assert process.returncode == 0, stderr
    assert stderr.decode().splitlines() == [
        "translate: reading the article from the terminal: paste or type it, then press "
        "Ctrl-D on a line of its own."
    ]
    assert stdout.decode() == "The dog sleeps.\n"


def test_stdin_from_a_pipe_gets_no_such_word() -> None:
    result = runner.invoke(app, ["run", "-", "--formats", "txt", *TINY], input="Der Hund schläft.")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == "The dog sleeps.\n"
