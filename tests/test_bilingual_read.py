"""`translate check` and `translate memory import` read the same files the same way: TSV in
UTF-16 with its BOM, TMX units of another language pair; and `check -` reads standard input."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli.app import app
from translate.memory import Memory

runner = CliRunner()
# A question made a statement: `check` flags it, `memory import` takes it as a person's English.
TSV = "de\ten\nKommt der Zug morgen?\tThe train is coming tomorrow.\n"
FLAG = "question-exclamation"


def _tmx(*units: tuple[tuple[str, str], ...]) -> str:
    body = "".join(
        "<tu>"
        + "".join(f'<tuv xml:lang="{lang}"><seg>{text}</seg></tuv>' for lang, text in unit)
        + "</tu>"
        for unit in units
    )
    return f'<tmx version="1.4"><header srclang="de"/><body>{body}</body></tmx>'


def _check(*arguments: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *arguments], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def _import(tmp_path: Path, path: Path) -> tuple[int, str, list[tuple[str, str]]]:
    memory = tmp_path / "memory.sqlite3"
    result = runner.invoke(app, ["memory", "import", str(path), "--memory", str(memory)])
    with Memory(memory) as opened:
        pairs = [(unit.source, unit.target) for unit in opened.units()]
    return result.exit_code, result.stderr, pairs


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_a_tsv_with_a_bom_is_read_by_both(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "pairs.tsv"
    data = TSV.encode(encoding)
    path.write_bytes(data if encoding != "utf-16-be" else b"\xfe\xff" + data)
    code, stdout, stderr = _check(str(path))
    assert (code, stderr) == (1, "")
    assert FLAG in stdout
    code, stderr, pairs = _import(tmp_path, path)
    assert code == 0, stderr
    assert pairs == [("Kommt der Zug morgen?", "The train is coming tomorrow.")]


def test_tmx_units_of_another_pair_are_skipped_by_both(tmp_path: Path) -> None:
    path = tmp_path / "mixed.tmx"
    path.write_text(
        _tmx(
            (("de-DE", "Kommt der Zug morgen?"), ("en-GB", "The train is coming tomorrow.")),
            (("de", "Wo ist er?"), ("fr", "Il est où.")),
        ),
        encoding="utf-8",
    )
    code, stdout, _ = _check(str(path))
    assert code == 1 and stdout.count(FLAG) == 1 and "Il est" not in stdout
    code, stderr, pairs = _import(tmp_path, path)
    assert code == 0, stderr
    assert pairs == [("Kommt der Zug morgen?", "The train is coming tomorrow.")]


def test_a_tmx_of_another_pair_only_is_refused_by_both_in_the_same_line(tmp_path: Path) -> None:
    path = tmp_path / "fr.tmx"
    path.write_text(_tmx((("de", "Wo ist er?"), ("fr", "Il est où."))), encoding="utf-8")
    code, _, check_error = _check(str(path))
    assert code == 2
    code, import_error, pairs = _import(tmp_path, path)
    assert code == 2 and pairs == []
    assert check_error == import_error
    assert check_error.startswith(f"translate: error: {path}: ") and "de, fr" in check_error
    assert len(check_error.splitlines()) == 1


@pytest.mark.parametrize(
    ("stdin", "arguments"),
    [
        (TSV, []),  # sniffed: not XML, not JSON lines
        (TSV.encode("utf-16"), []),
        ('{"de": "Kommt der Zug morgen?", "en": "The train is coming tomorrow."}\n', []),
        (_tmx((("de", "Kommt der Zug morgen?"), ("en", "The train is coming tomorrow."))), []),
        (TSV, ["--input-format", "tsv"]),
    ],
)
def test_check_reads_standard_input(stdin: str | bytes, arguments: list[str]) -> None:
    code, stdout, stderr = _check("-", *arguments, stdin=stdin)
    assert (code, stderr) == (1, "")
    assert stdout.startswith("stdin:") and FLAG in stdout


def test_check_input_format_says_how_to_read_it() -> None:
    code, _, stderr = _check("-", "--input-format", "jsonl", stdin=TSV)
    assert (code, stderr) == (2, "translate: error: stdin: line 1: not JSON (Expecting value).\n")
    tmx = _tmx((("de", "Kommt der Zug morgen?"), ("en", "The train is coming tomorrow.")))
    code, _, stderr = _check("-", "--input-format", "xliff", stdin=tmx)
    assert (code, stderr) == (2, "translate: error: stdin: a <tmx> document, not XLIFF as asked.\n")
    code, stdout, _ = _check("-", "--input-format", "tmx", stdin=tmx)
    assert code == 1 and FLAG in stdout
