"""Bad luck at the edges of the newer commands (check, memory, apply, evaluate) and where they meet.

Each case runs the real CLI in a subprocess with a timeout, so a command that would block (a
FIFO read with no writer) fails the test instead of hanging the suite.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from translate.render import PairRow, write_xlsx

PAIR = '{"id": "p1.s1", "de": "Der Hund schläft.", "en": "The dog sleeps."}\n'


def _translate(tmp_path: Path, *arguments: str) -> tuple[int, list[str]]:
    """Exit code and stderr lines of `translate ARGUMENTS` run in `tmp_path`."""
    environment = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    environment.pop("TRANSLATE_MEMORY", None)
    done = subprocess.run(
        [sys.executable, "-m", "translate", *arguments],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return done.returncode, done.stderr.splitlines()


@pytest.mark.parametrize(
    "arguments",
    [
        ["check", "pipe"],
        ["check", "pairs.jsonl", "--glossary", "pipe"],
        ["memory", "import", "pipe"],
        ["apply", "--no-memory", "pipe"],
    ],
)
def test_a_fifo_read_by_a_new_command_is_one_line_not_a_hang(
    tmp_path: Path, arguments: list[str]
) -> None:
    (tmp_path / "pairs.jsonl").write_text(PAIR, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe")  # no writer: a plain read would block forever
    code, stderr = _translate(tmp_path, *arguments)
    assert code == 2
    # One line that says what the path is; its advice names what the command wanted there.
    assert len(stderr) == 1
    assert stderr[0].startswith(
        "translate: error: pipe: is not a regular file but a FIFO (named pipe), which could "
        "block or never end; give a"
    )


def test_memory_export_onto_a_fifo_refuses_it_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "memory.tmx")
    code, stderr = _translate(tmp_path, "memory", "export", "memory.tmx")
    assert code == 1
    assert stderr == [
        "translate: error: memory.tmx exists and is not a memory export of translate's; "
        "choose another name, or move that file away."
    ]
    assert (tmp_path / "memory.tmx").is_fifo()  # left as it was


def test_check_names_a_spreadsheet_or_pdf_for_what_it_is(tmp_path: Path) -> None:
    # `translate check outputs/pairs.xlsx` is what a user tries first; "save it as UTF-8" is
    # the wrong advice for a workbook translate wrote itself.
    with (tmp_path / "pairs.xlsx").open("wb") as file:
        write_xlsx([PairRow("a", "p1.s1", "Der Hund schläft.", "The dog sleeps.", (), None)], file)
    shutil.copy(REPO / "tests" / "fixtures" / "documents" / "bericht.pdf", tmp_path / "b.pdf")
    advice = (
        "not a bilingual file; check the articles' aligned.jsonl (or .tsv, .xlf, .tmx) instead."
    )
    code, stderr = _translate(tmp_path, "check", "pairs.xlsx")
    assert (code, stderr) == (
        2,
        [f"translate: error: pairs.xlsx: a zip archive (.xlsx, .docx...), {advice}"],
    )
    code, stderr = _translate(tmp_path, "check", "b.pdf")
    assert (code, stderr) == (2, [f"translate: error: b.pdf: a PDF, {advice}"])


def test_memory_import_of_an_empty_xliff_is_a_bad_file_and_imports_nothing(
    tmp_path: Path,
) -> None:
    # A zero-byte .xlf is a save cut short, not an empty TSV: one line, and the good file given
    # with it is not imported either (all or nothing).
    (tmp_path / "cut.xlf").write_bytes(b"")
    (tmp_path / "good.tsv").write_text("de\ten\nDer Hund schläft.\tThe dog sleeps.\n")
    code, stderr = _translate(
        tmp_path, "memory", "import", "--memory", "memory.sqlite3", "good.tsv", "cut.xlf"
    )
    assert code == 2
    assert stderr == [
        "translate: error: cut.xlf: not well-formed XML (no element found: line 1, column 0); "
        "fix or re-export it."
    ]
    assert not (tmp_path / "memory.sqlite3").exists()


def test_check_piped_into_head_stops_quietly(tmp_path: Path) -> None:
    # `translate check big.jsonl | head`: the reader goes away after one line; the rest of the
    # findings cannot be written. That is the shell's SIGPIPE case, not an unexpected error.
    pairs = "".join(
        f'{{"id": "{n}", "de": "Es kamen {n} Leute.", "en": "{n + 1} people came."}}\n'
        for n in range(3000)
    )
    (tmp_path / "big.jsonl").write_text(pairs, encoding="utf-8")
    reader = subprocess.Popen(
        [sys.executable, "-m", "translate", "check", "big.jsonl"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None and reader.stderr is not None
    assert reader.stdout.readline().startswith(b"big.jsonl:0: number-mismatch: ")
    reader.stdout.close()  # as head does after its line
    assert reader.wait(timeout=60) == 141  # 128 + SIGPIPE
    assert reader.stderr.read() == b""


def test_reading_an_empty_file_as_the_memory_leaves_it_as_it_was(tmp_path: Path) -> None:
    # `--memory notes.txt` by mistake, or a file just touched: reading it finds no memory; it
    # must not write SQLite's header into a file it did not create.
    (tmp_path / "notes.txt").write_bytes(b"")
    code, _ = _translate(tmp_path, "memory", "--memory", "notes.txt")
    assert code == 0
    code, stderr = _translate(tmp_path, "memory", "export", "--memory", "notes.txt", "out.tmx")
    assert (code, stderr) == (
        2,
        [
            "translate: error: notes.txt: no memory there yet; import some translations first, "
            "or give --memory the right file."
        ],
    )
    assert (tmp_path / "notes.txt").read_bytes() == b""
    assert not (tmp_path / "out.tmx").exists()


@pytest.mark.parametrize("make", [os.mkdir, os.mkfifo])
def test_a_folder_or_fifo_as_the_memory_is_bad_input(tmp_path: Path, make: object) -> None:
    make(tmp_path / "memory")  # type: ignore[operator]
    for arguments in (["memory"], ["memory", "export", "out.tmx"]):
        code, stderr = _translate(tmp_path, *arguments, "--memory", "memory")
        assert code == 2
        assert stderr == [
            "translate: error: memory is not a translation memory (not a file); give --memory "
            "the memory's path, or a new file name."
        ]


def test_memory_import_of_an_xliff_2_is_refused_not_imported_as_nothing(tmp_path: Path) -> None:
    # XLIFF 2.0 holds <unit>/<segment>, not <trans-unit>: read as 1.2 it gave "imported 0 pairs"
    # and exit 0, so a person's finished translation silently never reached the memory.
    (tmp_path / "okapi.xlf").write_text(
        '<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" '
        'version="2.0" srcLang="de" trgLang="en"><file id="f1"><unit id="u1"><segment '
        'state="final"><source>Der Hund schläft.</source><target>The dog is asleep.</target>'
        "</segment></unit></file></xliff>\n",
        encoding="utf-8",
    )
    code, stderr = _translate(tmp_path, "memory", "import", "--memory", "m.sqlite3", "okapi.xlf")
    assert code == 2
    assert stderr == [
        "translate: error: okapi.xlf: XLIFF 2.0; the memory imports XLIFF 1.2, TMX and TSV: "
        "export the file as XLIFF 1.2 or TMX from your tool."
    ]
    assert not (tmp_path / "m.sqlite3").exists()
