"""`translate apply`: a post-edited XLIFF re-renders its article folder, end to end through the
CLI on the tiny model; the edit shows in every format and goes into the memory."""

from __future__ import annotations

import copy
import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
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


def _units(xliff: Path) -> tuple[ET.ElementTree[ET.Element], dict[str, ET.Element]]:
    """The XLIFF's tree and its trans-units by German (to change them as a test needs)."""
    ET.register_namespace("", NS["x"])
    tree = ET.parse(xliff)
    units = {
        str(unit.findtext("x:source", namespaces=NS)): unit
        for unit in tree.getroot().iterfind(".//x:trans-unit", NS)
    }
    return tree, units


def _english(folder: Path) -> dict[str, tuple[str, str]]:
    """Each German sentence's English and origin, as aligned.jsonl holds them."""
    lines = (folder / "aligned.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["de"]: (r["en"], r.get("origin", "model")) for r in map(json.loads, lines)}


def _memory_gives(tmp_path: Path, memory: Path, german: str) -> tuple[str, str]:
    """What a new article holding only `german` gets from a run with `memory`."""
    (tmp_path / "neu.txt").write_text(german + "\n", encoding="utf-8")
    out = tmp_path / "neu-out"
    result = runner.invoke(
        app, ["run", str(tmp_path / "neu.txt"), "--out", str(out), *TINY, "--memory", str(memory)]
    )
    assert result.exit_code == 0, result.stderr
    return _english(out / "neu")[german]


def test_an_older_copy_of_the_xliff_never_undoes_a_persons_edit(tmp_path: Path) -> None:
    folder = _run(tmp_path)
    memory = tmp_path / "memory.sqlite3"
    older = tmp_path / "older.xlf"
    shutil.copy(folder / "aligned.xlf", older)  # a copy made before the first edit
    _edit(folder / "aligned.xlf", "Der Hund schläft.", "The dog is asleep.")
    first = runner.invoke(app, ["apply", str(folder / "aligned.xlf"), "--memory", str(memory)])
    assert first.exit_code == 0, first.stderr
    _edit(older, "Die Katze trinkt Milch.", EDIT)
    out = str(tmp_path / "out")
    second = runner.invoke(app, ["apply", str(older), "--out", out, "--memory", str(memory)])
    assert second.exit_code == 0, second.stderr
    english = _english(folder)
    # The older copy's dog unit is still the machine's draft, marked so: not a person's edit.
    assert english["Der Hund schläft."] == ("The dog is asleep.", "edited")
    assert english["Die Katze trinkt Milch."] == (EDIT, "edited")
    assert "The dog is asleep." in (folder / "translation.en.txt").read_text(encoding="utf-8")
    assert _memory_gives(tmp_path, memory, "Der Hund schläft.") == ("The dog is asleep.", "memory")


def test_a_confirmed_draft_is_a_persons_in_the_folder_as_in_the_memory(tmp_path: Path) -> None:
    folder = _run(tmp_path)
    memory = tmp_path / "memory.sqlite3"
    tree, units = _units(folder / "aligned.xlf")
    units["Die Katze trinkt Milch."].set("approved", "yes")  # confirmed as it stands
    # A target marked as still needing translation is nobody's English, whatever it says.
    needs = units["Das Wetter ist heute schön."].find("x:target", NS)
    assert needs is not None
    needs.text, needs.attrib["state"] = "Weather: to do.", "needs-translation"
    tree.write(folder / "aligned.xlf", encoding="utf-8", xml_declaration=True)
    result = runner.invoke(app, ["apply", str(folder / "aligned.xlf"), "--memory", str(memory)])
    assert result.exit_code == 0, result.stderr
    assert "1 pairs edited by a person" in result.stderr
    english = _english(folder)
    assert english["Die Katze trinkt Milch."] == (DRAFT, "edited")
    weather, origin = english["Das Wetter ist heute schön."]
    assert (weather != "Weather: to do.", origin) == (True, "model")
    assert _memory_gives(tmp_path, memory, "Die Katze trinkt Milch.") == (DRAFT, "memory")
    assert _memory_gives(tmp_path, memory, "Das Wetter ist heute schön.")[1] == "model"


def test_a_wrapped_edit_is_one_line_and_reaches_every_copy_of_the_sentence(
    tmp_path: Path,
) -> None:
    (tmp_path / "artikel.txt").write_text(
        "Der Hund schläft. Die Katze trinkt Milch.\n\nDer Hund schläft.\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    made = runner.invoke(
        app, ["run", str(tmp_path / "artikel.txt"), "--out", str(out), *TINY, "--no-memory"]
    )
    assert made.exit_code == 0, made.stderr
    folder = out / "artikel"
    ET.register_namespace("", NS["x"])
    tree = ET.parse(folder / "aligned.xlf")
    first = tree.getroot().find(".//x:trans-unit[@id='p1.s1']", NS)
    assert first is not None
    source, target = first.find("x:source", NS), first.find("x:target", NS)
    assert source is not None and target is not None
    source.text = "Der Hund\n      schläft."  # re-wrapped by an editor: the same German
    target.text = "The dog\n      is asleep."
    target.attrib.pop("state-qualifier")
    tree.write(folder / "aligned.xlf", encoding="utf-8", xml_declaration=True)
    result = runner.invoke(app, ["apply", str(folder / "aligned.xlf"), "--no-memory"])
    assert result.exit_code == 0, result.stderr
    assert "2 pairs edited by a person" in result.stderr
    lines = (folder / "aligned.jsonl").read_text(encoding="utf-8").splitlines()
    records = {r["id"]: (r["en"], r.get("origin", "model")) for r in map(json.loads, lines)}
    assert records["p1.s1"] == records["p2.s1"] == ("The dog is asleep.", "edited")
    text = (folder / "translation.en.txt").read_text(encoding="utf-8")
    assert text.count("The dog is asleep.") == 2


def _with_added_unit(units: dict[str, ET.Element], tree: ET.ElementTree[ET.Element]) -> None:
    group = next(g for g in tree.iter(f"{{{NS['x']}}}group") if units["Der Hund schläft."] in g)
    assert group is not None
    added = copy.deepcopy(units["Der Hund schläft."])
    added.set("id", "p9.s9")
    group.append(added)


def _with_two_targets(units: dict[str, ET.Element], tree: ET.ElementTree[ET.Element]) -> None:
    unit = units["Der Hund schläft."]
    second = copy.deepcopy(unit.find("x:target", NS))
    assert second is not None
    second.text = "The SECOND dog."
    unit.append(second)


def _named(name: str) -> Callable[[dict[str, ET.Element], ET.ElementTree[ET.Element]], None]:
    def rename(units: dict[str, ET.Element], tree: ET.ElementTree[ET.Element]) -> None:
        file = next(tree.iter(f"{{{NS['x']}}}file"))
        file.set("original", name)

    return rename


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (_with_added_unit, "unit p9.s9 is not in the article"),
        (_with_two_targets, "unit p1.s1 has 2 <target>s"),
        (_named("../victim/artikel"), "which is no folder name under an output folder"),
        (_named("/tmp/victim/artikel"), "which is no folder name under an output folder"),
    ],
)
def test_apply_refuses_a_unit_it_cannot_place_or_a_folder_outside_out(
    tmp_path: Path,
    change: Callable[[dict[str, ET.Element], ET.ElementTree[ET.Element]], None],
    said: str,
) -> None:
    folder = _run(tmp_path)
    victim = tmp_path / "victim"
    shutil.copytree(tmp_path / "out", victim)  # a folder of ours a bad name would reach
    xliff = tmp_path / "edited.xlf"
    shutil.copy(folder / "aligned.xlf", xliff)
    _edit(xliff, "Die Katze trinkt Milch.", EDIT)
    tree, units = _units(xliff)
    change(units, tree)
    tree.write(xliff, encoding="utf-8", xml_declaration=True)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p != xliff}
    memory = tmp_path / "memory.sqlite3"
    result = runner.invoke(
        app, ["apply", str(xliff), "--out", str(tmp_path / "out"), "--memory", str(memory)]
    )
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"translate: error: {xliff}: ") and said in line
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p != xliff} == before


def test_an_xliff_is_applied_to_its_own_folder_or_the_one_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _run(tmp_path)
    # Beside its folder, under the name a re-run keeps an edited file by: found without --out.
    kept = tmp_path / "out" / "artikel.edited.aligned.xlf"
    shutil.copy(folder / "aligned.xlf", kept)
    _edit(kept, "Die Katze trinkt Milch.", EDIT)
    result = runner.invoke(app, ["apply", str(kept), "--no-memory"])
    assert result.exit_code == 0, result.stderr
    assert _english(folder)["Die Katze trinkt Milch."] == (EDIT, "edited")
    # In a folder of the article's name that is no longer ours: refused, never sent elsewhere
    # (here to outputs/artikel under the working folder, a folder of ours with the same German).
    monkeypatch.chdir(tmp_path)
    shutil.copytree(tmp_path / "out", tmp_path / "outputs")
    (folder / "run.json").unlink()
    _edit(folder / "aligned.xlf", "Der Hund schläft.", "The dog is asleep.")
    elsewhere = tmp_path / "outputs" / "artikel"
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    result = runner.invoke(app, ["apply", str(folder / "aligned.xlf"), "--no-memory"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"translate: error: {folder / 'aligned.xlf'}: its folder {folder} has no run.json of "
        "translate's, so apply does not write it; if the article's folder is elsewhere, give "
        "--out the folder that holds it.\n"
    )
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before


def test_of_several_xliffs_none_is_applied_when_one_folder_cannot_be_written(
    tmp_path: Path,
) -> None:
    folder = _run(tmp_path)
    other = tmp_path / "out" / "zweites"
    shutil.copytree(folder, other)
    (other / "notizen.txt").write_text("meine Notizen\n", encoding="utf-8")
    _edit(folder / "aligned.xlf", "Die Katze trinkt Milch.", EDIT)
    _edit(other / "aligned.xlf", "Der Hund schläft.", "The dog is asleep.")
    before = {p: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    result = runner.invoke(
        app, ["apply", str(folder / "aligned.xlf"), str(other / "aligned.xlf"), "--no-memory"]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"translate: error: {other}: holds files translate did not write (notizen.txt), so "
        "apply does not replace it; move them out of the folder and apply again.\n"
    )
    assert {p: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()} == before


def test_the_edited_english_is_checked_with_the_articles_glossary(tmp_path: Path) -> None:
    glossary = tmp_path / "glossar.tsv"
    glossary.write_text("Hund\thound\n", encoding="utf-8")
    (tmp_path / "artikel.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    run = ["run", str(tmp_path / "artikel.txt"), "--out", str(out), *TINY, "--no-memory"]
    made = runner.invoke(app, [*run, "--glossary", str(glossary)])
    assert made.exit_code == 0, made.stderr
    folder = out / "artikel"
    _edit(folder / "aligned.xlf", "Der Hund schläft.", "The dog is asleep.")
    xliff = str(folder / "aligned.xlf")

    def flags() -> list[str]:
        lines = (folder / "aligned.jsonl").read_text(encoding="utf-8").splitlines()
        return next(r["flags"] for r in map(json.loads, lines) if r["de"] == "Der Hund schläft.")

    other = tmp_path / "anderes.tsv"
    other.write_text("Katze\tkitty\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    refused = runner.invoke(app, ["apply", xliff, "--no-memory", "--glossary", str(other)])
    assert refused.exit_code == 2
    assert refused.stderr.startswith(
        f"translate: error: {xliff}: --glossary is not the glossary its article was translated "
        "with (run.json: the glossary sha256:"
    )
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    applied = runner.invoke(app, ["apply", xliff, "--no-memory", "--glossary", str(glossary)])
    assert applied.exit_code == 0, applied.stderr
    assert "glossary" in flags()
    _edit(folder / "aligned.xlf", "Der Hund schläft.", "The dog is fast asleep.")
    unchecked = runner.invoke(app, ["apply", xliff, "--no-memory"])
    assert unchecked.exit_code == 0, unchecked.stderr
    assert f"{folder}: was translated with a glossary (sha256:" in unchecked.stderr
    assert "give apply --glossary FILE to check it too" in unchecked.stderr
    assert "glossary" not in flags()


def _import_tmx(tmp_path: Path, memory: Path, changedate: str, english: str) -> None:
    """Import a CAT tool's TMX giving "Die Katze trinkt Milch." `english`, dated `changedate`."""
    tmx = tmp_path / f"{changedate}.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="X" '
        'creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="de" '
        f'datatype="plaintext"/><body><tu changedate="{changedate}">'
        '<tuv xml:lang="de"><seg>Die Katze trinkt Milch.</seg></tuv>'
        f'<tuv xml:lang="en"><seg>{english}</seg></tuv></tu></body></tmx>\n',
        encoding="utf-8",
    )
    imported = runner.invoke(app, ["memory", "import", str(tmx), "--memory", str(memory)])
    assert imported.exit_code == 0, imported.stderr


def test_a_persons_edit_to_an_old_article_wins_over_an_earlier_dated_memory(
    tmp_path: Path,
) -> None:
    """Our XLIFF's date is the machine draft's (here an article translated in 2020): the edit
    in it is dated by its import, so it wins over a TMX pair dated 2024."""
    folder = _run(tmp_path)
    memory = tmp_path / "memory.sqlite3"
    _import_tmx(tmp_path, memory, "20240301T120000Z", "The cat laps up milk.")
    tree, _ = _units(folder / "aligned.xlf")
    next(tree.iter(f"{{{NS['x']}}}file")).set("date", "2020-01-01T00:00:00+00:00")
    tree.write(folder / "aligned.xlf", encoding="utf-8", xml_declaration=True)
    _edit(folder / "aligned.xlf", "Die Katze trinkt Milch.", EDIT)
    result = runner.invoke(app, ["apply", str(folder / "aligned.xlf"), "--memory", str(memory)])
    assert result.exit_code == 0, result.stderr
    assert _memory_gives(tmp_path, memory, "Die Katze trinkt Milch.") == (EDIT, "memory")


def _import_tsv(tmp_path: Path, memory: Path, name: str, german: str, english: str) -> None:
    path = tmp_path / name
    path.write_text(f"{german}\t{english}\n", encoding="utf-8")
    imported = runner.invoke(app, ["memory", "import", str(path), "--memory", str(memory)])
    assert imported.exit_code == 0, imported.stderr


def test_english_the_folder_took_from_the_memory_never_undoes_a_later_correction(
    tmp_path: Path,
) -> None:
    memory = tmp_path / "memory.sqlite3"
    cat = "Die Katze trinkt Milch."
    _import_tsv(tmp_path, memory, "first.tsv", cat, "The cat is drinking milk.")
    (tmp_path / "artikel.txt").write_text(ARTICLE, encoding="utf-8")
    run = ["run", str(tmp_path / "artikel.txt"), "--out", str(tmp_path / "out"), *TINY]
    made = runner.invoke(app, [*run, "--memory", str(memory)])
    assert made.exit_code == 0, made.stderr
    folder = tmp_path / "out" / "artikel"
    assert _english(folder)[cat] == ("The cat is drinking milk.", "memory")
    _import_tsv(tmp_path, memory, "later.tsv", cat, "The cat laps up milk.")  # a correction
    # Apply an edit of another unit: the unit the memory filled is untouched, so not new.
    _edit(folder / "aligned.xlf", "Der Hund schläft.", "The dog is asleep.")
    applied = runner.invoke(app, ["apply", str(folder / "aligned.xlf"), "--memory", str(memory)])
    assert applied.exit_code == 0, applied.stderr
    assert _memory_gives(tmp_path, memory, cat) == ("The cat laps up milk.", "memory")
    # The folder shows what a run with the memory gives it now, the correction too, so a re-run
    # finds it up to date (and rescues nothing a person did not do).
    assert _english(folder)[cat] == ("The cat laps up milk.", "memory")
    assert _english(folder)["Der Hund schläft."] == ("The dog is asleep.", "edited")
    again = runner.invoke(app, [*run, "--memory", str(memory)])
    assert again.exit_code == 0, again.stderr
    assert "a person edited or confirmed" not in again.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [entry["status"] for entry in manifest["articles"]] == ["skipped-unchanged"]
    assert _english(folder)[cat] == ("The cat laps up milk.", "memory")


def test_an_older_copy_confirmed_whole_never_undoes_a_later_edit(tmp_path: Path) -> None:
    folder = _run(tmp_path)
    memory = tmp_path / "memory.sqlite3"
    older = tmp_path / "older.xlf"
    shutil.copy(folder / "aligned.xlf", older)
    _edit(folder / "aligned.xlf", "Die Katze trinkt Milch.", EDIT)
    first = runner.invoke(app, ["apply", str(folder / "aligned.xlf"), "--memory", str(memory)])
    assert first.exit_code == 0, first.stderr
    tree, units = _units(older)
    for unit in units.values():  # a CAT tool's "confirm all" on the old copy
        unit.set("approved", "yes")
    tree.write(older, encoding="utf-8", xml_declaration=True)
    out = str(tmp_path / "out")
    second = runner.invoke(app, ["apply", str(older), "--out", out, "--memory", str(memory)])
    assert second.exit_code == 0, second.stderr
    assert _english(folder)["Die Katze trinkt Milch."] == (EDIT, "edited")
    assert _memory_gives(tmp_path, memory, "Die Katze trinkt Milch.") == (EDIT, "memory")


def test_a_future_dated_pair_does_not_outrank_a_later_edit(tmp_path: Path) -> None:
    folder = _run(tmp_path)
    memory = tmp_path / "memory.sqlite3"
    _import_tmx(tmp_path, memory, "20990101T000000Z", "The cat of 2099.")
    _edit(folder / "aligned.xlf", "Die Katze trinkt Milch.", EDIT)
    result = runner.invoke(app, ["apply", str(folder / "aligned.xlf"), "--memory", str(memory)])
    assert result.exit_code == 0, result.stderr
    assert _memory_gives(tmp_path, memory, "Die Katze trinkt Milch.") == (EDIT, "memory")


def test_a_repeated_sentence_edited_two_ways_agrees_with_the_memory(tmp_path: Path) -> None:
    dog = "Der Hund schläft."
    (tmp_path / "artikel.txt").write_text(f"{dog} {dog}\n\n{dog}\n", encoding="utf-8")
    out = tmp_path / "out"
    made = runner.invoke(
        app, ["run", str(tmp_path / "artikel.txt"), "--out", str(out), *TINY, "--no-memory"]
    )
    assert made.exit_code == 0, made.stderr
    folder = out / "artikel"
    tree, _ = _units(folder / "aligned.xlf")
    for unit in tree.iter(f"{{{NS['x']}}}trans-unit"):
        target = unit.find("x:target", NS)
        assert target is not None
        english = {"p1.s1": "The dog is asleep.", "p1.s2": "The hound sleeps."}
        if unit.get("id") in english:
            target.text = english[str(unit.get("id"))]
            target.attrib.pop("state-qualifier")
    tree.write(folder / "aligned.xlf", encoding="utf-8", xml_declaration=True)
    memory = tmp_path / "memory.sqlite3"
    result = runner.invoke(app, ["apply", str(folder / "aligned.xlf"), "--memory", str(memory)])
    assert result.exit_code == 0, result.stderr
    lines = (folder / "aligned.jsonl").read_text(encoding="utf-8").splitlines()
    records = {r["id"]: r["en"] for r in map(json.loads, lines)}
    assert records == {
        "p1.s1": "The dog is asleep.",
        "p1.s2": "The hound sleeps.",
        "p2.s1": "The hound sleeps.",  # the untouched copy: the English the memory keeps
    }
    assert _memory_gives(tmp_path, memory, dog) == ("The hound sleeps.", "memory")


def test_applying_an_xliff_again_leaves_the_folder_as_it_is(tmp_path: Path) -> None:
    folder = _run(tmp_path)
    _edit(folder / "aligned.xlf", "Die Katze trinkt Milch.", EDIT)
    xliff = str(folder / "aligned.xlf")
    assert runner.invoke(app, ["apply", xliff, "--no-memory"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    again = runner.invoke(app, ["apply", xliff, "--no-memory"])
    assert again.exit_code == 0, again.stderr
    assert f"{folder}: 1 pairs edited by a person." in again.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_an_edit_applied_without_the_memory_survives_a_forced_rerun_with_it(
    tmp_path: Path,
) -> None:
    folder = _run(tmp_path)
    _edit(folder / "aligned.xlf", "Die Katze trinkt Milch.", EDIT)
    applied = runner.invoke(app, ["apply", str(folder / "aligned.xlf"), "--no-memory"])
    assert applied.exit_code == 0, applied.stderr
    memory = tmp_path / "memory.sqlite3"
    again = runner.invoke(
        app,
        [
            "run",
            str(tmp_path / "artikel.txt"),
            "--out",
            str(tmp_path / "out"),
            *TINY,
            "--force",
            "--memory",
            str(memory),
        ],
    )
    assert again.exit_code == 0, again.stderr
    assert "1 pairs a person edited or confirmed went into the translation memory" in again.stderr
    assert _english(folder)["Die Katze trinkt Milch."] == (EDIT, "memory")
