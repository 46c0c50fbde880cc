"""`translate apply`: a post-edited XLIFF re-renders its article folder, end to end through the
CLI on the tiny model; the edit shows in every format and goes into the memory."""

from __future__ import annotations

import copy
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import TINY_MARIAN
from typer.testing import CliRunner

from translate.cli.app import app
from translate.run.store.lock import OutputLock

runner = CliRunner()
TINY = ["--model", str(TINY_MARIAN)]
NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
ARTICLE = "Der Hund schläft. Die Katze trinkt Milch.\n\nDas Wetter ist heute schön.\n"
DRAFT = "The cat drinks milk."
EDIT = "The cat is drinking its milk."


def _run(tmp_path: Path) -> Path:
    (tmp_path / "artikel.txt").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "run",
            str(tmp_path / "artikel.txt"),
            "--out",
            str(tmp_path / "out"),
            *TINY,
            "--no-memory",
        ],
    )
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "out" / "artikel"
    assert DRAFT in (folder / "translation.en.txt").read_text(encoding="utf-8")
    return folder


def _edit(xliff: Path, german: str, english: str) -> None:
    """Change one unit's English the way a CAT tool saves it: new text, state final."""
    ET.register_namespace("", NS["x"])
    tree = ET.parse(xliff)
    for unit in tree.getroot().iterfind(".//x:trans-unit", NS):
        if unit.findtext("x:source", namespaces=NS) == german:
            target = unit.find("x:target", NS)
            assert target is not None
            target.text = english
            target.set("state", "final")
            target.attrib.pop("state-qualifier", None)
    tree.write(xliff, encoding="utf-8", xml_declaration=True)


def test_apply_shows_the_edit_everywhere_and_remembers_it(tmp_path: Path) -> None:
    folder = _run(tmp_path)
    _edit(folder / "aligned.xlf", "Die Katze trinkt Milch.", EDIT)
    memory = ["--memory", str(tmp_path / "memory.sqlite3")]
    result = runner.invoke(app, ["apply", str(folder / "aligned.xlf"), *memory])
    assert result.exit_code == 0, result.stderr
    assert "1 pairs edited" in result.stderr
    for name in (
        "translation.en.txt",
        "aligned.tsv",
        "aligned.jsonl",
        "side-by-side.md",
        "side-by-side.html",
        "aligned.tmx",
        "aligned.xlf",
    ):
        text = (folder / name).read_text(encoding="utf-8")
        assert EDIT in text, name
        assert DRAFT not in text, name
    records = [json.loads(line) for line in (folder / "aligned.jsonl").read_text().splitlines()]
    edited = [r for r in records if r["en"] == EDIT]
    assert len(edited) == 1 and edited[0]["origin"] == "edited"
    assert edited[0]["confidence"] is None
    run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert run["edited_pairs"] == 1
    assert DRAFT not in " ".join(run["summary"]["text"])
    assert "✎ edited" in (folder / "side-by-side.html").read_text(encoding="utf-8")
    result = runner.invoke(app, ["memory", *memory])
    assert ": 1 pairs from 1 files" in result.stdout
    # The next article with that sentence gets the human English from the memory.
    (tmp_path / "neu.txt").write_text("Die Katze trinkt Milch.\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["run", str(tmp_path / "neu.txt"), "--out", str(tmp_path / "out"), *TINY, *memory],
    )
    assert result.exit_code == 0, result.stderr
    line = (tmp_path / "out" / "neu" / "aligned.jsonl").read_text(encoding="utf-8")
    assert json.loads(line)["en"] == EDIT and json.loads(line)["origin"] == "memory"


def test_a_moved_folder_is_found_with_out(tmp_path: Path) -> None:
    folder = _run(tmp_path)
    _edit(folder / "aligned.xlf", "Die Katze trinkt Milch.", EDIT)
    edited = tmp_path / "edited.xlf"
    shutil.copy(folder / "aligned.xlf", edited)
    shutil.move(tmp_path / "out", tmp_path / "archive")
    result = runner.invoke(app, ["apply", str(edited), "--no-memory"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "give --out" in result.stderr
    result = runner.invoke(app, ["apply", str(edited), "--out", str(tmp_path / "archive")])
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "archive" / "artikel" / "translation.en.txt").read_text(encoding="utf-8")
    assert EDIT in text
    assert not (tmp_path / "data").exists()


def test_apply_refuses_what_it_cannot_prove_it_wrote(tmp_path: Path) -> None:
    folder = _run(tmp_path)
    _edit(folder / "aligned.xlf", "Die Katze trinkt Milch.", EDIT)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    run = json.loads((folder / "run.json").read_text())
    (folder / "run.json").write_text(json.dumps({"mine": True}))  # no longer ours
    result = runner.invoke(app, ["apply", str(folder / "aligned.xlf"), "--no-memory"])
    assert result.exit_code == 2
    assert result.stderr.startswith("translate: error: ")
    (folder / "run.json").write_text(json.dumps(run))
    _edit(folder / "aligned.xlf", "Der Hund schläft.", "The dog sleeps.")
    xliff = (folder / "aligned.xlf").read_text(encoding="utf-8")
    (folder / "aligned.xlf").write_text(xliff.replace("Der Hund schläft.", "Der Hund bellt."))
    result = runner.invoke(app, ["apply", str(folder / "aligned.xlf"), "--no-memory"])
    assert result.exit_code == 2
    assert "other German" in result.stderr
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert set(after) == set(before)
    assert after["translation.en.txt"] == before["translation.en.txt"]
    leftovers = [p.name for p in (tmp_path / "out").iterdir() if p.name.endswith((".tmp", ".old"))]
    assert leftovers == []


def test_a_target_left_empty_or_removed_keeps_the_english_it_had(tmp_path: Path) -> None:
    # An XLIFF unit with no English is untranslated (as memory import reads it), not a person
    # deleting the sentence: the machine's English stays, and the pair is not counted as edited.
    folder = _run(tmp_path)
    ET.register_namespace("", NS["x"])
    tree = ET.parse(folder / "aligned.xlf")
    for unit in tree.getroot().iterfind(".//x:trans-unit", NS):
        target = unit.find("x:target", NS)
        assert target is not None
        if unit.findtext("x:source", namespaces=NS) == "Die Katze trinkt Milch.":
            target.text = ""
        elif unit.findtext("x:source", namespaces=NS) == "Das Wetter ist heute schön.":
            unit.remove(target)
    tree.write(folder / "aligned.xlf", encoding="utf-8", xml_declaration=True)
    before = (folder / "translation.en.txt").read_text(encoding="utf-8")
    result = runner.invoke(app, ["apply", str(folder / "aligned.xlf"), "--no-memory"])
    assert result.exit_code == 0, result.stderr
    assert "0 pairs edited" in result.stderr
    assert (folder / "translation.en.txt").read_text(encoding="utf-8") == before
    records = [json.loads(line) for line in (folder / "aligned.jsonl").read_text().splitlines()]
    assert DRAFT in [record["en"] for record in records]
    assert all(record["en"] for record in records)
    assert "edited" not in [record.get("origin") for record in records]


def test_two_xliffs_of_one_article_are_refused_before_anything_is_done(tmp_path: Path) -> None:
    # Both would be applied to the folder as it was, so the second would undo the first's edit.
    folder = _run(tmp_path)
    first, second = tmp_path / "erste.xlf", tmp_path / "zweite.xlf"
    shutil.copy(folder / "aligned.xlf", first)
    shutil.copy(folder / "aligned.xlf", second)
    _edit(first, "Die Katze trinkt Milch.", EDIT)
    _edit(second, "Der Hund schläft.", "The dog is asleep.")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    memory = tmp_path / "memory.sqlite3"
    result = runner.invoke(
        app,
        ["apply", str(first), str(second), "--out", str(tmp_path / "out"), "--memory", str(memory)],
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"translate: error: {second}: belongs to the same article folder "
        f"{tmp_path / 'out' / 'artikel'} as {first}; apply one of them, then edit and apply the "
        "folder's new aligned.xlf.\n"
    )
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert not memory.exists()


def test_apply_while_a_run_writes_the_folder_says_to_try_again(tmp_path: Path) -> None:
    folder = _run(tmp_path)
    _edit(folder / "aligned.xlf", "Die Katze trinkt Milch.", EDIT)
    with OutputLock(tmp_path / "out"):  # a run writing there
        result = runner.invoke(app, ["apply", str(folder / "aligned.xlf"), "--no-memory"])
    assert result.exit_code == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("translate: error: ")
    assert "another translate run" in line and "try again when it is done" in line
    assert "--out" not in line
    assert DRAFT in (folder / "translation.en.txt").read_text(encoding="utf-8")


def test_duplicate_unit_ids_are_refused_naming_the_file_and_the_id(tmp_path: Path) -> None:
    folder = _run(tmp_path)
    xliff = folder / "aligned.xlf"
    _edit(xliff, "Die Katze trinkt Milch.", EDIT)
    ET.register_namespace("", NS["x"])
    tree = ET.parse(xliff)
    body = tree.getroot().find(".//x:body", NS)
    assert body is not None
    unit = next(u for u in body.iterfind(".//x:trans-unit", NS) if u.get("id") == "p1.s2")
    again = copy.deepcopy(unit)  # a second p1.s2 with other English: which one is meant?
    target = again.find("x:target", NS)
    assert target is not None
    target.text = "The cat drinks milk again."
    body.append(again)
    tree.write(xliff, encoding="utf-8", xml_declaration=True)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = runner.invoke(app, ["apply", str(xliff), "--no-memory"])
    assert result.exit_code == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"translate: error: {xliff}: ")
    assert "p1.s2" in line and "more than once" in line
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_rerun_after_apply_keeps_the_folder_as_applied(tmp_path: Path) -> None:
    folder = _run(tmp_path)
    _edit(folder / "aligned.xlf", "Die Katze trinkt Milch.", EDIT)
    memory = ["--memory", str(tmp_path / "memory.sqlite3")]
    result = runner.invoke(app, ["apply", str(folder / "aligned.xlf"), *memory])
    assert result.exit_code == 0, result.stderr
    # The memory now gives the article the person's English, as the folder shows: up to date.
    result = runner.invoke(
        app,
        ["run", str(tmp_path / "artikel.txt"), "--out", str(tmp_path / "out"), *TINY, *memory],
    )
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [entry["status"] for entry in manifest["articles"]] == ["skipped-unchanged"]
    records = [json.loads(line) for line in (folder / "aligned.jsonl").read_text().splitlines()]
    assert [r["origin"] for r in records if r["en"] == EDIT] == ["edited"]


def test_apply_refreshes_the_batch_index_spreadsheet_and_manifest(tmp_path: Path) -> None:
    import pandas as pd

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "artikel.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "zweiter.txt").write_text("Wo ist der Bahnhof?\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "run",
            str(tmp_path / "in"),
            "-o",
            str(out),
            "--formats",
            "all,xlsx",
            *TINY,
            "--no-memory",
        ],
    )
    assert result.exit_code == 0, result.stderr
    # An edit a review flag catches: the English drops the German's number.
    wrong = "The cat drinks 3 litres of milk."
    _edit(out / "artikel" / "aligned.xlf", "Die Katze trinkt Milch.", wrong)
    result = runner.invoke(app, ["apply", str(out / "artikel" / "aligned.xlf"), "--no-memory"])
    assert result.exit_code == 0, result.stderr
    run = json.loads((out / "artikel" / "run.json").read_text(encoding="utf-8"))
    assert run["flagged_pairs"] == 1 and run["edited_pairs"] == 1
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entries = {entry["name"]: entry for entry in manifest["articles"]}
    assert (entries["artikel"]["flagged_for_review"], entries["artikel"]["edited"]) == (1, 1)
    assert "edited" not in entries["zweiter"]
    assert (out / "manifest.json").read_text(encoding="utf-8").startswith('{\n  "tool": ')
    index = (out / "index.html").read_text(encoding="utf-8")
    assert wrong in index  # the summary chosen again from the edited English
    frame = pd.read_excel(out / "pairs.xlsx", dtype=str, keep_default_na=False)
    assert wrong in frame["English"].tolist()
    assert DRAFT not in frame["English"].tolist()
    assert "Where is the station?" in frame["English"].tolist()
    assert list(frame.columns)[-1] == "origin"
    origins = dict(zip(frame["English"], frame["origin"], strict=True))
    assert (origins[wrong], origins["Where is the station?"]) == ("edited", "model")


def test_apply_to_a_folder_written_without_jsonl_reads_its_tsv(tmp_path: Path) -> None:
    (tmp_path / "artikel.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["run", str(tmp_path / "artikel.txt"), "-o", str(out), "--formats", "tsv,xlf,html", *TINY],
    )
    assert result.exit_code == 0, result.stderr
    folder = out / "artikel"
    assert not (folder / "aligned.jsonl").exists()
    # Edited in a text editor: the English changed, the machine-draft attributes left as they were.
    xliff = folder / "aligned.xlf"
    xliff.write_text(xliff.read_text(encoding="utf-8").replace(DRAFT, EDIT), encoding="utf-8")
    memory = ["--memory", str(tmp_path / "memory.sqlite3")]
    result = runner.invoke(app, ["apply", str(xliff), *memory])
    assert result.exit_code == 0, result.stderr
    assert "1 pairs edited" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == [
        "aligned.tsv",
        "aligned.xlf",
        "run.json",
        "side-by-side.html",
    ]
    rows = (folder / "aligned.tsv").read_text(encoding="utf-8").splitlines()
    assert [row.split("\t")[3::3] for row in rows[1:]] == [
        ['"The dog sleeps."', '"model"'],
        [f'"{EDIT}"', '"edited"'],
        ['"The weather is nice today."', '"model"'],
    ]
    assert EDIT in (folder / "side-by-side.html").read_text(encoding="utf-8")
    result = runner.invoke(app, ["memory", *memory])
    assert ": 1 pairs from 1 files" in result.stdout  # the edit, told from the drafts by the TSV


def test_apply_to_a_folder_with_neither_jsonl_nor_tsv_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "artikel.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["run", str(tmp_path / "artikel.txt"), "-o", str(out), "--formats", "xlf", *TINY]
    )
    assert result.exit_code == 0, result.stderr
    _edit(out / "artikel" / "aligned.xlf", "Die Katze trinkt Milch.", EDIT)
    result = runner.invoke(app, ["apply", str(out / "artikel" / "aligned.xlf"), "--no-memory"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"translate: error: {out / 'artikel'}: holds neither aligned.jsonl nor aligned.tsv, the "
        "English apply compares the XLIFF with; move the XLIFF out of the folder, run the "
        f"article again with jsonl among its --formats, then apply the XLIFF with --out {out}.\n"
    )
