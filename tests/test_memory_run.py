"""The translation memory in a run, end to end through the CLI on the tiny model: exact matches
take a person's English (marked in every output, still checked), close ones are offered, an
untouched draft never enters the memory, and resume notices a changed memory."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import TINY_MARIAN
from typer.testing import CliRunner

from translate.cli.app import app

runner = CliRunner()
TINY = ["--model", str(TINY_MARIAN)]
NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}

# Sentences the tiny model was trained on (scripts/tiny_pairs.tsv), and one it was not.
KNOWN = "Der Hund schläft."
OTHER = "Die Katze trinkt Milch."
NEAR = "Das Wetter ist heute schön."
NUMBERS = "Die Regierung hat am 3. Oktober ein neues Gesetz beschlossen."
ARTICLE = f"{KNOWN} {OTHER}\n\n{NEAR} {NUMBERS}\n"


def _run(tmp_path: Path, *extra: str) -> tuple[int, str]:
    (tmp_path / "artikel.txt").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(
        app, ["run", str(tmp_path / "artikel.txt"), "--out", str(tmp_path / "out"), *TINY, *extra]
    )
    return result.exit_code, result.stderr


def _import(tmp_path: Path, name: str, rows: str) -> None:
    path = tmp_path / name
    path.write_text(rows, encoding="utf-8")
    memory = ["--memory", str(tmp_path / "memory.sqlite3")]
    result = runner.invoke(app, ["memory", "import", str(path), *memory])
    assert result.exit_code == 0, result.stderr


def _records(folder: Path) -> dict[str, dict[str, object]]:
    lines = (folder / "aligned.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["de"]: record for record in map(json.loads, lines)}


def test_a_run_uses_the_memory_in_every_output(tmp_path: Path) -> None:
    _import(
        tmp_path,
        "human.tsv",
        "de\ten\n"
        "Der  Hund\u00a0schläft.\tThe hound is asleep.\n"  # spaced otherwise: the same sentence
        f"{NUMBERS}\tThe government passed a new law on 4 October.\n"
        "Das Wetter ist morgen schön.\tThe weather will be fine tomorrow.\n",
    )
    code, stderr = _run(tmp_path, "--memory", str(tmp_path / "memory.sqlite3"))
    assert code == 0, stderr
    folder = tmp_path / "out" / "artikel"
    records = _records(folder)
    assert records[KNOWN]["en"] == "The hound is asleep."
    assert records[KNOWN]["origin"] == "memory"
    assert records[KNOWN]["confidence"] is None
    assert "origin" not in records[OTHER]
    assert records[OTHER]["en"] == "The cat drinks milk."  # the model's, as trained
    # The quality checks run on a person's English too: 3 October became 4 October.
    assert records[NUMBERS]["origin"] == "memory"
    assert "number-mismatch" in records[NUMBERS]["flags"]  # type: ignore[operator]
    # 4 of 5 words the same: offered beside the model's English, never used.
    assert records[NEAR]["memory_match"] == {
        "de": "Das Wetter ist morgen schön.",
        "en": "The weather will be fine tomorrow.",
        "similarity": 0.8,
    }
    assert records[NEAR]["en"] == "The weather is nice today."
    assert "The hound is asleep." in (folder / "translation.en.txt").read_text()
    tsv = (folder / "aligned.tsv").read_text(encoding="utf-8").splitlines()
    # The origin is the last column: the columns tools read by position stay where they were.
    assert tsv[0].split("\t") == [
        "paragraph",
        "sentence",
        "de",
        "en",
        "confidence",
        "flags",
        "origin",
    ]
    assert [row.split("\t")[-1] for row in tsv[1:]] == [
        '"memory"',
        '"model"',
        '"model"',
        '"memory"',
    ]

    units = {
        unit.findtext("x:source", namespaces=NS): unit
        for unit in ET.parse(folder / "aligned.xlf").getroot().iterfind(".//x:trans-unit", NS)
    }
    target = units[KNOWN].find("x:target", NS)
    assert target is not None
    assert (target.get("state"), target.get("state-qualifier")) == ("translated", "leveraged-tm")
    assert units[KNOWN].find("x:alt-trans", NS) is None
    offered = units[NEAR].find("x:alt-trans", NS)
    assert offered is not None and offered.get("match-quality") == "80"
    assert offered.findtext("x:target", namespaces=NS) == "The weather will be fine tomorrow."
    other = units[OTHER].find("x:target", NS)
    assert other is not None and other.get("state-qualifier") == "mt-suggestion"

    html = (folder / "side-by-side.html").read_text(encoding="utf-8")
    rows = dict(re.findall(r'<div class="[^"]*" id="(p\d+\.s\d+)"[^>]*>(.*?)</div></div>', html))
    assert "✎ memory" in rows["p1.s1"] and "✎ memory" not in rows["p1.s2"]
    assert "80% match" in rows["p2.s1"] and "The weather will be fine tomorrow." in rows["p2.s1"]
    tmx = (folder / "aligned.tmx").read_text(encoding="utf-8")
    assert tmx.count("from the translation memory") == 2
    assert "80% match" in tmx


def test_no_memory_and_resume(tmp_path: Path) -> None:
    memory = ["--memory", str(tmp_path / "memory.sqlite3")]
    _import(tmp_path, "human.tsv", f"{KNOWN}\tThe hound is asleep.\n")
    assert _run(tmp_path, *memory)[0] == 0
    manifest = tmp_path / "out" / "manifest.json"
    assert _run(tmp_path, *memory)[0] == 0
    assert _statuses(manifest) == ["skipped-unchanged"]  # the same memory: nothing to redo
    _import(tmp_path, "more.tsv", f"{OTHER}\tThe cat has milk.\n")
    assert _run(tmp_path, *memory)[0] == 0
    assert _statuses(manifest) == ["done"]  # the memory changed: the article is redone
    assert _records(tmp_path / "out" / "artikel")[OTHER]["en"] == "The cat has milk."
    code, _ = _run(tmp_path, *memory, "--no-memory")
    assert code == 2
    assert _run(tmp_path, "--no-memory")[0] == 0
    records = _records(tmp_path / "out" / "artikel")
    assert records[KNOWN]["en"] == "The dog sleeps."
    assert "origin" not in records[KNOWN]


def _statuses(manifest: Path) -> list[str]:
    data = json.loads(manifest.read_text(encoding="utf-8"))
    return [entry["status"] for entry in data["articles"]]


def test_the_loop_run_edit_import_then_a_new_article(tmp_path: Path) -> None:
    memory = ["--memory", str(tmp_path / "memory.sqlite3")]
    assert _run(tmp_path, *memory)[0] == 0
    xliff = tmp_path / "out" / "artikel" / "aligned.xlf"
    result = runner.invoke(app, ["memory", "import", str(xliff), *memory])
    assert result.exit_code == 0
    assert "imported 0 pairs" in result.stderr  # untouched drafts are no human work
    ET.register_namespace("", NS["x"])
    tree = ET.parse(xliff)
    for unit in tree.getroot().iterfind(".//x:trans-unit", NS):
        if unit.findtext("x:source", namespaces=NS) == OTHER:  # as a CAT tool saves an edit
            target = unit.find("x:target", NS)
            assert target is not None
            target.text = "The cat is drinking milk."
            target.set("state", "final")
            del target.attrib["state-qualifier"]
    tree.write(xliff, encoding="utf-8", xml_declaration=True)
    result = runner.invoke(app, ["memory", "import", str(xliff), *memory])
    assert "imported 1 pairs" in result.stderr
    (tmp_path / "neu.txt").write_text(f"{OTHER} {KNOWN}\n", encoding="utf-8")
    result = runner.invoke(
        app, ["run", str(tmp_path / "neu.txt"), "--out", str(tmp_path / "out"), *TINY, *memory]
    )
    assert result.exit_code == 0, result.stderr
    records = _records(tmp_path / "out" / "neu")
    assert records[OTHER]["en"] == "The cat is drinking milk."
    assert records[OTHER]["origin"] == "memory"
    assert records[KNOWN]["en"] == "The dog sleeps."


def test_a_rerun_keeps_a_persons_edits(tmp_path: Path) -> None:
    memory = ["--memory", str(tmp_path / "memory.sqlite3")]
    assert _run(tmp_path, "--no-memory")[0] == 0
    xliff = tmp_path / "out" / "artikel" / "aligned.xlf"
    # Edited in a text editor: the English changed, the attributes left as they were.
    xliff.write_text(
        xliff.read_text(encoding="utf-8").replace("The cat drinks milk.", "The cat laps milk."),
        encoding="utf-8",
    )
    code, stderr = _run(tmp_path, *memory, "--force")
    assert code == 0, stderr
    kept = tmp_path / "out" / "artikel.edited.aligned.xlf"
    assert "The cat laps milk." in kept.read_text(encoding="utf-8")
    records = _records(tmp_path / "out" / "artikel")
    assert records[OTHER]["en"] == "The cat laps milk."
    assert records[OTHER]["origin"] == "memory"
    assert _run(tmp_path, *memory, "--force")[0] == 0  # nothing new: nothing kept again
    assert sorted(p.name for p in (tmp_path / "out").glob("*.xlf")) == [
        "artikel.edited.aligned.xlf"
    ]


def test_sentences_from_the_memory_are_not_counted_as_cache_hits(tmp_path: Path) -> None:
    _import(tmp_path, "human.tsv", f"de\ten\n{KNOWN}\tThe hound is asleep.\n")
    code, stderr = _run(tmp_path, "--memory", str(tmp_path / "memory.sqlite3"))
    assert code == 0, stderr
    assert "0 of their 4 sentences from the cache, 1 from the memory" in stderr
    assert "from the cache)" not in stderr.split("written to")[0]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["totals"]["cache_hits"] == 0
    assert manifest["totals"]["memory"] == 1
    (article,) = manifest["articles"]
    assert (article["cache_hits"], article["memory"]) == (0, 1)
    # A second run finds the model's three sentences in the cache, the fourth in the memory.
    code, stderr = _run(tmp_path, "--memory", str(tmp_path / "memory.sqlite3"), "--force")
    assert code == 0, stderr
    assert "3 of their 4 sentences from the cache, 1 from the memory" in stderr


def test_without_a_memory_the_counts_are_as_before(tmp_path: Path) -> None:
    code, stderr = _run(tmp_path)
    assert code == 0, stderr
    assert "0 of their 4 sentences from the cache)" in stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert "memory" not in manifest["totals"]
    assert "memory" not in manifest["articles"][0]


def test_resume_redoes_only_the_article_the_memory_changed(tmp_path: Path) -> None:
    memory = ["--memory", str(tmp_path / "memory.sqlite3")]
    _import(tmp_path, "human.tsv", f"{KNOWN}\tThe hound is asleep.\n")
    texts = {
        "eins": f"{KNOWN} {OTHER}\n",
        "zwei": f"{NEAR}\n",
        "drei": "Der Zug kommt pünktlich.\n",
    }
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    paths = [str(tmp_path / f"{name}.txt") for name in texts]

    def run() -> dict[str, str]:
        result = runner.invoke(app, ["run", *paths, "--out", str(tmp_path / "out"), *TINY, *memory])
        assert result.exit_code == 0, result.stderr
        data = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
        return {entry["name"]: entry["status"] for entry in data["articles"]}

    assert set(run().values()) == {"done"}
    # A pair for a sentence of "zwei" only; "eins" keeps what the memory gave it before.
    _import(tmp_path, "more.tsv", f"{NEAR}\tToday the weather is fine.\n")
    assert run() == {"eins": "skipped-unchanged", "zwei": "done", "drei": "skipped-unchanged"}
    assert _records(tmp_path / "out" / "zwei")[NEAR]["en"] == "Today the weather is fine."
    # Another import that changes nothing these articles would get: nothing is redone.
    _import(tmp_path, "other.tsv", "Der Präsident besuchte gestern Paris.\tThe president went.\n")
    assert set(run().values()) == {"skipped-unchanged"}
    # Without the memory, the article whose English came from it is redone, and only that one.
    result = runner.invoke(
        app, ["run", *paths, "--out", str(tmp_path / "out"), *TINY, "--no-memory"]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert {entry["name"]: entry["status"] for entry in data["articles"]} == {
        "eins": "done",
        "zwei": "done",
        "drei": "skipped-unchanged",
    }


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_a_corpus_rerun_redoes_only_the_rows_the_memory_changed(tmp_path: Path, fmt: str) -> None:
    memory = ["--memory", str(tmp_path / "memory.sqlite3")]
    _import(tmp_path, "human.tsv", f"{KNOWN}\tThe hound is asleep.\n")
    rows = [
        {"id": "eins", "text": f"{KNOWN} {OTHER}"},
        {"id": "zwei", "text": NEAR},
        {"id": "drei", "text": "Der Zug kommt pünktlich."},
    ]
    corpus = tmp_path / f"c.{fmt}"
    if fmt == "jsonl":
        corpus.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    else:
        pq.write_table(pa.Table.from_pylist(rows), corpus)
    out = tmp_path / "out"

    def run(*extra: str) -> dict[str, str]:
        result = runner.invoke(app, ["run", str(corpus), "--out", str(out), *TINY, *extra])
        assert result.exit_code == 0, result.stderr
        data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        return {entry["name"]: entry["status"] for entry in data["articles"]}

    def written(kind: str) -> list[dict[str, Any]]:
        if fmt == "parquet":
            return pq.read_table(out / f"{kind}.parquet").to_pylist()  # type: ignore[no-any-return]
        lines = (out / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]

    assert set(run(*memory).values()) == {"done"}
    answered = {row["id"]: row["memory_answers"] for row in written("summaries")}
    assert answered["eins"].startswith("sha256:")
    assert answered["zwei"] == answered["drei"] == ""
    # A pair for the sentence of "zwei" only: that row is redone, the others kept as they are.
    _import(tmp_path, "more.tsv", f"{NEAR}\tToday the weather is fine.\n")
    redone = run(*memory)
    assert redone == {"eins": "skipped-unchanged", "zwei": "done", "drei": "skipped-unchanged"}
    pairs = {pair["de"]: pair for pair in written("pairs")}
    assert (pairs[NEAR]["en"], pairs[NEAR]["origin"]) == ("Today the weather is fine.", "memory")
    assert (pairs[KNOWN]["en"], pairs[KNOWN]["origin"]) == ("The hound is asleep.", "memory")
    assert [row["id"] for row in written("summaries")] == ["eins", "zwei", "drei"]
    # An import that changes nothing these rows would get redoes nothing.
    _import(tmp_path, "other.tsv", "Der Präsident besuchte gestern Paris.\tThe president went.\n")
    assert set(run(*memory).values()) == {"skipped-unchanged"}
    # Without the memory, the rows whose English came from it are redone, and only those.
    assert run("--no-memory") == {"eins": "done", "zwei": "done", "drei": "skipped-unchanged"}
    assert {pair["de"]: pair["origin"] for pair in written("pairs")}[NEAR] == "model"
