"""`translate memory`, `memory import` and `memory export` through the CLI, files that
translate-toolkit wrote, a memory killed mid-import and two imports at once."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SAMPLE_RUN, run_toolkit
from lxml import etree
from typer.testing import CliRunner

from translate.cli.app import app
from translate.document import AlignedDocument, SentencePair
from translate.memory import Memory, MemoryUnit, UnitState
from translate.render.xliff import render_xliff

FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()


def _memory(tmp_path: Path) -> list[str]:
    return ["--memory", str(tmp_path / "memory.sqlite3")]


def _tsv(path: Path, rows: list[tuple[str, str]]) -> Path:
    path.write_text("".join(f"{de}\t{en}\n" for de, en in rows), encoding="utf-8")
    return path


def test_status_import_and_status_again(tmp_path: Path) -> None:
    result = runner.invoke(app, ["memory", *_memory(tmp_path)])
    assert result.exit_code == 0
    assert "no memory yet" in result.stdout
    assert not (tmp_path / "memory.sqlite3").exists()
    source = _tsv(tmp_path / "a.tsv", [("Ja.", "Yes."), ("Nein.", "No.")])
    result = runner.invoke(app, ["memory", "import", str(source), *_memory(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "imported 2 pairs from 1 files" in result.stderr
    result = runner.invoke(app, ["memory", *_memory(tmp_path)])
    assert result.stdout.startswith(f"{tmp_path / 'memory.sqlite3'}: 2 pairs from 1 files")


def test_the_report_counts_what_changed_and_names_files_without_pairs(tmp_path: Path) -> None:
    first = _tsv(tmp_path / "a.tsv", [("Ja.", "Yes."), ("Nein.", "No.")])
    assert runner.invoke(app, ["memory", "import", str(first), *_memory(tmp_path)]).exit_code == 0
    second = _tsv(tmp_path / "b.tsv", [("Nein.", "No way."), ("Vielleicht.", "Maybe.")])
    empty = tmp_path / "empty.tsv"
    empty.write_text("")
    bare = tmp_path / "bare.tmx"
    bare.write_text('<tmx version="1.4"><header srclang="de"/><body/></tmx>')
    files = [str(path) for path in (first, second, empty, bare)]
    result = runner.invoke(app, ["memory", "import", *files, *_memory(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"translate: warning: {empty}: holds no German-English pair a person translated\n"
        f"translate: warning: {bare}: holds no German-English pair a person translated\n"
        "imported 3 pairs from 4 files (2 new or changed, 1 already there); the memory holds "
        "3 pairs.\n"
    )
    with Memory(tmp_path / "memory.sqlite3") as memory:
        assert memory.exact(["Ja.", "Nein.", "Vielleicht."]) == ["Yes.", "No way.", "Maybe."]


def test_an_import_of_nothing_makes_no_memory(tmp_path: Path) -> None:
    empty = tmp_path / "empty.tsv"
    empty.write_text("")
    result = runner.invoke(app, ["memory", "import", str(empty), *_memory(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"translate: warning: {empty}: holds no German-English pair a person translated\n"
        "imported 0 pairs from 1 files (0 new or changed, 0 already there); the memory holds "
        "0 pairs.\n"
    )
    assert not (tmp_path / "memory.sqlite3").exists()


def test_the_default_memory_is_user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    source = _tsv(tmp_path / "a.tsv", [("Ja.", "Yes.")])
    assert runner.invoke(app, ["memory", "import", str(source)]).exit_code == 0
    assert (tmp_path / "data" / "translate" / "memory.sqlite3").is_file()
    monkeypatch.setenv("TRANSLATE_MEMORY", str(tmp_path / "env.sqlite3"))
    assert runner.invoke(app, ["memory", "import", str(source)]).exit_code == 0
    assert (tmp_path / "env.sqlite3").is_file()


def test_a_bad_file_is_one_line_and_imports_nothing(tmp_path: Path) -> None:
    good = _tsv(tmp_path / "good.tsv", [("Ja.", "Yes.")])
    bad = tmp_path / "bad.xlf"
    bad.write_text("<xliff><file><body><trans-unit id='u3'><target>x</target></trans-unit>")
    result = runner.invoke(app, ["memory", "import", str(good), str(bad), *_memory(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"translate: error: {bad}: not well-formed XML")
    assert not (tmp_path / "memory.sqlite3").exists()
    bad.write_text(
        "<xliff><file><body><trans-unit id='u3'><target>x</target></trans-unit>"
        "</body></file></xliff>"
    )
    result = runner.invoke(app, ["memory", "import", str(good), str(bad), *_memory(tmp_path)])
    assert result.exit_code == 2
    assert (
        result.stderr == f"translate: error: {bad}: unit u3 has no <source>; fix or re-export it.\n"
    )


def test_export_is_valid_tmx_and_imports_back_the_same(tmp_path: Path) -> None:
    units = [
        MemoryUnit(
            "„Ja“, sagte er.",
            '"Yes," he said.',
            "a.xlf",
            "p1.s1",
            "2026-12-01T08:00:00+00:00",
            UnitState.final,
        ),
        MemoryUnit("Nein <b> & \x07.", "No <b> & .", "b.tsv", "4", "2026-12-02T09:30:00+00:00"),
    ]
    with Memory(tmp_path / "first.sqlite3") as memory:
        memory.add(units)
    out = tmp_path / "memory.tmx"
    first = ["--memory", str(tmp_path / "first.sqlite3")]
    result = runner.invoke(app, ["memory", "export", str(out), *first])
    assert result.exit_code == 0, result.stderr
    assert etree.DTD(str(FIXTURES / "tmx14.dtd")).validate(etree.parse(str(out)))
    second = ["--memory", str(tmp_path / "second.sqlite3")]
    assert runner.invoke(app, ["memory", "import", str(out), *second]).exit_code == 0
    with Memory(tmp_path / "second.sqlite3") as memory:
        back = list(memory.units())
    assert back == [
        units[0],
        MemoryUnit("Nein <b> & \ufffd.", "No <b> & .", "b.tsv", "4", "2026-12-02T09:30:00+00:00"),
    ]
    result = runner.invoke(app, ["memory", "export", "-", *first])
    assert result.stdout == out.read_text(encoding="utf-8").replace(
        _creation_date(out), _creation_date_of(result.stdout)
    )


def _creation_date(path: Path) -> str:
    return _creation_date_of(path.read_text(encoding="utf-8"))


def _creation_date_of(text: str) -> str:
    start = text.index('creationdate="') + len('creationdate="')
    return text[start : text.index('"', start)]


def test_export_never_replaces_a_file_it_did_not_write(tmp_path: Path) -> None:
    with Memory(tmp_path / "memory.sqlite3") as memory:
        memory.add([MemoryUnit("Ja.", "Yes.", "a.tsv", "1", "2026-12-01T08:00:00+00:00")])
    out = tmp_path / "notes.tmx"
    out.write_text("my own notes\n")
    result = runner.invoke(app, ["memory", "export", str(out), *_memory(tmp_path)])
    assert result.exit_code == 1
    assert "is not a memory export" in result.stderr
    assert out.read_text() == "my own notes\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmx") == ["notes.tmx"]
    ours = tmp_path / "ours.tmx"
    assert runner.invoke(app, ["memory", "export", str(ours), *_memory(tmp_path)]).exit_code == 0
    assert runner.invoke(app, ["memory", "export", str(ours), *_memory(tmp_path)]).exit_code == 0


def test_markup_nested_20000_deep_is_read_not_an_internal_error(tmp_path: Path) -> None:
    deep = 20_000
    seg = "<seg>Ganz " + "<hi>" * deep + "tief<ph>&lt;br/></ph>" + "</hi>" * deep + ".</seg>"
    source = tmp_path / "deep.tmx"
    source.write_text(
        '<tmx version="1.4"><header srclang="de"/><body><tu>'
        f'<tuv xml:lang="de">{seg}</tuv><tuv xml:lang="en"><seg>Very deep.</seg></tuv>'
        "</tu></body></tmx>",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["memory", "import", str(source), *_memory(tmp_path)])
    assert result.exit_code == 0, result.stderr
    with Memory(tmp_path / "memory.sqlite3") as memory:
        assert [(u.source, u.target) for u in memory.units()] == [("Ganz tief.", "Very deep.")]


def test_export_dates_are_tmx_utc_whatever_an_older_memory_stored(tmp_path: Path) -> None:
    memory = tmp_path / "memory.sqlite3"
    with Memory(memory) as opened:
        opened.add(MemoryUnit(de, "X.", "a.tsv", "1", "2026-12-01T08:00:00+00:00") for de in "ABC")
    with sqlite3.connect(memory) as connection:  # dates as an older version stored them
        for key, date in (
            ("A", "2026-12-01T10:00:00+02:00"),
            ("B", "2023-05-01"),
            ("C", "gestern"),
        ):
            connection.execute("UPDATE units SET date = ? WHERE key = ?", (date, key))
    connection.close()
    out = tmp_path / "memory.tmx"
    result = runner.invoke(app, ["memory", "export", str(out), "--memory", str(memory)])
    assert result.exit_code == 0, result.stderr
    tree = etree.parse(str(out))
    assert etree.DTD(str(FIXTURES / "tmx14.dtd")).validate(tree)
    assert [tu.get("changedate") for tu in tree.iter("tu")] == [
        "20261201T080000Z",
        "20230501T000000Z",
        None,  # no date rather than a wrong one
    ]
    created = tree.find("header").get("creationdate")
    assert re.fullmatch(r"\d{8}T\d{6}Z", created), created


def test_export_of_no_memory_or_into_a_folder_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite3"
    out = tmp_path / "memory.tmx"
    result = runner.invoke(app, ["memory", "export", str(out), "--memory", str(missing)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"translate: error: {missing}: no memory there yet; import some translations first, or "
        "give --memory the right file.\n",
    )
    result = runner.invoke(app, ["memory", "export", "-", "--memory", str(missing)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert sorted(tmp_path.iterdir()) == []
    source = _tsv(tmp_path / "a.tsv", [("Ja.", "Yes.")])
    assert runner.invoke(app, ["memory", "import", str(source), *_memory(tmp_path)]).exit_code == 0
    folder = tmp_path / "exports"
    folder.mkdir()
    result = runner.invoke(app, ["memory", "export", str(folder), *_memory(tmp_path)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"translate: error: {folder}: is a folder; give the export a file name such as "
        f"{folder / 'memory.tmx'}.\n",
    )
    assert list(folder.iterdir()) == []


# --- crashes and concurrency -----------------------------------------------------------------


def _import_process(memory: Path, source: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "translate",
            "memory",
            "import",
            str(source),
            "--memory",
            str(memory),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _rows(prefix: str, count: int) -> list[tuple[str, str]]:
    return [
        (f"{prefix} Satz Nummer {n} steht hier.", f"{prefix} sentence {n}.") for n in range(count)
    ]


def _writing(memory: Path) -> bool:
    """True while another process holds the memory's write lock: inside its import's
    transaction (our own attempt to start one fails at once)."""
    connection = sqlite3.connect(memory, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        connection.close()


def test_kill_9_mid_import_leaves_the_memory_as_it_was(tmp_path: Path) -> None:
    memory = tmp_path / "memory.sqlite3"
    before = _tsv(tmp_path / "before.tsv", _rows("Alt", 50))
    result = runner.invoke(app, ["memory", "import", str(before), "--memory", str(memory)])
    assert result.exit_code == 0
    big = _tsv(tmp_path / "big.tsv", _rows("Neu", 30_000))
    process = _import_process(memory, big)
    deadline = time.monotonic() + 120
    while not _writing(memory):
        assert process.poll() is None, "the import ended before it could be killed"
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    with Memory(memory) as opened:
        assert opened.stats().units == 50
        found = opened.exact(["Neu Satz Nummer 0 steht hier.", "Alt Satz Nummer 49 steht hier."])
        assert found == [None, "Alt sentence 49."]
    with sqlite3.connect(memory) as connection:
        assert list(connection.execute("PRAGMA integrity_check")) == [("ok",)]
        # Nor is the word index half-filed: no word of the killed import is in it.
        filed = "SELECT count(*) FROM {} WHERE token = 'neu#1'"
        assert [
            n
            for table in ("postings", "frequencies")
            for (n,) in connection.execute(filed.format(table))
        ] == [0, 0]


def test_two_imports_at_once_both_land(tmp_path: Path) -> None:
    memory = tmp_path / "memory.sqlite3"
    first = _tsv(tmp_path / "first.tsv", _rows("Erster", 5_000))
    second = _tsv(tmp_path / "second.tsv", _rows("Zweiter", 5_000))
    processes = [_import_process(memory, first), _import_process(memory, second)]
    for process in processes:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
    with Memory(memory) as opened:
        assert opened.stats().units == 10_000
        assert opened.stats().files == 2


# --- files other tools wrote -----------------------------------------------------------------

TOOLKIT_WRITES = """
from translate.storage import tmx, xliff
memory = tmx.tmxfile(sourcelanguage="de", targetlanguage="en")
memory.addtranslation("Der Zug fährt um 8 Uhr ab.", "de", "The train leaves at 8.", "en")
memory.addtranslation(
    "Es gilt die Unschuldsvermutung.", "de", "The presumption of innocence applies.", "en"
)
memory.savefile("toolkit.tmx")
document = xliff.xlifffile(sourcelanguage="de", targetlanguage="en")
unit = document.addsourceunit("Die Polizei ermittelt.")
unit.target = "The police are investigating."
document.addsourceunit("Noch nicht übersetzt.")
document.savefile("toolkit.xlf")
"""

TOOLKIT_EDITS_OURS = """
import json
from translate.storage import xliff
document = xliff.xlifffile.parsefile("article/aligned.xlf")
for unit in document.unit_iter():
    if unit.getid().endswith("p1.s2"):  # the toolkit prefixes the file's name
        unit.target = "The cat is sleeping."
        unit.markapproved(True)
document.savefile("article/aligned.xlf")
"""

TOOLKIT_READS = """
import json
from translate.storage import tmx
memory = tmx.tmxfile.parsefile("export.tmx")
print(json.dumps([[unit.source, unit.target] for unit in memory.unit_iter()]))
"""


def _our_article(folder: Path) -> None:
    pairs = (
        SentencePair(1, 1, "Der Hund bellt.", "The dog barks."),
        SentencePair(1, 2, "Die Katze schläft.", "The cat sleep."),
    )
    folder.mkdir()
    (folder / "aligned.xlf").write_text(render_xliff(AlignedDocument("article", pairs), SAMPLE_RUN))
    lines = [json.dumps({"id": p.id, "de": p.source, "en": p.target}) for p in pairs]
    (folder / "aligned.jsonl").write_text("\n".join(lines) + "\n")


def test_round_trip_through_translate_toolkit(toolkit_python: Path, tmp_path: Path) -> None:
    run_toolkit(toolkit_python, TOOLKIT_WRITES, tmp_path)
    _our_article(tmp_path / "article")
    run_toolkit(toolkit_python, TOOLKIT_EDITS_OURS, tmp_path)
    files = [str(tmp_path / name) for name in ("toolkit.tmx", "toolkit.xlf", "article/aligned.xlf")]
    result = runner.invoke(app, ["memory", "import", *files, *_memory(tmp_path)])
    assert result.exit_code == 0, result.stderr
    with Memory(tmp_path / "memory.sqlite3") as memory:
        assert sorted((u.source, u.target) for u in memory.units()) == [
            ("Der Zug fährt um 8 Uhr ab.", "The train leaves at 8."),
            ("Die Katze schläft.", "The cat is sleeping."),
            ("Die Polizei ermittelt.", "The police are investigating."),
            ("Es gilt die Unschuldsvermutung.", "The presumption of innocence applies."),
        ]
    export = ["memory", "export", str(tmp_path / "export.tmx"), *_memory(tmp_path)]
    assert runner.invoke(app, export).exit_code == 0
    read_back = json.loads(run_toolkit(toolkit_python, TOOLKIT_READS, tmp_path).stdout)
    assert sorted(map(tuple, read_back)) == [
        ("Der Zug fährt um 8 Uhr ab.", "The train leaves at 8."),
        ("Die Katze schläft.", "The cat is sleeping."),
        ("Die Polizei ermittelt.", "The police are investigating."),
        ("Es gilt die Unschuldsvermutung.", "The presumption of innocence applies."),
    ]
