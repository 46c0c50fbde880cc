"""The batch record: a journal that costs one line per article, and a snapshot always whole."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import weakref
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    DOG_SENTENCE,
    REPO,
    TINY_MARIAN,
    TINY_OPTION,
    training_pairs,
)

from translate.document import Article
from translate.engines.torch_engine import MarianTranslator
from translate.options import BatchOptions, Device, Engine, Options
from translate.read import read_article
from translate.run import ArticleEntry, Status, process_paths
from translate.run.journal.manifest import (
    JOURNAL_FILE,
    MANIFEST_FILE,
    Manifest,
    ManifestState,
    in_input_order,
    read_journal,
)
from translate.run.journal.observer import LogObserver
from translate.run.store.resume import remove_leftovers

GERMAN = [de for de, _ in training_pairs()]


def test_a_torn_last_line_is_skipped(tmp_path: Path) -> None:
    journal = tmp_path / JOURNAL_FILE
    journal.write_text(
        '{"event": "run", "articles": 2}\n'
        '{"event": "article", "name": "a", "status": "done"}\n'
        '{"event": "article", "name": "b", "sta',  # the crash came mid-line
        encoding="utf-8",
    )
    assert [record.get("name") for record in read_journal(journal)] == [None, "a"]
    assert list(read_journal(tmp_path / "missing.jsonl")) == []


def test_entries_come_out_in_input_order() -> None:
    recorded = [{"position": p} for p in (2, 1, 3, 6, 4)]  # a window finishes in any order
    pending = [{"position": 5}, {"position": 7}]
    merged = in_input_order(iter(recorded), iter(pending))
    assert [entry["position"] for entry in merged] == [1, 2, 3, 4, 5, 6, 7]


def test_the_snapshot_counts_pending_articles(tmp_path: Path) -> None:
    waiting = [ArticleEntry("in/c.txt", "c", position=3)]
    clock = iter(float(t) for t in range(100))
    manifest = Manifest(
        tmp_path,
        signature="sig",
        run={},
        expected=3,
        pending=lambda: iter(waiting),
        clock=lambda: next(clock),
    )
    manifest.start()
    manifest.record(ArticleEntry("in/b.txt", "b", Status.SKIPPED, position=2))
    manifest.record(ArticleEntry("in/a.txt", "a", Status.DONE, sentences=4, position=1))
    manifest.snapshot()
    record = json.loads((tmp_path / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert [(a["name"], a["status"]) for a in record["articles"]] == [
        ("a", "done"),
        ("b", "skipped-unchanged"),
        ("c", "pending"),
    ]
    totals = record["totals"]
    assert (totals["done"], totals["skipped-unchanged"], totals["pending"]) == (1, 1, 1)
    assert totals["sentences"] == 4
    waiting.clear()
    manifest.finish(ManifestState.COMPLETE)
    final = json.loads((tmp_path / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert final["state"] == "complete"
    assert [a["name"] for a in final["articles"]] == ["a", "b"]
    lines = (tmp_path / JOURNAL_FILE).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["event"] for line in lines] == ["run", "article", "article", "end"]


def test_a_reader_always_finds_whole_records(tmp_path: Path) -> None:
    """Poll the manifest and the journal while a real batch writes them."""
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    for index in range(300):
        (source / f"a{index:03}.txt").write_text(GERMAN[index % 40], encoding="utf-8")
    command = [sys.executable, "-m", "translate", "run", str(source), "-o", str(out)]
    errors = tmp_path / "stderr.txt"
    with errors.open("wb") as stderr:
        batch = subprocess.Popen(
            [*command, "--model", str(TINY_MARIAN), "--window", "4", "--no-cache"],
            cwd=REPO,
            stderr=stderr,
        )
    try:
        ended = time.monotonic() + 240
        while batch.poll() is None:  # read while it writes; a child that dies ends the loop
            assert time.monotonic() < ended, "the batch ran past 240 s"
            check_whole_records(out)
            time.sleep(0.01)
    finally:
        if batch.poll() is None:
            batch.kill()
            batch.wait()
    assert batch.returncode == 0, errors.read_text(encoding="utf-8", errors="replace")
    check_whole_records(out)
    final = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert final["state"] == "complete"
    assert [entry["position"] for entry in final["articles"]] == list(range(1, 301))


def check_whole_records(out: Path) -> None:
    """The manifest, if there is one yet, is whole and names every article; every line of the
    journal but the last (which may be in the middle of being written) is a whole record."""
    if not (out / MANIFEST_FILE).exists():
        return
    snapshot = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert snapshot["totals"]["articles"] == 300
    assert len(snapshot["articles"]) == 300  # done, skipped, failed and pending
    lines = (out / JOURNAL_FILE).read_text(encoding="utf-8").split("\n")
    assert all(json.loads(line) for line in lines[:-1])


class LiveArticles(LogObserver):
    """Counts the Article objects alive (read and not yet let go) whenever one finishes."""

    def __init__(self, out: Path, alive: weakref.WeakSet[Article]) -> None:
        super().__init__(out)
        self.alive = alive
        self.most = 0

    def finish_article(self, entry: ArticleEntry) -> None:
        self.most = max(self.most, len(self.alive))


def test_memory_holds_a_window_not_the_run(
    tiny_marian: MarianTranslator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alive: weakref.WeakSet[Article] = weakref.WeakSet()

    def tracked(path: Any, **options: Any) -> Article:
        article = read_article(path, **options)
        alive.add(article)
        return article

    monkeypatch.setattr("translate.run.sources.read_article", tracked)

    def run(count: int) -> int:
        source = tmp_path / f"in{count}"
        source.mkdir()
        for index in range(count):
            (source / f"a{index:04}.txt").write_text(GERMAN[index % 40], encoding="utf-8")
        observer = LiveArticles(tmp_path / f"out{count}", alive)
        process_paths(
            [str(source)],
            Options(model=str(TINY_MARIAN), engine=Engine.torch, device=Device.cpu),
            tmp_path / f"out{count}",
            load=lambda _: tiny_marian,
            batch=BatchOptions(window=8, use_cache=False),
            observer=observer,
            keep_results=False,
        )
        return observer.most

    small, large = run(40), run(400)
    assert large <= small + 1  # ten times the articles, the same articles in memory
    assert large <= 10  # one window of at most 8, and the one read ahead


def test_stale_temporary_folders_in_sub_folders_are_removed(tmp_path: Path) -> None:
    out, token = tmp_path / "out", "0123456789abcdef"
    stale = out / "2024" / "mai" / f".bericht.{token}.tmp"
    stale.mkdir(parents=True)
    (stale / "aligned.tsv").write_text("half", encoding="utf-8")
    remove_leftovers(out, ["2024/mai/bericht", "2024/mai/anderes"], tokens={token})
    assert list((out / "2024" / "mai").iterdir()) == []


# --- SIGTERM: the manifest says the run was interrupted ----------------------------------------


def test_sigterm_marks_the_manifest_interrupted(tmp_path: Path) -> None:
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    for index in range(1500):
        (source / f"a{index:04}.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    command = [sys.executable, "-m", "translate", "run", str(source), "-o", str(out), *TINY_OPTION]
    batch = subprocess.Popen(
        [*command, "--window", "1", "--no-cache"], cwd=REPO, stderr=subprocess.PIPE, text=True
    )
    assert batch.stderr is not None
    for line in batch.stderr:
        if "written to" in line:
            break
    batch.send_signal(signal.SIGTERM)
    _, rest = batch.communicate(timeout=60)
    assert batch.returncode == 143
    assert rest.splitlines()[-1] == (
        "translate: interrupted (SIGTERM); run the same command again to resume: "
        "finished articles are kept"
    )
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["state"] == (
        "interrupted"
    )
