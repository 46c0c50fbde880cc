import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import ALL_OUTPUT_FILES, REPO, TINY_MARIAN, training_pairs
from served import serve_pages
from typer.testing import CliRunner

from translate.cli.app import app
from translate.document import Translation
from translate.engines.batching import translate_sentences
from translate.engines.torch_engine import MarianTranslator
from translate.errors import OutputError
from translate.locations import translate_cache_dir
from translate.options import BatchOptions, Device, Options
from translate.run import BatchReport, process_paths
from translate.run.journal.manifest import JOURNAL_FILE, MANIFEST_FILE, read_journal
from translate.run.store.cache import CACHE_FILE, MemoryCache
from translate.run.store.lock import HOLDER_FILE, LOCK_FILE, OutputLock
from translate.run.windows import translate_window, windows

OPTIONS = Options(model=str(TINY_MARIAN), device=Device.cpu)
TINY = ["--model", str(TINY_MARIAN)]
PAIRS = training_pairs()
ENGLISH = dict(PAIRS)
runner = CliRunner()


class ModelCalls:
    """Counts the sentences the tiny model is asked to translate (a spy, not a mock)."""

    def __init__(self, translator: MarianTranslator, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sentences = 0
        original = translator.translate_scored

        def counted(texts: Sequence[str], *, num_beams: int) -> list[tuple[str, float | None]]:
            self.sentences += len(texts)
            return original(texts, num_beams=num_beams)

        monkeypatch.setattr(translator, "translate_scored", counted)


def write_articles(folder: Path, articles: dict[str, list[str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, sentences in articles.items():
        (folder / f"{name}.txt").write_text(" ".join(sentences) + "\n", encoding="utf-8")


def run(tiny_marian: MarianTranslator, paths: list[Path], out: Path, **batch: Any) -> BatchReport:
    return process_paths(
        [str(path) for path in paths],
        OPTIONS,
        out,
        load=lambda _: tiny_marian,
        batch=BatchOptions(**batch),
    )


def manifest(out: Path) -> dict[str, Any]:
    record: dict[str, Any] = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    return record


@pytest.mark.parametrize(
    ("sizes", "window", "max_items", "expected"),
    [
        ([3, 1, 5, 2], 4, None, [[3, 1], [5], [2]]),
        ([3, 1, 5, 2], 1, None, [[3], [1], [5], [2]]),
        ([3, 1, 5, 2], 100, None, [[3, 1, 5, 2]]),
        ([0, 0, 0, 5, 0], 4, 2, [[0, 0], [0, 5], [0]]),  # skipped inputs (0) count as items
        ([], 4, None, []),
    ],
)
def test_windows(
    sizes: list[int], window: int, max_items: int | None, expected: list[list[int]]
) -> None:
    assert list(windows(iter(sizes), lambda size: size, window, max_items)) == expected


def test_a_window_is_translated_together_and_each_article_yielded_when_done(
    tiny_marian: MarianTranslator,
) -> None:
    articles = [
        ["Der Hund schläft.", "Wo ist der Bahnhof?"],
        ["Die Katze trinkt Milch."],
        ["Wo ist der Bahnhof?", "Das ist eine gute Nachricht!", "Der Hund schläft."],
    ]
    cache = MemoryCache()
    cache.put_many({"Die Katze trinkt Milch.": Translation("The cat drinks milk.")})
    progress: list[int] = []
    done = []
    for article in translate_window(
        articles, tiny_marian, cache, num_beams=4, batch_size=2, advance=progress.append
    ):
        done.append((article, len(progress)))
    # The cached article comes first, before any batch; the shortest sentence ("Der Hund
    # schläft.") is in the last batch, which completes the other two.
    assert [(article.index, calls) for article, calls in done] == [(1, 1), (0, 3), (2, 3)]
    # Sentence slots done: the cache hit, then "Das ist eine gute Nachricht!" and "Wo ist der
    # Bahnhof?" (twice), then "Der Hund schläft." (twice).
    assert progress == [1, 3, 2]
    by_index = {article.index: article for article, _ in done}
    assert [[t.text for t in by_index[i].translations] for i in range(3)] == [
        [ENGLISH[sentence] for sentence in article] for article in articles
    ]
    for i in (0, 2):
        alone = translate_sentences(articles[i], tiny_marian, num_beams=4)
        together = by_index[i].translations
        assert [(t.text, t.pieces) for t in together] == [(t.text, t.pieces) for t in alone]
        # Other batch-mates change the padding, and the scores in their last digits only.
        assert [t.confidence for t in together] == pytest.approx(
            [t.confidence for t in alone], abs=1e-6
        )
    # Three distinct sentences went to the model, each counted for the first article holding it.
    assert [(by_index[i].model_sentences, by_index[i].cache_hits) for i in range(3)] == [
        (2, 0),
        (0, 1),
        (1, 0),
    ]
    again = list(translate_window(articles, tiny_marian, cache, num_beams=4, batch_size=2))
    assert [(a.index, a.model_sentences, a.cache_hits) for a in again] == [
        (0, 0, 2),
        (1, 0, 1),
        (2, 0, 3),
    ]
    assert [a.translations for a in again] == [by_index[i].translations for i in range(3)]


def test_non_articles_and_a_bad_article_in_the_middle(
    tiny_marian: MarianTranslator, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = tmp_path / "in"
    write_articles(source, {"a": [PAIRS[0][0], PAIRS[1][0]], "c": [PAIRS[8][0]]})
    (source / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    (source / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    (source / ".DS_Store").write_bytes(b"\x00\x01")
    (source / "a.txt~").write_text("alte Fassung", encoding="utf-8")
    caplog.set_level("INFO", logger="translate")
    report = run(tiny_marian, [source], tmp_path / "out", window=1)
    assert [result.article.name for result in report.results] == ["a", "c"]
    assert len(report.failures) == 1
    assert len(report.non_articles) == 3
    assert "skipped 3 files that are not articles (.txt, .html)" in caplog.text
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        LOCK_FILE,
        "a",
        "c",
        "index.html",
        MANIFEST_FILE,
        JOURNAL_FILE,
    ]
    assert (tmp_path / "out" / "c" / "translation.en.txt").read_text(encoding="utf-8") == (
        "Where is the station?\n"
    )


def test_an_article_that_cannot_be_written_fails_alone(
    tiny_marian: MarianTranslator, tmp_path: Path
) -> None:
    source, out = tmp_path / "in", tmp_path / "out"
    write_articles(source, {"a": [PAIRS[0][0]], "b": [PAIRS[1][0]], "c": [PAIRS[2][0]]})
    out.mkdir()
    (out / "b").write_text("a file where b's folder should go", encoding="utf-8")
    report = run(tiny_marian, [source], out, window=100)  # all three in one window
    assert [entry.status for entry in report.entries] == ["done", "failed", "done"]
    assert [str(error) for error in report.failures] == [
        f"{out / 'b'}: a file is in the way of this article's output folder and is left alone; "
        "move it away or give another --out."
    ]
    assert manifest(out)["articles"][1]["reason"] == str(report.failures[0])
    assert (out / "c" / "translation.en.txt").read_text(encoding="utf-8") == f"{PAIRS[2][1]}\n"
    assert (out / "b").read_text(encoding="utf-8") == "a file where b's folder should go"


def test_manifest_contents(tiny_marian: MarianTranslator, tmp_path: Path) -> None:
    source = tmp_path / "in"
    write_articles(source, {"a": ["Der Hund schläft.", "Wo ist der Bahnhof?"], "c": ["Ja."]})
    (source / "b.txt").write_bytes(b"")
    (source / "bild.png").write_bytes(b"\x89PNG")
    report = run(tiny_marian, [source], tmp_path / "out")
    assert report.manifest == tmp_path / "out" / MANIFEST_FILE
    record = manifest(tmp_path / "out")
    files = ALL_OUTPUT_FILES
    assert [
        {key: entry[key] for key in ("source", "name", "status", "reason", "sentences", "outputs")}
        for entry in record["articles"]
    ] == [
        {
            "source": str(source / "a.txt"),
            "name": "a",
            "status": "done",
            "reason": None,
            "sentences": 2,
            "outputs": [f"a/{name}" for name in files],
        },
        {
            "source": str(source / "b.txt"),
            "name": "b",
            "status": "failed",
            "reason": f"{source / 'b.txt'}: is empty; give an article with some text.",
            "sentences": 0,
            "outputs": [],
        },
        {
            "source": str(source / "c.txt"),
            "name": "c",
            "status": "done",
            "reason": None,
            "sentences": 1,
            "outputs": [f"c/{name}" for name in files],
        },
    ]
    for entry in record["articles"]:
        assert entry["cache_hits"] == 0
        assert entry["flagged_for_review"] == 0  # training sentences translate cleanly
        assert all((tmp_path / "out" / path).is_file() for path in entry["outputs"])
    totals = record["totals"]
    done = [entry["seconds"] for entry in record["articles"] if entry["status"] == "done"]
    assert all(seconds > 0 for seconds in done)  # each article took some of the run's time
    assert sum(done) <= totals["seconds"]  # and together no more than the whole run
    assert {
        key: value
        for key, value in totals.items()
        if key not in ("seconds", "sentences_per_second")
    } == {
        "articles": 3,
        "pending": 0,
        "done": 2,
        "skipped-unchanged": 0,
        "failed": 1,
        "non_articles_skipped": 1,
        "sentences": 3,
        "cache_hits": 0,
        "model_sentences": 3,
    }
    assert record["non_articles"] == [str(source / "bild.png")]
    assert record["state"] == "complete"
    assert record["tool"] == "translate 0.1.0"
    run_json = json.loads((tmp_path / "out" / "a" / "run.json").read_text(encoding="utf-8"))
    assert record["signature"] == run_json["signature"]
    assert record["run"]["model"] == str(TINY_MARIAN)
    assert record["run"]["beams"] == 4
    assert "input_sha256" not in record["run"]


def test_rerun_skips_what_is_up_to_date_and_redoes_what_changed(
    tiny_marian: MarianTranslator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, out = tmp_path / "in", tmp_path / "out"
    write_articles(source, {"a": [PAIRS[0][0]], "b": [PAIRS[1][0]], "c": [PAIRS[2][0]]})
    first = run(tiny_marian, [source], out)
    assert len(first.results) == 3
    calls = ModelCalls(tiny_marian, monkeypatch)
    second = run(tiny_marian, [source], out)
    assert second.results == ()
    assert [entry.status for entry in second.entries] == ["skipped-unchanged"] * 3
    assert calls.sentences == 0
    assert manifest(out)["totals"]["skipped-unchanged"] == 3

    write_articles(source, {"b": [PAIRS[1][0], PAIRS[3][0]]})  # b changed
    third = run(tiny_marian, [source], out)
    assert [entry.status for entry in third.entries] == [
        "skipped-unchanged",
        "done",
        "skipped-unchanged",
    ]
    assert calls.sentences == 1  # only the new sentence: the other one is in the cache
    assert third.entries[1].cache_hits == 1
    assert (out / "b" / "translation.en.txt").read_text(encoding="utf-8") == (
        f"{PAIRS[1][1]} {PAIRS[3][1]}\n"
    )

    forced = run(tiny_marian, [source], out, force=True)
    assert [entry.status for entry in forced.entries] == ["done"] * 3
    assert calls.sentences == 1  # everything came from the cache
    assert manifest(out)["totals"]["model_sentences"] == 0
    assert manifest(out)["totals"]["cache_hits"] == 4


def test_a_resumed_run_of_url_articles_skips_those_up_to_date(
    tiny_marian: MarianTranslator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    pages = {f"/artikel-{n}": (PAIRS[n][0] + "\n").encode() for n in range(3)}
    out = tmp_path / "out"
    with serve_pages(pages) as (base, requested):
        urls = [f"{base}/artikel-{n}" for n in range(3)]
        first = process_paths(urls, OPTIONS, out, load=lambda _: tiny_marian)
        assert [entry.status for entry in first.entries] == ["done"] * 3
        calls = ModelCalls(tiny_marian, monkeypatch)
        pages["/artikel-1"] = (PAIRS[5][0] + "\n").encode()  # one page changed on the server
        again = process_paths(
            urls, OPTIONS, out, load=lambda _: tiny_marian, batch=BatchOptions(use_cache=False)
        )
    assert [entry.status for entry in again.entries] == [
        "skipped-unchanged",
        "done",
        "skipped-unchanged",
    ]
    assert calls.sentences == 1
    states = [article["status"] for article in manifest(out)["articles"]]
    assert states == ["skipped-unchanged", "done", "skipped-unchanged"]
    assert requested.count("/artikel-0") == 2  # fetched again to compare, not translated


def test_other_settings_or_a_missing_file_redo_the_article(
    tiny_marian: MarianTranslator, tmp_path: Path
) -> None:
    source, out = tmp_path / "in", tmp_path / "out"
    write_articles(source, {"a": [PAIRS[0][0]], "b": [PAIRS[1][0]]})
    run(tiny_marian, [source], out)
    (out / "b" / "summary.md").unlink()
    again = run(tiny_marian, [source], out)
    assert [entry.status for entry in again.entries] == ["skipped-unchanged", "done"]
    greedy = process_paths(
        [str(source)], Options(model=str(TINY_MARIAN), beams=1), out, load=lambda _: tiny_marian
    )
    assert [entry.status for entry in greedy.entries] == ["done", "done"]


def test_cache_hits_on_a_rerun_into_another_folder(
    tiny_marian: MarianTranslator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in"
    byline = "Die Polizei sucht nach zwei Zeugen."  # repeated in every article
    articles = {f"artikel{n}": [PAIRS[10 + n][0], byline] for n in range(5)}
    write_articles(source, articles)
    calls = ModelCalls(tiny_marian, monkeypatch)
    run(tiny_marian, [source], tmp_path / "eins", window=1)
    assert calls.sentences == 6  # five sentences and the byline, once
    totals = manifest(tmp_path / "eins")["totals"]
    assert (totals["sentences"], totals["model_sentences"], totals["cache_hits"]) == (10, 6, 4)
    assert (translate_cache_dir() / CACHE_FILE).is_file()

    run(tiny_marian, [source], tmp_path / "zwei")
    assert calls.sentences == 6  # the model was not called again
    totals = manifest(tmp_path / "zwei")["totals"]
    assert (totals["sentences"], totals["model_sentences"], totals["cache_hits"]) == (10, 0, 10)
    for name in articles:
        assert (tmp_path / "zwei" / name / "aligned.tsv").read_text(encoding="utf-8") == (
            (tmp_path / "eins" / name / "aligned.tsv").read_text(encoding="utf-8")
        )


def test_no_cache_keeps_nothing_on_disk(
    tiny_marian: MarianTranslator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_articles(tmp_path / "in", {"a": [PAIRS[0][0]], "b": [PAIRS[0][0]]})
    calls = ModelCalls(tiny_marian, monkeypatch)
    run(tiny_marian, [tmp_path / "in"], tmp_path / "out", use_cache=False)
    assert calls.sentences == 1  # still translated once within the run
    assert not (translate_cache_dir() / CACHE_FILE).exists()


def test_cli_batch_options_and_a_locked_output_folder(tmp_path: Path) -> None:
    write_articles(tmp_path / "in" / "2024", {"a": [PAIRS[0][0]]})
    write_articles(tmp_path / "in", {"b": [PAIRS[1][0]]})
    (tmp_path / "in" / "bild.png").write_bytes(b"\x89PNG")
    out = tmp_path / "out"
    with OutputLock(out):
        locked = runner.invoke(app, ["run", str(tmp_path / "in"), "-o", str(out), *TINY])
    assert locked.exit_code == 2  # nothing ran: not "some articles failed"
    errors = [line for line in locked.stderr.splitlines() if line.startswith("translate: error:")]
    assert len(errors) == 1
    assert errors[0].startswith(
        f"translate: error: {out}: another translate run (pid {os.getpid()} on "
    )
    assert sorted(p.name for p in out.iterdir()) == [LOCK_FILE]  # the other run's

    args = ["run", str(tmp_path / "in"), "-o", str(out), "--recursive", "--no-cache", *TINY]
    result = runner.invoke(app, [*args, "--window", "1"])
    assert result.exit_code == 0, result.stderr
    assert "skipped 1 files that are not articles (.txt, .html)" in result.stderr
    assert (out / "2024" / "a" / "translation.en.txt").read_text(encoding="utf-8") == (
        f"{PAIRS[0][1]}\n"
    )
    assert not (translate_cache_dir() / CACHE_FILE).exists()
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.stderr
    assert again.stderr.count("unchanged since the last run, skipped") == 2
    forced = runner.invoke(app, [*args, "--force", "--quiet"])
    assert forced.exit_code == 0
    assert forced.stderr == ""
    assert [entry["status"] for entry in manifest(out)["articles"]] == ["done", "done"]


def test_resume_after_kill_9(tmp_path: Path) -> None:
    """A real batch in a subprocess is killed with SIGKILL after its first article is written;
    the next run finishes the rest and nothing partial is ever visible."""
    source, out = tmp_path / "in", tmp_path / "out"
    sentences = [de for de, _ in PAIRS]
    articles = {f"artikel{n:03}": sentences[5 * n : 5 * n + 5] for n in range(80)}
    write_articles(source, articles)
    command = [sys.executable, "-m", "translate", "run", str(source), "-o", str(out), *TINY]
    batch = subprocess.Popen(
        [*command, "--window", "5"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while not (out.is_dir() and any(_article_folders(out))):
        assert batch.poll() is None, "the batch ended before writing its first article"
        assert time.monotonic() < deadline, "no article was written in 300 s"
        time.sleep(0.005)
    batch.send_signal(signal.SIGKILL)
    assert batch.wait() == -signal.SIGKILL  # it was killed while still running
    written = _article_folders(out)
    assert 1 <= len(written) < len(articles)
    for folder in written:  # every visible article folder is complete
        assert _complete(folder)
    assert manifest(out)["state"] == "running"
    assert (out / HOLDER_FILE).exists()  # left behind by the killed run
    journaled = [r["name"] for r in read_journal(out / JOURNAL_FILE) if r["event"] == "article"]
    # The journal never claims an article that is not on disk (one killed between its folder
    # and its record is found by the next run, below: skipped as unchanged, never lost).
    assert set(journaled) <= {folder.name for folder in written}
    connection = sqlite3.connect(translate_cache_dir() / CACHE_FILE)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()

    result = runner.invoke(app, ["run", str(source), "-o", str(out), *TINY])
    assert result.exit_code == 0, result.stderr
    assert (
        f"took over a stale lock left by a run that ended without releasing it (pid {batch.pid}"
        in (result.stderr)
    )
    assert sorted(folder.name for folder in _article_folders(out)) == sorted(articles)
    assert all(_complete(out / name) for name in articles)
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [LOCK_FILE]
    record = manifest(out)
    assert sorted(entry["name"] for entry in record["articles"]) == sorted(articles)  # once each
    statuses = {entry["name"]: entry["status"] for entry in record["articles"]}
    assert {statuses[folder.name] for folder in written} == {"skipped-unchanged"}
    assert sum(status == "done" for status in statuses.values()) == len(articles) - len(written)
    assert record["state"] == "complete"
    for name, german in articles.items():
        english = (out / name / "translation.en.txt").read_text(encoding="utf-8")
        assert english == " ".join(ENGLISH[sentence] for sentence in german) + "\n"


def _article_folders(out: Path) -> list[Path]:
    return [path for path in out.iterdir() if path.is_dir() and not path.name.startswith(".")]


def _complete(folder: Path) -> bool:
    run_json = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    english = (folder / "translation.en.txt").read_text(encoding="utf-8")
    return (
        bool(run_json["input_sha256"])
        and english.endswith("\n")
        and sorted(path.name for path in folder.iterdir()) == ALL_OUTPUT_FILES
    )


# --- an output error names the article -------------------------------------------------------


def test_an_output_error_names_the_article_not_the_folder(tmp_path: Path) -> None:
    from translate.files import write_article_folder

    with pytest.raises(OutputError) as raised:
        write_article_folder(tmp_path, "a", {"../../x": "no"}, allowed=frozenset())
    assert (
        str(raised.value)
        == f"{tmp_path / 'a'}: cannot write the results ('../../x' is no file name)."
    )
    assert list(tmp_path.iterdir()) == []
    assert not (tmp_path.parent / "x").exists()
