"""A person's edits to the files of an article folder are never silently lost: run.json records
the SHA-256 of every file written, and a run (or `translate apply`) that replaces the folder
keeps each file whose bytes changed since beside it, under a name no earlier copy holds, and
says so in one line. End to end through the CLI on the tiny model."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from conftest import TINY_MARIAN
from typer.testing import CliRunner

from translate.cli.app import app

runner = CliRunner()
TINY = ["--model", str(TINY_MARIAN), "--no-memory"]
ARTICLE = "Der Hund schläft. Die Katze trinkt Milch.\n\nDas Wetter ist heute schön.\n"
CHANGED = "Der Hund schläft. Die Katze trinkt Milch.\n\nDas Wetter ist heute nicht schön.\n"


def _run(tmp_path: Path, german: str = ARTICLE, *extra: str) -> str:
    (tmp_path / "artikel.txt").write_text(german, encoding="utf-8")
    result = runner.invoke(
        app, ["run", str(tmp_path / "artikel.txt"), "--out", str(tmp_path / "out"), *TINY, *extra]
    )
    assert result.exit_code == 0, result.stderr
    return result.stderr


def _listing(out: Path) -> list[str]:
    return sorted(entry.name for entry in out.iterdir())


def test_run_json_records_the_hash_of_every_file_written(tmp_path: Path) -> None:
    _run(tmp_path)
    folder = tmp_path / "out" / "artikel"
    recorded = json.loads((folder / "run.json").read_text(encoding="utf-8"))["files"]
    on_disk = {
        entry.name: hashlib.sha256(entry.read_bytes()).hexdigest()
        for entry in folder.iterdir()
        if entry.name != "run.json"
    }
    assert recorded == on_disk


@pytest.mark.parametrize(
    ("edited", "rerun"),
    [
        ("aligned.tsv", "force"),
        ("aligned.xlf", "changed German"),
        ("aligned.xlf", "force, fewer formats"),
        ("side-by-side.html", "force"),
    ],
)
def test_an_edited_output_is_kept_beside_the_folder(
    tmp_path: Path, edited: str, rerun: str
) -> None:
    _run(tmp_path)
    path = tmp_path / "out" / "artikel" / edited
    mine = path.read_bytes() + b"\n<!-- corrected by hand -->\n"
    path.write_bytes(mine)
    if rerun == "force":
        stderr = _run(tmp_path, ARTICLE, "--force")
    elif rerun == "changed German":
        stderr = _run(tmp_path, CHANGED)
    else:
        stderr = _run(tmp_path, ARTICLE, "--force", "--formats", "txt")
    kept = tmp_path / "out" / f"artikel.edited.{edited}"
    assert kept.read_bytes() == mine
    assert f"{path}: changed since translate wrote it; kept as {kept}" in " ".join(stderr.split())
    new = tmp_path / "out" / "artikel" / edited
    assert not new.exists() or new.read_bytes() != mine  # the folder holds the run's own file


def test_an_earlier_kept_copy_is_never_replaced(tmp_path: Path) -> None:
    _run(tmp_path)
    path = tmp_path / "out" / "artikel" / "aligned.tsv"
    path.write_text("erste Fassung\n", encoding="utf-8")
    _run(tmp_path, ARTICLE, "--force")
    path.write_text("zweite Fassung\n", encoding="utf-8")
    (tmp_path / "out" / "artikel.edited-2.aligned.tsv").write_text("meins\n", encoding="utf-8")
    _run(tmp_path, ARTICLE, "--force")
    out = tmp_path / "out"
    assert (out / "artikel.edited.aligned.tsv").read_text(encoding="utf-8") == "erste Fassung\n"
    assert (out / "artikel.edited-2.aligned.tsv").read_text(encoding="utf-8") == "meins\n"
    assert (out / "artikel.edited-3.aligned.tsv").read_text(encoding="utf-8") == "zweite Fassung\n"


def test_unedited_outputs_leave_nothing_beside(tmp_path: Path) -> None:
    _run(tmp_path)
    before = _listing(tmp_path / "out")
    stderr = _run(tmp_path, ARTICLE, "--force")
    stderr += _run(tmp_path, CHANGED)
    assert _listing(tmp_path / "out") == before
    assert "kept as" not in stderr


def test_a_run_json_without_hashes_behaves_as_before(tmp_path: Path) -> None:
    """An article folder written before hashes were recorded: its files are ours by name, and
    replaced as they stand (only an edited aligned.xlf is kept, as it always was)."""
    _run(tmp_path)
    folder = tmp_path / "out" / "artikel"
    record = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    del record["files"]
    (folder / "run.json").write_text(json.dumps(record), encoding="utf-8")
    (folder / "aligned.tsv").write_text("von Hand\n", encoding="utf-8")
    _run(tmp_path, CHANGED)
    assert (folder / "aligned.tsv").read_text(encoding="utf-8") != "von Hand\n"
    assert [name for name in _listing(tmp_path / "out") if ".edited." in name] == []


def test_apply_keeps_an_edited_output_too(tmp_path: Path) -> None:
    _run(tmp_path)
    folder = tmp_path / "out" / "artikel"
    (folder / "summary.md").write_text("# Meine Zusammenfassung\n", encoding="utf-8")
    xliff = tmp_path / "post-edit.xlf"
    # One target changed, its machine mark dropped, as a CAT tool saves it: a folder to rewrite.
    drafted = (folder / "aligned.xlf").read_text(encoding="utf-8")
    unit = drafted.index('state-qualifier="mt-suggestion">')
    start = unit + len('state-qualifier="mt-suggestion">')
    edited = drafted[:unit] + ">A person's English." + drafted[drafted.index("</target>", start) :]
    xliff.write_text(edited, encoding="utf-8")
    result = runner.invoke(
        app, ["apply", str(xliff), "--out", str(tmp_path / "out"), "--no-memory"]
    )
    assert "1 pairs edited by a person" in result.stderr
    assert result.exit_code == 0, result.stderr
    kept = tmp_path / "out" / "artikel.edited.summary.md"
    assert kept.read_text(encoding="utf-8") == "# Meine Zusammenfassung\n"
    assert "summary.md: changed since translate wrote it" in result.stderr
