"""`translate check`: our outputs, other tools' TMX and XLIFF, TSV and JSONL, end to end."""

import json
from pathlib import Path

import pytest
from conftest import SAMPLE_RUN, run_toolkit
from typer.testing import CliRunner

from translate.cli.app import app
from translate.document import AlignedDocument, SentencePair
from translate.render.jsonl import render_jsonl
from translate.render.tmx import render_tmx
from translate.render.tsv import render_tsv
from translate.render.xliff import render_xliff

runner = CliRunner()

# Two faults (a question made a statement; an acronym lost) among clean pairs.
DOCUMENT = AlignedDocument(
    name="kurz",
    pairs=(
        SentencePair(1, 1, "Der Hund schläft.", "The dog sleeps."),
        SentencePair(1, 2, "Kommt der Zug morgen?", "The train is coming tomorrow."),
        SentencePair(2, 1, "Die Agentur SANA meldete den Angriff.", "The agency reported it."),
    ),
)
EXPECTED_LINES = [
    "p1.s2: question-exclamation: the German is a question (`?`), the English is not",
    "p2.s1: missing-code: `SANA` is not in the English",
]


def _check(*arguments: str) -> tuple[int, list[str], str]:
    result = runner.invoke(app, ["check", *arguments])
    return result.exit_code, result.stdout.splitlines(), result.stderr


@pytest.mark.parametrize(
    ("name", "render"),
    [
        ("aligned.tmx", lambda: render_tmx(DOCUMENT, SAMPLE_RUN)),
        ("aligned.xlf", lambda: render_xliff(DOCUMENT, SAMPLE_RUN)),
        ("aligned.tsv", lambda: render_tsv(DOCUMENT)),
        ("aligned.jsonl", lambda: render_jsonl(DOCUMENT)),
    ],
)
def test_our_outputs_are_checked_unit_by_unit(tmp_path: Path, name: str, render: object) -> None:
    path = tmp_path / name
    path.write_text(render(), encoding="utf-8")  # type: ignore[operator]
    code, lines, stderr = _check(str(path))
    assert code == 1, stderr
    assert lines == [f"{path}:{line}" for line in EXPECTED_LINES]


def test_clean_file_exits_0_and_prints_nothing(tmp_path: Path) -> None:
    path = tmp_path / "clean.tsv"
    path.write_text("german\tenglish\nDer Hund schläft.\tThe dog sleeps.\n", encoding="utf-8")
    assert _check(str(path)) == (0, [], "")


def test_jsonl_report_and_a_tsv_without_ids(tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text(
        "source\ttarget\nDer Hund schläft.\tThe dog sleeps.\nDas ist schÃ¶n.\tThat is nice.\n",
        encoding="utf-8",
    )
    code, lines, _ = _check(str(path), "--format", "jsonl")
    assert code == 1
    assert [json.loads(line) for line in lines] == [
        {
            "file": str(path),
            "unit": "3",
            "flag": "mojibake",
            "reason": "the German has `Ã¶`: UTF-8 read in another encoding upstream",
        }
    ]


def test_files_given_together_are_one_document_set(tmp_path: Path) -> None:
    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    first.write_text("de\ten\nDie Straße bleibt gesperrt.\tThe road stays closed.\n")
    second.write_text("de\ten\nDie Straße bleibt gesperrt.\tThe street remains blocked.\n")
    assert _check(str(first))[0] == 0
    code, lines, _ = _check(str(first), str(second))
    assert code == 1
    assert lines == [
        f"{first}:2: inconsistent-segment: the same German has `The street remains blocked.` "
        f"in {second}:2",
        f"{second}:2: inconsistent-segment: the same German has `The road stays closed.` "
        f"in {first}:2",
    ]


def test_glossary_applies(tmp_path: Path) -> None:
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("Bundesrat\tFederal Council\n", encoding="utf-8")
    path = tmp_path / "pairs.tsv"
    path.write_text("de\ten\nDer Bundesrat tagt.\tThe upper house meets.\n", encoding="utf-8")
    assert _check(str(path))[0] == 0
    code, lines, _ = _check(str(path), "--glossary", str(glossary))
    assert (code, lines) == (
        1,
        [f"{path}:2: glossary: `Bundesrat` is not rendered as the glossary's `Federal Council`"],
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("short.tsv", "de\ten\nnur eine Spalte\n", "short.tsv: line 2: 1 fields where the header"),
        ("nohead.tsv", "Hund\tdog\n", "nohead.tsv: line 1: the header needs a German column"),
        ("broken.jsonl", '{"de": "a", "en": "b"}\n{"de": \n', "broken.jsonl: line 2: not JSON"),
        ("noen.jsonl", '{"de": "a"}\n', 'noen.jsonl: line 1: needs "de" and "en" strings'),
        ("broken.tmx", "<tmx><body><tu>\n</body></tmx>", "broken.tmx: line 2: not well-formed"),
        ("other.xml", "<html><body/></html>", "other.xml: a <html> document is neither"),
        (
            "fr.xlf",
            '<xliff version="1.2"><file source-language="en" target-language="fr"/></xliff>',
            "fr.xlf: translate check compares German with English; this file is en → fr",
        ),
    ],
)
def test_bad_input_is_one_line_naming_file_and_row_exit_2(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code, lines, stderr = _check(str(path))
    assert code == 2
    assert lines == []
    assert len(stderr.splitlines()) == 1
    assert stderr.startswith(f"translate: error: {tmp_path / message.split(':')[0]}:")
    assert message.split(": ", 1)[1] in stderr


def test_missing_file_and_latin1_file_are_bad_input(tmp_path: Path) -> None:
    code, _, stderr = _check(str(tmp_path / "none.tmx"))
    assert code == 2 and "none.tmx: no such file; check the path." in stderr
    latin = tmp_path / "latin.tsv"
    latin.write_bytes("de\ten\nschön\tnice\n".encode("latin-1"))
    code, _, stderr = _check(str(latin))
    assert code == 2 and "latin.tsv: not UTF-8" in stderr


def test_xliff_2_and_tmx_1_1_languages(tmp_path: Path) -> None:
    xliff2 = tmp_path / "two.xlf"
    xliff2.write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" '
        'trgLang="en"><file id="f"><unit id="u1"><segment><source>Wo ist er?</source>'
        "<target>Where is he.</target></segment></unit></file></xliff>",
        encoding="utf-8",
    )
    tmx11 = tmp_path / "old.tmx"
    tmx11.write_text(
        '<tmx version="1.1"><body><tu tuid="7"><tuv lang="DE-DE"><seg>Das (alte) Haus.</seg>'
        '</tuv><tuv lang="EN-GB"><seg>The (old house.</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    code, lines, _ = _check(str(xliff2), str(tmx11))
    assert code == 1
    assert lines == [
        f"{xliff2}:u1: question-exclamation: the German is a question (`?`), the English is not",
        f"{tmx11}:7: unpaired-mark: the English has 1 `(` but 0 `)`",
    ]


# Written by translate-toolkit in its own environment: a CAT tool's files, not ours.
TOOLKIT_SCRIPT = """
from translate.storage import tmx, xliff

memory = tmx.tmxfile(sourcelanguage="de", targetlanguage="en")
memory.addtranslation("Der Hund schläft.", "de", "The dog sleeps.", "en")
memory.addtranslation("Die FSA griff an.", "de", "The rebels attacked.", "en")
memory.addtranslation("Er sagte „Nein“ dazu.", "de", 'He said "No to it.', "en")
memory.savefile("memory.tmx")

document = xliff.xlifffile(sourcelanguage="de", targetlanguage="en")
for number, (german, english) in enumerate(
    [("Der Hund schläft.", "The dog sleeps."), ("Ist das wahr?", "That is true.")], start=1
):
    unit = document.addsourceunit(german)
    unit.target = english
    unit.setid(f"u{number}")
document.addsourceunit("Noch nicht übersetzt.")
document.savefile("document.xlf")
"""


@pytest.mark.slow
def test_files_written_by_translate_toolkit(tmp_path: Path, toolkit_python: Path) -> None:
    run_toolkit(toolkit_python, TOOLKIT_SCRIPT, tmp_path)
    memory, document = tmp_path / "memory.tmx", tmp_path / "document.xlf"
    code, lines, stderr = _check(str(memory), str(document))
    assert code == 1, stderr
    assert lines == [
        f"{memory}:tu2: missing-code: `FSA` is not in the English",
        f"{memory}:tu3: unpaired-mark: the German's 2 quotation marks pair up, the English's 1 "
        "do not",
        f"{document}:u2: question-exclamation: the German is a question (`?`), the English is not",
    ]
