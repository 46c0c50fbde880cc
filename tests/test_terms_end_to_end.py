"""Protected spans and the glossary through `translate run`, in both engines, on the tiny model.

The tiny model was trained on the masked forms of these sentences (`{1}` for a URL or a term;
scripts/tiny_pairs.tsv), so the English below is exact. Two of its pairs drop their placeholder
and one changes a number on purpose, so the flags for a failed restore, an unenforced term and
a number mismatch can be followed into every output that shows flags.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import TINY_MARIAN
from typer.testing import CliRunner

from translate.cli.app import app
from translate.glossary import load_glossary

runner = CliRunner()
TINY = ["--model", str(TINY_MARIAN)]
ENGINES = ["ct2", "torch"]

SPANS_ARTICLE = (
    "Mehr Informationen gibt es unter https://www.example.org/kita?id=7. "
    "Fragen bitte an presse@example.de.\n\n"
    "@tagesschau hat den Beitrag geteilt. Unter #Wahl2025 diskutieren viele Menschen. "
    "Der Befehl `ls -la` zeigt alle Dateien.\n\n"
    "Der Link https://example.com/alt funktioniert nicht mehr.\n"
)
SPANS_ENGLISH = (
    "More information is available at https://www.example.org/kita?id=7. "
    "Please send questions to presse@example.de.\n\n"
    "@tagesschau shared the post. Many people are discussing under #Wahl2025. "
    "The command `ls -la` shows all files.\n\n"
    "The link no longer works.\n"
)
TERMS_ARTICLE = (
    "Die Kita ist heute geschlossen. Kita ist wichtig. Der Bundestag hat das Gesetz beschlossen."
    "\n\nDie Kita hat eine Website: https://kita.example.org. Das Auto ist zu teuer.\n\n"
    "Der Zug hat 12 Wagen.\n"
)
TERMS_ENGLISH = (
    "The daycare centre is closed today. Daycare centre is important. The Bundestag passed the "
    "law.\n\nThe daycare centre has a website: https://kita.example.org. That is too expensive."
    "\n\nThe train has 21 carriages.\n"
)
GLOSSARY = "# German\tEnglish\nKita\tdaycare centre\nBundestag\tBundestag\nAuto\tcar\n"


def _run(tmp_path: Path, name: str, text: str, *options: str) -> Path:
    source = tmp_path / f"{name}.txt"
    source.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["run", str(source), "--out", str(tmp_path / "out"), *options])
    assert result.exit_code == 0, result.stderr
    return tmp_path / "out" / name


def _flags(folder: Path) -> dict[str, list[str]]:
    lines = (folder / "aligned.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["id"]: record["flags"] for record in map(json.loads, lines)}


@pytest.mark.parametrize("engine", ENGINES)
def test_protected_spans_pass_through_unchanged(tmp_path: Path, engine: str) -> None:
    folder = _run(tmp_path, "links", SPANS_ARTICLE, *TINY, "--engine", engine)
    assert (folder / "translation.en.txt").read_text(encoding="utf-8") == SPANS_ENGLISH
    assert _flags(folder) == {
        "p1.s1": [],
        "p1.s2": [],
        "p2.s1": [],
        "p2.s2": [],
        "p2.s3": [],
        "p3.s1": ["protected-span"],  # the model dropped the placeholder: the URL is lost
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_the_glossary_decides_the_english_of_its_terms(tmp_path: Path, engine: str) -> None:
    terms = tmp_path / "terms.tsv"
    terms.write_text(GLOSSARY, encoding="utf-8")
    options = [*TINY, "--engine", engine, "--glossary", str(terms)]
    folder = _run(tmp_path, "kita", TERMS_ARTICLE, *options)
    assert (folder / "translation.en.txt").read_text(encoding="utf-8") == TERMS_ENGLISH
    assert _flags(folder) == {
        "p1.s1": [],
        "p1.s2": [],
        "p1.s3": [],
        "p2.s1": [],
        "p2.s2": ["glossary"],  # `Auto` must be `car`, and the model dropped it
        "p3.s1": ["number-mismatch"],  # 12 became 21
    }
    run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    digest = load_glossary(terms).sha256
    assert run["glossary"] == digest
    assert f"|glossary:{digest[:19]}|" in run["signature"]
    assert run["flagged_for_review"] == {"glossary": 1, "number-mismatch": 1}


def test_the_flags_reach_every_output_that_shows_flags(tmp_path: Path) -> None:
    terms = tmp_path / "terms.tsv"
    terms.write_text(GLOSSARY, encoding="utf-8")
    folder = _run(tmp_path, "kita", TERMS_ARTICLE, *TINY, "--glossary", str(terms))
    markdown = (folder / "side-by-side.md").read_text(encoding="utf-8")
    assert (
        "| p3.s1 | Der Zug hat 12 Wagen. | The train has 21 carriages. ⚑ number-mismatch "
        "(\\`12\\` is not in the English; the English says \\`21\\`, the German has no such "
        "number) |"
    ) in markdown
    assert "- ⚑ glossary: a glossary term of the German is not rendered with the glossary's " in (
        markdown
    )
    html = (folder / "side-by-side.html").read_text(encoding="utf-8")
    assert '<button type="button" class="flag"' in html and "⚑ number-mismatch</button>" in html
    assert "<dt>⚑ glossary</dt><dd>a glossary term of the German is not rendered" in html
    tmx = (folder / "aligned.tmx").read_text(encoding="utf-8")
    assert tmx.count('<prop type="x-flag">') == 2
    assert '<prop type="x-flag">number-mismatch</prop>' in tmx
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [entry["flagged_for_review"] for entry in manifest["articles"]] == [2]
    assert manifest["run"]["glossary"] == load_glossary(terms).sha256


@pytest.mark.parametrize("engine", ENGINES)
def test_one_article_on_stdout_goes_the_same_way(engine: str, tmp_path: Path) -> None:
    terms = tmp_path / "terms.tsv"
    terms.write_text(GLOSSARY, encoding="utf-8")
    result = runner.invoke(
        app,
        ["run", "-", *TINY, "--engine", engine, "--glossary", str(terms), "--formats", "txt"],
        input="Die Kita hat eine Website: https://kita.example.org.\n",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "The daycare centre has a website: https://kita.example.org.\n"


def test_a_changed_glossary_redoes_the_article_past_the_cache(tmp_path: Path) -> None:
    terms = tmp_path / "terms.tsv"
    terms.write_text("Kita\tdaycare centre\n", encoding="utf-8")
    text = "Die Kita ist heute geschlossen.\n"
    folder = _run(tmp_path, "kita", text, *TINY, "--glossary", str(terms))
    assert (folder / "translation.en.txt").read_text() == "The daycare centre is closed today.\n"
    terms.write_text("Kita\tnursery\n", encoding="utf-8")
    folder = _run(tmp_path, "kita", text, *TINY, "--glossary", str(terms))  # no --force
    assert (folder / "translation.en.txt").read_text() == "The nursery is closed today.\n"
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [(e["status"], e["cache_hits"]) for e in manifest["articles"]] == [("done", 0)]


def test_a_bad_glossary_stops_before_the_model_loads(tmp_path: Path) -> None:
    terms = tmp_path / "terms.tsv"
    terms.write_text("Kita\tdaycare centre\nKita\tnursery\n", encoding="utf-8")
    source = tmp_path / "kita.txt"
    source.write_text("Die Kita ist zu.\n", encoding="utf-8")
    missing_model = ["--model", str(tmp_path / "none")]
    arguments = ["run", str(source), "--out", str(tmp_path / "out"), "--glossary", str(terms)]
    result = runner.invoke(app, [*arguments, *missing_model])
    assert result.exit_code == 2  # not 3: the missing model was never looked at
    assert result.stderr == (
        f"translate: error: {terms}:2: 'Kita' is translated as 'nursery' here but as "
        "'daycare centre' on line 1; keep one of the two.\n"
    )
    assert not (tmp_path / "out").exists()
