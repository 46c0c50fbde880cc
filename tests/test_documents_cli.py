"""Documents through the command line: a folder of them is a batch, what a document states
goes into run.json and the manifest, and every file that cannot be read is one line while the
batch goes on."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, TINY_MARIAN
from typer.testing import CliRunner

from translate.cli.app import app

runner = CliRunner()
TINY = ["--model", str(TINY_MARIAN)]
DOCUMENTS = REPO / "tests" / "fixtures" / "documents"


def _bad_files(folder: Path) -> dict[str, str]:
    """Each bad file, made in `folder`, and the reason its one line gives."""
    (folder / "kaputt.docx").write_bytes(b"PK\x03\x04 not really a zip")
    shutil.copy(DOCUMENTS / "geheim.docx", folder / "geheim.docx")
    shutil.copy(DOCUMENTS / "geheim.pdf", folder / "verschluesselt.pdf")
    shutil.copy(DOCUMENTS / "scan.pdf", folder / "scan.pdf")
    whole = (DOCUMENTS / "spalten.pdf").read_bytes()
    (folder / "abgeschnitten.pdf").write_bytes(whole[: len(whole) // 2])
    # Its beginning and end kept, everything between zeroed: pdfminer warns at every step.
    (folder / "beschaedigt.pdf").write_bytes(whole[:1000] + bytes(len(whole) - 1400) + whole[-400:])
    (folder / "leer.odt").write_bytes(b"")
    return {
        "kaputt.docx": "is no readable Word (.docx) document (not a zip archive, or a truncated",
        "geheim.docx": "is password-protected (encrypted)",
        "verschluesselt.pdf": "is password-protected (encrypted)",
        "scan.pdf": "has no text layer (a scan?)",
        "abgeschnitten.pdf": "is truncated",
        "beschaedigt.pdf": "is a damaged PDF that cannot be read",
        "leer.odt": "is empty; give an article with some text.",
    }


def test_a_folder_of_documents_is_a_batch_that_goes_on_past_bad_files(tmp_path: Path) -> None:
    source = tmp_path / "eingang"
    source.mkdir()
    reasons = _bad_files(source)
    shutil.copy(DOCUMENTS / "spalten.odt", source / "museum.odt")
    shutil.copy(DOCUMENTS / "bericht.docx", source / "bruecke.docx")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(source), "--out", str(out), *TINY])
    assert result.exit_code == 1, result.stderr
    errors = [
        line for line in result.stderr.splitlines() if ": error: " in line or "eingang/" in line
    ]
    for name, reason in reasons.items():
        mentions = [line for line in errors if f"{name}:" in line]
        assert len(mentions) == 1 and reason in mentions[0], (name, result.stderr)
    assert "Traceback" not in result.stderr
    museum = json.loads((out / "museum" / "run.json").read_text(encoding="utf-8"))
    assert museum["metadata"]["format"] == "odt" and museum["metadata"]["title"] == "Zwei Spalten"
    assert museum["paragraphs"] == 5
    bruecke = json.loads((out / "bruecke" / "run.json").read_text(encoding="utf-8"))
    assert bruecke["metadata"]["author"] == "Paula Brandt"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entries = {Path(entry["source"]).name: entry for entry in manifest["articles"]}
    assert entries["bruecke.docx"]["metadata"]["title"] == "Brückensanierung"
    assert {name for name, entry in entries.items() if entry["status"] == "failed"} == set(reasons)


@pytest.mark.parametrize(
    "name",
    [
        "kaputt.docx",
        "geheim.docx",
        "verschluesselt.pdf",
        "scan.pdf",
        "abgeschnitten.pdf",
        "beschaedigt.pdf",
        "leer.odt",
    ],
)
def test_a_bad_document_alone_is_one_line_and_exit_2(tmp_path: Path, name: str) -> None:
    reason = _bad_files(tmp_path)[name]
    result = runner.invoke(app, ["run", str(tmp_path / name), "--out", str(tmp_path / "o"), *TINY])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and reason in result.stderr, result.stderr
    assert result.stderr.startswith("translate: error: ")


def test_a_pdf_past_max_bytes_is_refused_before_it_is_read(tmp_path: Path) -> None:
    pdf = DOCUMENTS / "bericht.pdf"
    result = runner.invoke(
        app, ["run", str(pdf), "--max-bytes", "20000", "--out", str(tmp_path), *TINY]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"translate: error: {pdf}: is larger than the 20,000 bytes limit for one article; split "
        "it, or raise the limit with --max-bytes N.\n"
    )


def test_input_format_reads_a_pdf_from_stdin() -> None:
    data = (DOCUMENTS / "spalten.pdf").read_bytes()
    result = runner.invoke(
        app, ["run", "-", "--input-format", "pdf", "--formats", "tsv", *TINY], input=data
    )
    assert result.exit_code == 0, result.stderr
    german = [row.split("\t")[2] for row in result.stdout.splitlines()[1:]]
    assert german[0] == '"Museum zeigt Funde aus der Bronzezeit"'
    assert '"Kinder unter sechs Jahren haben freien Eintritt."' in german


def test_a_damaged_pdf_is_one_line_in_a_real_process_too(tmp_path: Path) -> None:
    """pdfminer logs a warning for each flaw it meets; outside pytest (whose log capture
    swallows them) they would reach stderr beside our one line."""
    _bad_files(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "translate", "run", str(tmp_path / "beschaedigt.pdf"), *TINY],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr == (
        f"translate: error: {tmp_path / 'beschaedigt.pdf'}: is a damaged PDF that cannot be read "
        "(PSEOF); check the file.\n"
    )
