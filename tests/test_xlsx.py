"""The batch's spreadsheet, `pairs.xlsx`: read back the way its users read it, with pandas and
with LibreOffice, text kept as text (no formula injection)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import TINY_MARIAN
from typer.testing import CliRunner

from translate.cli.app import app
from translate.errors import UsageError
from translate.options import ALL_FORMATS, Format, Options, parse_formats
from translate.render.xlsx import PairRow, import_openpyxl, write_xlsx

runner = CliRunner()
TINY = ["--model", str(TINY_MARIAN)]
# Text a spreadsheet would take for a formula, a number or a date if it could.
HOSTILE = [
    PairRow("a", "p1.s1", "=SUMME(A1:A2)", "=SUM(A1:A2)", ("repetition", "length-ratio"), -0.5),
    PairRow("a", "p1.s2", "+49 30 1234", "-1", (), None),
    PairRow("a", "p2.s1", "1990", "@handle 3.5.2024", ("untranslated",), -1.75),
    PairRow("b", "p1.s1", '"Zitat" NA', "null\tTab", (), -0.25),
]
COLUMNS = ["article", "pair", "German", "English", "flags", "confidence", "origin"]


def _workbook(tmp_path: Path, rows: list[PairRow]) -> Path:
    path = tmp_path / "pairs.xlsx"
    with path.open("wb") as file:
        assert write_xlsx(rows, file) == len(rows)
    return path


def _read(path: Path) -> pd.DataFrame:
    return pd.read_excel(
        path,
        dtype={name: str for name in COLUMNS[:5]},
        keep_default_na=False,
        na_values={"confidence": [""]},
    )


def test_pandas_reads_back_every_text_as_it_was(tmp_path: Path) -> None:
    frame = _read(_workbook(tmp_path, HOSTILE))
    assert list(frame.columns) == COLUMNS
    assert frame["German"].tolist() == ["=SUMME(A1:A2)", "+49 30 1234", "1990", '"Zitat" NA']
    assert frame["English"].tolist() == ["=SUM(A1:A2)", "-1", "@handle 3.5.2024", "null\tTab"]
    assert frame["flags"].tolist() == ["repetition, length-ratio", "", "untranslated", ""]
    assert frame["pair"].tolist() == ["p1.s1", "p1.s2", "p2.s1", "p1.s1"]
    assert frame["confidence"].tolist()[0::2] == [-0.5, -1.75]  # numbers, not text
    assert frame["confidence"].isna().tolist() == [False, True, False, False]


def test_control_characters_cannot_break_the_file(tmp_path: Path) -> None:
    rows = [PairRow("a", "p1.s1", "Vertikal\x0bTab", "Form\x0cfeed")]
    frame = _read(_workbook(tmp_path, rows))
    assert frame["German"].tolist() == ["Vertikal\ufffdTab"]
    assert frame["English"].tolist() == ["Form\ufffdfeed"]


def _calc_available() -> None:
    if (
        shutil.which("soffice") is None
        or not Path("/usr/lib/libreoffice/share/registry/calc.xcd").exists()
    ):
        pytest.fail(
            "LibreOffice Calc is needed to read pairs.xlsx back as its users do: "
            "apt-get install libreoffice-calc-nogui"
        )


def test_libreoffice_reads_text_as_text_not_formulas(tmp_path: Path) -> None:
    _calc_available()
    workbook = _workbook(tmp_path, HOSTILE)
    out = tmp_path / "csv"
    completed = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(out),
            str(workbook),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert completed.returncode == 0, completed.stderr
    with (out / "pairs.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    # A formula would show its value (0 for the sums of empty cells), a number its own form.
    assert rows == [
        COLUMNS,
        ["a", "p1.s1", "=SUMME(A1:A2)", "=SUM(A1:A2)", "repetition, length-ratio", "-0.5", "model"],
        ["a", "p1.s2", "+49 30 1234", "-1", "", "", "model"],
        ["a", "p2.s1", "1990", "@handle 3.5.2024", "untranslated", "-1.75", "model"],
        ["b", "p1.s1", '"Zitat" NA', "null\tTab", "", "-0.25", "model"],
    ]


def test_a_batch_writes_one_sheet_of_all_its_pairs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("=Der Hund schläft.\n\nWo ist der Bahnhof?", encoding="utf-8")
    (folder / "b.txt").write_text("Die Katze trinkt Milch.", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(folder), "-o", str(out), "--formats", "xlsx", *TINY])
    assert result.exit_code == 0, result.stderr
    frame = _read(out / "pairs.xlsx")
    assert frame[["article", "pair", "German"]].values.tolist() == [
        ["a", "p1.s1", "=Der Hund schläft."],
        ["a", "p2.s1", "Wo ist der Bahnhof?"],
        ["b", "p1.s1", "Die Katze trinkt Milch."],
    ]
    assert frame["English"].tolist()[1:] == ["Where is the station?", "The cat drinks milk."]
    pairs = [
        json.loads(line)
        for name in ("a", "b")
        for line in (out / name / "aligned.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert frame["confidence"].tolist() == [pair["confidence"] for pair in pairs]
    assert frame["flags"].tolist() == [", ".join(pair["flags"]) for pair in pairs]
    # A second run finds the articles up to date and still writes the whole sheet.
    again = runner.invoke(app, ["run", str(folder), "-o", str(out), "--formats", "xlsx", *TINY])
    assert again.exit_code == 0, again.stderr
    assert len(_read(out / "pairs.xlsx")) == 3


def test_a_spreadsheet_of_someone_elses_is_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Der Hund schläft.", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "pairs.xlsx"
    mine.write_bytes(b"my own figures")
    result = runner.invoke(
        app, ["run", str(tmp_path / "a.txt"), "-o", str(out), "--formats", "xlsx", *TINY]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"translate: error: {mine}: was not written by translate, so it is not replaced; move "
        "it away or give another --out."
    )
    assert mine.read_bytes() == b"my own figures"


def test_without_openpyxl_the_run_stops_at_once_with_the_extra_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # `import openpyxl` raises ImportError
    with pytest.raises(UsageError):
        import_openpyxl()
    (tmp_path / "a.txt").write_text("Der Hund schläft.", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["run", str(tmp_path / "a.txt"), "-o", str(out), "--formats", "xlsx", *TINY]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "translate: error: --formats xlsx needs openpyxl, which is not installed here; install "
        "the extra: pip install 'translate-de-en[xlsx]' (or leave xlsx out).\n"
    )
    assert not out.exists()


def test_xlsx_is_asked_for_by_name_and_brings_the_jsonl_it_is_read_from() -> None:
    assert Format.xlsx not in ALL_FORMATS  # `all` and the default: every article file
    assert parse_formats("all,xlsx") == (*ALL_FORMATS, Format.xlsx)
    assert Options(formats=(Format.xlsx,)).formats == (Format.xlsx, Format.jsonl)


def test_xlsx_is_no_stream(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", "-", "--formats", "xlsx", *TINY], input="Hallo.")
    assert result.exit_code == 2
    assert result.stderr == (
        "translate: error: xlsx is one spreadsheet of a whole batch, not a stream: give --out "
        "DIR (it is written as DIR/pairs.xlsx).\n"
    )
