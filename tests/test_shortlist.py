"""Vocabulary shortlists: learning (pure), the files beside the model, and the CLI end to end on
the tiny model (build, run --shortlist, cache keys, refusals)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TINY_MARIAN, TRAINING_PAIRS
from typer.testing import CliRunner

from translate.cli import shortlist as shortlist_cli
from translate.cli.app import app
from translate.document import ModelInfo
from translate.engines import shortlist_build, shortlist_sample
from translate.engines.shortlist import (
    Shortlist,
    general_count,
    is_punctuation,
    learn_shortlist,
    placeholder_texts,
)
from translate.engines.shortlist_files import (
    ShortlistRecord,
    copy_shortlist,
    install_shortlist,
    read_shortlist,
    write_shortlist,
)
from translate.errors import OutputError, UsageError

runner = CliRunner()
SENTENCES = [line.split("\t")[0] for line in TRAINING_PAIRS.read_text("utf-8").splitlines() if line]


# --- learning (pure) ------------------------------------------------------------------------


def test_learn_keeps_every_target_token_written_and_the_always_ones() -> None:
    targets = [["▁The", "▁dog", "▁runs", "."], ["▁The", "▁cat", "."]]
    shortlist = learn_shortlist(targets, always=["▁(", "}"])
    assert shortlist.tokens == (".", "}", "▁(", "▁The", "▁cat", "▁dog", "▁runs")


def test_vmap_is_one_line_with_an_empty_source_key() -> None:
    assert Shortlist(("a", "▁b")).vmap() == "\ta ▁b\n"


def test_identity_follows_the_tokens() -> None:
    assert Shortlist(("a",)).identity == Shortlist(("a",)).identity
    assert Shortlist(("a",)).identity != Shortlist(("a", "b")).identity
    assert len(Shortlist(("a",)).identity) == 64


@pytest.mark.parametrize(
    ("piece", "expected"),
    [
        (".", True),
        ("▁(", True),
        ("“", True),
        ("▁€", True),
        ("▁", False),
        ("▁The", False),
        ("1", False),
        ("▁2018", False),
        ("s.", False),
    ],
)
def test_is_punctuation(piece: str, expected: bool) -> None:
    assert is_punctuation(piece) is expected


def test_placeholders_are_numbered_in_braces() -> None:
    assert placeholder_texts(3) == ["{1}", "{2}", "{3}"]


def test_general_count_is_the_smallest_share_that_covers_the_validation() -> None:
    learned = Shortlist(("▁the", "."))
    general = [f"w{index}" for index in range(64)]  # commonest first
    # Needs w0 (in the first 1/64) and w3 (in the first 1/16 = 4 tokens, not in 1/32 = 2).
    validation = [["▁the", "w0", "."], ["w3", "."]]
    assert general_count(learned, general, validation) == 4
    assert general_count(learned, general, [["▁the", "."]]) == 0
    assert general_count(learned, general, [["never-in-general"]]) == 64


def test_general_count_leaves_out_what_coverage_allows() -> None:
    learned = Shortlist(())
    general = [f"w{index}" for index in range(64)]
    validation = [["w0"]] * 9 + [["w40"]]
    assert general_count(learned, general, validation, coverage=0.9) == 1
    assert general_count(learned, general, validation, coverage=1.0) == 64


# --- the files beside the converted model ---------------------------------------------------


def _converted(folder: Path, weights: str = "ab" * 32) -> Path:
    folder.mkdir()
    (folder / "model.bin").write_bytes(b"weights")
    marker = {"files": {"model.bin": [7, weights]}}
    (folder / "translate-conversion.json").write_text(json.dumps(marker), encoding="utf-8")
    return folder


def _record(
    shortlist: Shortlist, revision: str = "sha256:11", weights: str = "ab" * 32
) -> ShortlistRecord:
    return ShortlistRecord(
        identity=shortlist.identity,
        model="m",
        revision=revision,
        weights=weights,
        learned=8,
        held_out=2,
        identical=2,
        forced=False,
    )


def test_written_shortlist_reads_back_as_its_identity(tmp_path: Path) -> None:
    folder = _converted(tmp_path / "m")
    shortlist = Shortlist(("a", "b"))
    write_shortlist(folder, shortlist.vmap(), _record(shortlist))
    assert (folder / "vmap.txt").read_text(encoding="utf-8") == "\ta b\n"
    info = ModelInfo(name="m", path=str(folder), revision="sha256:11")
    assert read_shortlist(folder, info) == shortlist.identity
    assert sorted(path.name for path in folder.iterdir()) == [
        "model.bin",
        "translate-conversion.json",
        "translate-shortlist.json",
        "vmap.txt",
    ]


@pytest.mark.parametrize(
    ("revision", "weights", "edit", "message"),
    [
        ("sha256:22", "ab" * 32, False, "built for another model"),
        ("sha256:11", "cd" * 32, False, "built for another model"),
        ("sha256:11", "ab" * 32, True, "was changed after the shortlist was built"),
    ],
)
def test_a_shortlist_of_another_model_or_edited_is_refused(
    tmp_path: Path, revision: str, weights: str, edit: bool, message: str
) -> None:
    folder = _converted(tmp_path / "m", weights=weights)
    shortlist = Shortlist(("a", "b"))
    write_shortlist(folder, shortlist.vmap(), _record(shortlist))
    if edit:
        (folder / "vmap.txt").write_text("\ta b c\n", encoding="utf-8")
    info = ModelInfo(name="m", path=str(folder), revision=revision)
    with pytest.raises(UsageError, match=message):
        read_shortlist(folder, info)


def test_a_carried_shortlist_is_installed_where_there_is_none_and_only_there(
    tmp_path: Path,
) -> None:
    """What a Ray job carries to its nodes: the same files, or nothing where the node has its
    own shortlist (which its settings check then compares with the driver's)."""
    driver, node, other = (_converted(tmp_path / name) for name in ("driver", "node", "other"))
    shortlist = Shortlist(("a", "b"))
    write_shortlist(driver, shortlist.vmap(), _record(shortlist))
    carried = copy_shortlist(driver)
    install_shortlist(node, carried)
    info = ModelInfo(name="m", path=str(node), revision="sha256:11")
    assert read_shortlist(node, info) == shortlist.identity
    for name in ("vmap.txt", "translate-shortlist.json"):
        assert (node / name).read_bytes() == (driver / name).read_bytes()
    own = Shortlist(("c",))
    write_shortlist(other, own.vmap(), _record(own))
    install_shortlist(other, carried)
    assert read_shortlist(other, info) == own.identity


def test_no_shortlist_says_how_to_build_one(tmp_path: Path) -> None:
    folder = _converted(tmp_path / "m")
    with pytest.raises(UsageError, match=r"translate shortlist build ARTICLES\.\.\. --model m`"):
        read_shortlist(folder, ModelInfo(name="m", path=str(folder), revision="sha256:11"))


def test_a_vmap_translate_did_not_write_is_left_alone(tmp_path: Path) -> None:
    folder = _converted(tmp_path / "m")
    (folder / "vmap.txt").write_text("someone's own\n", encoding="utf-8")
    shortlist = Shortlist(("a",))
    with pytest.raises(OutputError, match="was not written by translate"):
        write_shortlist(folder, shortlist.vmap(), _record(shortlist))
    assert (folder / "vmap.txt").read_text(encoding="utf-8") == "someone's own\n"


def test_shortlist_help_imports_no_model_library() -> None:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "translate", "shortlist", "build", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    imported = {line.split("|")[-1].strip().split(".")[0] for line in completed.stderr.splitlines()}
    assert "typer" in imported  # the import log is really there
    assert not imported & {"torch", "transformers", "sentencepiece", "ctranslate2", "numpy"}
    assert "Usage: translate shortlist build [OPTIONS] PATH..." in completed.stdout


def test_cli_constants_match_the_library() -> None:
    assert shortlist_cli.MIN_AGREEMENT_PERCENT / 100 == shortlist_build.MIN_AGREEMENT
    assert shortlist_cli.DEFAULT_SAMPLE == shortlist_sample.DEFAULT_SAMPLE


# --- the sample -----------------------------------------------------------------------------


def test_sample_reads_articles_and_jsonl_and_stops_at_its_size(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Der Hund läuft. Die Katze schläft.\n", encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    rows = [{"id": 1, "text": "Das Kind spielt."}, {"id": 2, "text": "Der Hund läuft."}]
    corpus.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    found = shortlist_sample.sample_sentences([str(corpus), str(tmp_path / "a.txt")], 10)
    assert found == ["Das Kind spielt.", "Der Hund läuft.", "Die Katze schläft."]
    assert shortlist_sample.sample_sentences([str(corpus), str(tmp_path)], 2) == [
        "Das Kind spielt.",
        "Der Hund läuft.",
    ]


def test_sample_reads_a_parquet_corpus_and_skips_the_rows_run_would_fail(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    corpus = tmp_path / "c.parquet"
    rows = {"id": [1, 2, 1, 3], "text": ["Das Kind spielt.", "", "Der Hund läuft.", "Er isst."]}
    pq.write_table(pa.table(rows), corpus)
    # Row 2 has no text, row 3 repeats row 1's id: `translate run` fails both, and so they are
    # not learned from.
    assert shortlist_sample.sample_sentences([str(corpus)], 10) == ["Das Kind spielt.", "Er isst."]


def test_a_corpus_line_that_is_not_json_is_skipped(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('not json\n{"id": 1, "text": "Der Hund läuft."}\n', encoding="utf-8")
    assert shortlist_sample.sample_sentences([str(corpus)], 10) == ["Der Hund läuft."]


def test_a_corpus_of_no_article_is_one_line_naming_its_first_row(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('not json\n{"id": 1}\n', encoding="utf-8")
    result = runner.invoke(app, ["shortlist", "build", str(corpus), "--model", str(TINY_MARIAN)])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"translate: error: no German sentence found in {corpus} ({corpus}:1: is not a JSON line"
    )
    assert result.stderr.count("\n") == 1


def test_too_small_a_sample_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("\n".join(SENTENCES[:40]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["shortlist", "build", str(tmp_path), "--model", str(TINY_MARIAN)])
    assert result.exit_code == 2
    assert result.stderr.startswith("translate: error: the sample has 40 sentences, too few")
    assert result.stderr.count("\n") == 1


# --- end to end through the CLI, on the tiny model ------------------------------------------


@pytest.fixture(scope="module")
def converted_once(shared_conversions: Path) -> Path:
    """The tiny model's conversion, made once for the whole test run (it is copied, never
    written to, by these tests)."""
    from translate.engines.ct2_convert import convert_model
    from translate.engines.hub import resolve_model

    return convert_model(resolve_model(str(TINY_MARIAN)), "int8", shared_conversions)


@pytest.fixture
def own_conversions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, converted_once: Path) -> Path:
    """A cache of this test's own: a shortlist written here is seen by no other test."""
    cache = tmp_path / "cache"
    shutil.copytree(converted_once, cache / "ct2" / converted_once.name)
    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(cache))
    return cache


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """The tiny model's 405 training sentences as three article files."""
    folder = tmp_path / "archive"
    folder.mkdir()
    for number in range(3):
        part = SENTENCES[number::3]
        (folder / f"article{number}.txt").write_text("\n\n".join(part) + "\n", encoding="utf-8")
    return folder


def _settings_rows(cache: Path) -> list[dict[str, object]]:
    (database,) = cache.glob("*.sqlite3")
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT description FROM settings").fetchall()
    return [json.loads(description) for (description,) in rows]


@pytest.mark.slow
def test_build_then_run_with_the_shortlist(
    own_conversions: Path, archive: Path, tmp_path: Path
) -> None:
    build = runner.invoke(
        app, ["shortlist", "build", str(archive), "--model", str(TINY_MARIAN), "-q"]
    )
    assert build.exit_code == 0, build.stderr
    lines = build.stdout.splitlines()
    assert lines[0].startswith(f"shortlist of {TINY_MARIAN} (ct2-int8): ")
    # 418 distinct sentences: every fifth (83) held out, 335 learned from.
    assert "learned from 335 sentences" in lines[0]
    assert lines[1].startswith("agreement: 100.0% identical (83 of 83 held-out sentences)")
    assert lines[2].startswith("enabled: `translate run --shortlist` uses it (")
    (folder,) = (own_conversions / "ct2").iterdir()
    assert (folder / "vmap.txt").is_file()

    article = tmp_path / "hund.txt"
    article.write_text("Der Hund läuft. Die Katze schläft.\n", encoding="utf-8")
    plain = runner.invoke(
        app, ["run", str(article), "--model", str(TINY_MARIAN), "--out", str(tmp_path / "plain")]
    )
    short = runner.invoke(
        app,
        [
            "run",
            str(article),
            "--model",
            str(TINY_MARIAN),
            "--shortlist",
            "--out",
            str(tmp_path / "short"),
        ],
    )
    assert plain.exit_code == 0 and short.exit_code == 0, short.stderr
    english = (tmp_path / "short" / "hund" / "translation.en.txt").read_text(encoding="utf-8")
    assert english == "The dog runs. The cat sleeps.\n"
    plain_run = json.loads((tmp_path / "plain" / "hund" / "run.json").read_text(encoding="utf-8"))
    short_run = json.loads((tmp_path / "short" / "hund" / "run.json").read_text(encoding="utf-8"))
    assert plain_run["engine"] == "ct2-int8"
    assert short_run["engine"].startswith("ct2-int8+shortlist:")
    assert "|engine:ct2-int8+shortlist:" in short_run["signature"]
    engines = sorted(str(row["engine"]) for row in _settings_rows(own_conversions))
    assert engines[0] == "ct2-int8" and engines[1].startswith("ct2-int8+shortlist:")
    assert len(engines) == 2  # two cache keys: the shortlisted run reused nothing


@pytest.mark.slow
@pytest.mark.parametrize(
    ("suffix", "sample", "learned"), [("jsonl", 2000, 335), ("parquet", 200, 160)]
)
def test_build_from_a_corpus_file(
    own_conversions: Path, tmp_path: Path, suffix: str, sample: int, learned: int
) -> None:
    """The rows of a corpus (articles of 6 sentences each) are the sample, read through the
    readers `translate run` uses; `--sample` stops reading once it is full."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    texts = [" ".join(SENTENCES[start : start + 6]) for start in range(0, len(SENTENCES), 6)]
    corpus = tmp_path / f"archive.{suffix}"
    if suffix == "jsonl":
        lines = [json.dumps({"id": f"a{n}", "text": text}) for n, text in enumerate(texts)]
        corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        pq.write_table(pa.table({"id": list(range(len(texts))), "text": texts}), corpus)
    command = ["shortlist", "build", str(corpus), "--model", str(TINY_MARIAN), "-q", "--force"]
    build = runner.invoke(app, [*command, "--sample", str(sample)])
    assert build.exit_code == 0, build.stderr
    lines = build.stdout.splitlines()
    assert f"learned from {learned} sentences" in lines[0]
    assert f"of {sample // 5 if suffix == 'parquet' else 83} held-out sentences" in lines[1]
    assert lines[2].startswith("enabled")
    assert len(list((own_conversions / "ct2").glob("*/vmap.txt"))) == 1


@pytest.mark.slow
def test_not_enabled_below_the_threshold_unless_forced(
    own_conversions: Path, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shortlist_build, "MIN_AGREEMENT", 1.01)  # no shortlist can reach it
    refused = runner.invoke(
        app, ["shortlist", "build", str(archive), "--model", str(TINY_MARIAN), "-q"]
    )
    assert refused.exit_code == 1
    assert refused.stderr.startswith("translate: error: under 98% of the held-out sentences")
    assert refused.stderr.count("\n") == 1
    assert not list((own_conversions / "ct2").glob("*/vmap.txt"))
    forced = runner.invoke(
        app, ["shortlist", "build", str(archive), "--model", str(TINY_MARIAN), "--force"]
    )
    assert forced.exit_code == 0, forced.stderr
    assert forced.stdout.splitlines()[2].startswith("enabled (forced: below the threshold)")


def test_run_without_a_shortlist_says_how_to_build_one(
    own_conversions: Path, tmp_path: Path
) -> None:
    article = tmp_path / "hund.txt"
    article.write_text("Der Hund läuft.\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(article), "--model", str(TINY_MARIAN), "--shortlist"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"translate: error: no shortlist has been built for model {TINY_MARIAN}; build one from "
        f"your own articles with `translate shortlist build ARTICLES... --model {TINY_MARIAN}`, "
        "or leave out --shortlist.\n"
    )
    assert not (tmp_path / "outputs").exists()


@pytest.mark.slow
def test_a_shortlist_of_another_model_is_refused(
    own_conversions: Path, archive: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other-model"
    shutil.copytree(TINY_MARIAN, other)
    config = json.loads((other / "generation_config.json").read_text(encoding="utf-8"))
    config["max_length"] = 500  # another revision of the model (content hash)
    (other / "generation_config.json").write_text(json.dumps(config), encoding="utf-8")
    assert (
        runner.invoke(
            app, ["shortlist", "build", str(archive), "--model", str(TINY_MARIAN), "-q"]
        ).exit_code
        == 0
    )
    article = tmp_path / "hund.txt"
    article.write_text("Der Hund läuft.\n", encoding="utf-8")
    # Converts the other model; then its folder gets the tiny model's shortlist, copied.
    assert (
        runner.invoke(
            app, ["run", str(article), "--model", str(other), "--out", str(tmp_path / "o")]
        ).exit_code
        == 0
    )
    with_shortlist = [
        path for path in (own_conversions / "ct2").iterdir() if (path / "vmap.txt").exists()
    ]
    without = [
        path for path in (own_conversions / "ct2").iterdir() if not (path / "vmap.txt").exists()
    ]
    assert len(with_shortlist) == 1 and len(without) == 1
    for name in ("vmap.txt", "translate-shortlist.json"):
        shutil.copy(with_shortlist[0] / name, without[0] / name)
    result = runner.invoke(
        app,
        ["run", str(article), "--model", str(other), "--shortlist", "--out", str(tmp_path / "p")],
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"translate: error: the shortlist in {without[0]} was built for another model"
    )
    assert result.stderr.count("\n") == 1


def test_the_torch_engine_has_no_shortlist(tmp_path: Path) -> None:
    article = tmp_path / "hund.txt"
    article.write_text("Der Hund läuft.\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(article), "--engine", "torch", "--shortlist"])
    assert result.exit_code == 2
    assert result.stderr == (
        "translate: error: the torch engine has no vocabulary shortlist; leave out --shortlist, "
        "or use the ct2 engine (the default).\n"
    )


@pytest.mark.slow
def test_a_shortlisted_sentence_does_not_depend_on_its_batch(own_conversions: Path) -> None:
    """CTranslate2 mixes up token positions when the candidate set changes between calls; the
    static map keeps one set, so one sentence at a time equals all of them in one batch."""
    from translate.engines.ct2_engine import Ct2Translator

    translator = Ct2Translator.load(str(TINY_MARIAN), device="cpu")
    sample = SENTENCES[:140]
    learned = shortlist_build.translate_tokens(translator, sample[:30], num_beams=4, batch_size=16)
    shortlist = learn_shortlist(learned)  # what 30 sentences used, of 612 English tokens
    assert len(shortlist.tokens) < 300
    sentences = sample[100:140]
    _, batched, _, _ = shortlist_build.compare(
        translator, shortlist, sentences, num_beams=4, batch_size=64
    )
    _, single, _, _ = shortlist_build.compare(
        translator, shortlist, sentences, num_beams=4, batch_size=1
    )
    assert batched == single
