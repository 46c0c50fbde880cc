"""`translate run --ray` on a real Ray: a two-node local cluster (one CPU each), started once.

Every Ray test runs under `deadline`, so a run that hangs (Ray Data waiting for CPUs that
never come) fails with a message instead of blocking the suite.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import ray
from conftest import REPO, SAMPLE_RUN, TINY_MARIAN, sigint_as_at_a_terminal, training_pairs
from ray.cluster_utils import Cluster
from served import serve_pages
from typer.testing import CliRunner

from translate.cli.app import app
from translate.errors import ModelUnavailableError, UsageError
from translate.options import BatchOptions, Device, Options, RayOptions
from translate.run import BatchReport, process_paths
from translate.run.journal.manifest import JOURNAL_FILE, read_journal
from translate.run.journal.observer import LogObserver
from translate.run.ray.cluster import probe_folder
from translate.run.ray.executor import RayExecutor
from translate.run.ray.records import RayJob, Work, pack, unpack
from translate.run.ray.stages import Translate
from translate.run.store.cache import CACHE_FILE

OPTIONS = Options(model=str(TINY_MARIAN), device=Device.cpu)
TINY = ["--model", str(TINY_MARIAN), "--device", "cpu"]
PAIRS = training_pairs()
runner = CliRunner()
RUN_SECONDS = 240
# run.json's fields that differ between two runs of the same article: the dates, and the
# files' hashes (the XLIFF and the TMX carry the date).
DATED = frozenset({"date", "created", "translated_at", "files"})


class Deadline(Exception):
    """A Ray test ran past its time."""


@contextlib.contextmanager
def deadline(seconds: int = RUN_SECONDS) -> Iterator[None]:
    """Fail the test (raise `Deadline` in the main thread) if the block runs past `seconds`."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise Deadline(f"a Ray run took more than {seconds} s (hung?)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory, shared_conversions: Path) -> Iterator[Any]:
    """Two Ray nodes of one CPU each on this machine, joined once for the whole session.

    The nodes' processes keep the environment they start with, so it is set here: a cache of
    their own (sharing the tiny model's conversion) and no hub.
    """
    cache = tmp_path_factory.mktemp("ray-cache")
    (cache / "ct2").symlink_to(shared_conversions, target_is_directory=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRANSLATE_CACHE_DIR", str(cache))
        patch.setenv("HF_HOME", str(tmp_path_factory.mktemp("ray-hf")))
        patch.setenv("HF_HUB_OFFLINE", "1")
        patch.setenv("RAY_BACKEND_LOG_LEVEL", "fatal")
        with deadline(120):
            nodes = Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
            nodes.add_node(num_cpus=1)
            ray.init(address=nodes.address, log_to_driver=False)
            nodes.wait_for_nodes()
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield nodes
    ray.shutdown()
    nodes.shutdown()


def write_articles(folder: Path, count: int, per_article: int = 3) -> dict[str, list[int]]:
    """`count` articles of training sentences; the pair numbers of each, by name."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for n in range(count):
        numbers = [(n * per_article + k) % len(PAIRS) for k in range(per_article)]
        text = " ".join(PAIRS[i][0] for i in numbers[:-1]) + "\n\n" + PAIRS[numbers[-1]][0]
        (folder / f"a{n:03d}.txt").write_text(text + "\n", encoding="utf-8")
        made[f"a{n:03d}"] = numbers
    return made


def on_ray(paths: list[Path] | list[str], out: Path, **settings: Any) -> BatchReport:
    observer = settings.pop("observer", None)
    batch = BatchOptions(use_cache=False, **settings)
    with deadline():
        return process_paths(
            [str(path) for path in paths],
            OPTIONS,
            out,
            batch=batch,
            ray=RayOptions(),
            observer=observer,
        )


def local_and_on_ray(tmp_path: Path, options: Options) -> tuple[BatchReport, BatchReport]:
    """The articles in `tmp_path/in` run locally (into `local`, no cache) and on Ray (into
    `ray`); the actors keep their own translation cache (`ray-cache`: one SQLite file, one
    connection a thread)."""
    local = process_paths(
        [tmp_path / "in"], options, tmp_path / "local", batch=BatchOptions(use_cache=False)
    )
    with deadline():
        on_ray = process_paths(
            [tmp_path / "in"],
            options,
            tmp_path / "ray",
            batch=BatchOptions(cache_dir=tmp_path / "ray-cache"),
            ray=RayOptions(),
        )
    return local, on_ray


def journal_articles(out: Path) -> list[dict[str, Any]]:
    return [
        record for record in read_journal(out / JOURNAL_FILE) if record.get("event") == "article"
    ]


def translate_actors(state: str | None = None) -> dict[str, dict[str, Any]]:
    from ray._private.state import actors

    return {
        actor_id: actor
        for actor_id, actor in actors().items()
        if "Translate" in actor["ActorClassName"] and (state is None or actor["State"] == state)
    }


def test_the_same_translations_as_a_local_run(cluster: Any, tmp_path: Path) -> None:
    made = write_articles(tmp_path / "in", 12)
    local, report = local_and_on_ray(tmp_path, OPTIONS)
    ray_cache = tmp_path / "ray-cache"
    assert (
        report.counts
        == local.counts
        == {"pending": 0, "done": 12, "skipped-unchanged": 0, "failed": 0}
    )
    with sqlite3.connect(ray_cache / CACHE_FILE) as cached:
        assert cached.execute("SELECT COUNT(*) FROM translations").fetchone() == (36,)
    for name, numbers in made.items():
        english = (tmp_path / "ray" / name / "translation.en.txt").read_text(encoding="utf-8")
        assert english == (tmp_path / "local" / name / "translation.en.txt").read_text(
            encoding="utf-8"
        )
        # The tiny model reproduces its training pairs exactly.
        assert (
            english
            == " ".join(PAIRS[i][1] for i in numbers[:-1]) + "\n\n" + PAIRS[numbers[-1]][1] + "\n"
        )
        ours, theirs = (
            json.loads((tmp_path / side / name / "run.json").read_text())
            for side in ("ray", "local")
        )
        assert {k: v for k, v in ours.items() if k not in DATED} == {
            k: v for k, v in theirs.items() if k not in DATED
        }
    ours, theirs = (
        json.loads((tmp_path / side / "manifest.json").read_text()) for side in ("ray", "local")
    )
    assert ours["signature"] == theirs["signature"] and ours["state"] == "complete"
    assert [(a["position"], a["name"], a["status"], a["outputs"]) for a in ours["articles"]] == [
        (a["position"], a["name"], a["status"], a["outputs"]) for a in theirs["articles"]
    ]
    assert (tmp_path / "ray" / "index.html").is_file()


def test_word_links_and_a_model_summary_as_in_a_local_run(cluster: Any, tmp_path: Path) -> None:
    """--align-words (links computed in the actors) and --summary-model (the actors load the
    summary model too, and write)."""
    write_articles(tmp_path / "in", 3)
    options = Options(
        model=str(TINY_MARIAN),
        device=Device.cpu,
        align_words=True,
        summary_model=str(REPO / "tests" / "fixtures" / "tiny-summariser-t5"),
    )
    batch = BatchOptions(use_cache=False)
    local = process_paths([tmp_path / "in"], options, tmp_path / "local", batch=batch)
    with deadline():
        report = process_paths(
            [tmp_path / "in"], options, tmp_path / "ray", batch=batch, ray=RayOptions()
        )
    assert report.counts == local.counts and report.counts["done"] == 3

    def pairs(side: str, name: str) -> list[dict[str, Any]]:
        """aligned.jsonl's records without the confidences (their last digits may differ)."""
        lines = (tmp_path / side / name / "aligned.jsonl").read_text(encoding="utf-8").splitlines()
        return [{k: v for k, v in json.loads(line).items() if k != "confidence"} for line in lines]

    for name in ("a000", "a001", "a002"):
        assert pairs("ray", name) == pairs("local", name)
        summary = [(tmp_path / side / name / "summary.md").read_text() for side in ("ray", "local")]
        assert summary[0] == summary[1]
    links = json.loads((tmp_path / "ray" / "a000" / "aligned.jsonl").read_text().splitlines()[0])
    assert links["alignment"]


def test_a_killed_actor_is_restarted_and_every_article_is_done_once(
    cluster: Any, tmp_path: Path
) -> None:
    write_articles(tmp_path / "in", 150)
    out = tmp_path / "out"
    before = set(translate_actors())
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["report"] = process_paths(
                [str(tmp_path / "in")],
                OPTIONS,
                out,
                batch=BatchOptions(window=16, use_cache=False),
                ray=RayOptions(),
            )
        except BaseException as error:  # the main thread reports it
            outcome["error"] = error

    worker = threading.Thread(target=run)
    with deadline():
        worker.start()
        while not (alive := set(translate_actors("ALIVE")) - before) and worker.is_alive():
            time.sleep(0.02)
        assert alive, "the run ended before an actor came up"
        victim = sorted(alive)[0]
        handle = ray._private.worker.global_worker.core_worker.get_actor_handle(
            ray.ActorID.from_hex(victim)
        )
        ray.kill(handle, no_restart=False)
        worker.join()
    assert "error" not in outcome, outcome.get("error")
    assert translate_actors()[victim]["NumRestarts"] >= 1
    records = journal_articles(out)
    assert Counter(record["position"] for record in records) == Counter(range(1, 151))
    assert {record["status"] for record in records} == {"done"}
    assert json.loads((out / "manifest.json").read_text())["state"] == "complete"
    assert sorted(path.name for path in out.iterdir() if path.name.startswith(".a")) == []


def test_a_bad_article_is_a_failed_row_and_the_others_are_written(
    cluster: Any, tmp_path: Path
) -> None:
    write_articles(tmp_path / "in", 3)
    (tmp_path / "in" / "kaputt.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")  # an image
    out = tmp_path / "out"
    with deadline():
        result = runner.invoke(
            app, ["run", str(tmp_path / "in"), "-o", str(out), "--ray", "-q", "--no-cache", *TINY]
        )
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(
        f"translate: error: {tmp_path / 'in' / 'kaputt.txt'}: looks like a binary file"
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert [(a["name"], a["status"]) for a in manifest["articles"]] == [
        ("a000", "done"),
        ("a001", "done"),
        ("a002", "done"),
        ("kaputt", "failed"),
    ]
    assert "looks like a binary file" in manifest["articles"][3]["reason"]
    assert not (out / "kaputt").exists() and (out / "a002" / "run.json").is_file()


def test_resume_leaves_what_is_done_out_of_the_dataset(
    cluster: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_articles(tmp_path / "in", 5)
    out = tmp_path / "out"
    on_ray([tmp_path / "in"], out)
    sent: list[list[str]] = []
    original = RayExecutor.dataset

    def spy(self: RayExecutor, requests: Any, job: Any) -> Any:
        sent.append([request.name for request in requests])
        return original(self, requests, job)

    monkeypatch.setattr(RayExecutor, "dataset", spy)
    (tmp_path / "in" / "a003.txt").write_text(PAIRS[40][0] + "\n", encoding="utf-8")
    report = on_ray([tmp_path / "in"], out)
    assert sent == [["a003"]]
    assert (report.counts["done"], report.counts["skipped-unchanged"]) == (1, 4)
    assert (out / "a003" / "translation.en.txt").read_text(encoding="utf-8") == PAIRS[40][1] + "\n"
    sent.clear()
    report = on_ray([tmp_path / "in"], out)
    assert sent == [] and report.counts["skipped-unchanged"] == 5


def test_a_resumed_ray_run_of_url_articles_skips_those_up_to_date(
    cluster: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = {f"/artikel-{n}": (PAIRS[n][0] + "\n").encode() for n in range(4)}
    out = tmp_path / "out"
    sent: list[list[str]] = []
    original = RayExecutor.dataset

    def spy(self: RayExecutor, requests: Any, job: Any) -> Any:
        sent.append([request.name for request in requests])
        return original(self, requests, job)

    monkeypatch.setattr(RayExecutor, "dataset", spy)
    with serve_pages(pages) as (base, _):
        urls = [f"{base}/artikel-{n}" for n in range(4)]
        first = on_ray(urls, out)
        assert first.counts["done"] == 4
        pages["/artikel-2"] = (PAIRS[7][0] + "\n").encode()  # one page changed on the server
        again = on_ray(urls, out)
    assert len(sent) == 2 and len(sent[1]) == 1 and sent[1][0].endswith("artikel-2")
    assert (again.counts["done"], again.counts["skipped-unchanged"]) == (1, 3)
    record = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [article["status"] for article in record["articles"]] == [
        "skipped-unchanged",
        "skipped-unchanged",
        "done",
        "skipped-unchanged",
    ]


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_a_corpus_on_ray_round_trips_ids_and_text(cluster: Any, tmp_path: Path, fmt: str) -> None:
    rows = [
        {"id": f"r{n}", "text": PAIRS[2 * n][0] + "\n\n" + PAIRS[2 * n + 1][0]} for n in range(30)
    ]
    rows.insert(5, {"id": "r1", "text": PAIRS[0][0]})  # a repeated id: a failed row
    corpus = tmp_path / f"c.{fmt}"
    if fmt == "jsonl":
        corpus.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    else:
        pq.write_table(pa.Table.from_pylist(rows), corpus, row_group_size=8)
    report = on_ray([corpus], tmp_path / "ray")
    assert (report.counts["done"], report.counts["failed"]) == (30, 1)
    local = process_paths(
        [corpus], OPTIONS, tmp_path / "local", batch=BatchOptions(use_cache=False)
    )
    assert local.counts == report.counts

    def read(side: str, kind: str) -> list[dict[str, Any]]:
        path = tmp_path / side / f"{kind}.{fmt}"
        if fmt == "parquet":
            return pq.read_table(path).to_pylist()  # type: ignore[no-any-return]
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]

    pairs = read("ray", "pairs")
    assert sorted((p["id"], p["paragraph"], p["de"], p["en"]) for p in pairs) == sorted(
        (row["id"], k + 1, PAIRS[2 * n + k][0], PAIRS[2 * n + k][1])
        for n, row in enumerate(rows[:5] + rows[6:])
        for k in range(2)
    )

    def key(pair: dict[str, Any]) -> tuple[Any, ...]:
        return (pair["id"], pair["paragraph"], pair["sentence"])

    assert sorted((key(p), p["en"], p["flags"]) for p in pairs) == sorted(
        (key(p), p["en"], p["flags"]) for p in read("local", "pairs")
    )
    assert sorted(s["id"] for s in read("ray", "summaries")) == sorted(f"r{n}" for n in range(30))
    again = on_ray([corpus], tmp_path / "ray")
    assert (again.counts["skipped-unchanged"], again.counts["done"]) == (30, 0)


def test_the_two_nodes_each_run_an_actor(cluster: Any, tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 8)
    before = set(translate_actors())
    report = on_ray([tmp_path / "in"], tmp_path / "out")
    assert report.counts["done"] == 8
    assert len([node for node in ray.nodes() if node["Alive"]]) == 2
    mine = [actor for actor_id, actor in translate_actors().items() if actor_id not in before]
    # Each node has one CPU and an actor takes 0.75 of one: one actor per node.
    assert len({actor["Address"]["NodeID"] for actor in mine}) == 2


def test_the_driver_s_shortlist_reaches_nodes_without_one(
    cluster: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_conversions: Path
) -> None:
    """`--shortlist` on Ray as in a local run (the same English, signature and run.json, the
    shortlist's identity in the cache key), where only the driver built the shortlist: the
    nodes' conversion (the shared one) has none, and gets the one the job carries."""
    from translate.engines.ct2_convert import SHORTLIST_MARKER, VMAP_FILE, convert_model
    from translate.engines.hub import resolve_model

    nodes = convert_model(resolve_model(str(TINY_MARIAN)), "int8", shared_conversions)
    assert not (nodes / SHORTLIST_MARKER).exists()
    driver = tmp_path / "driver-cache"
    shutil.copytree(nodes, driver / "ct2" / nodes.name)
    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(driver))
    archive = tmp_path / "archive"
    archive.mkdir()
    for number in range(3):
        part = [german for german, _ in PAIRS[number::3]]
        (archive / f"article{number}.txt").write_text("\n\n".join(part) + "\n", "utf-8")
    build = runner.invoke(app, ["shortlist", "build", str(archive), *TINY, "-q"])
    assert build.exit_code == 0, build.stderr
    made = write_articles(tmp_path / "in", 6)
    options = replace(OPTIONS, shortlist=True)
    try:
        local, report = local_and_on_ray(tmp_path, options)
        assert (nodes / VMAP_FILE).read_bytes() == (
            driver / "ct2" / nodes.name / VMAP_FILE
        ).read_bytes()
    finally:  # the shared conversion goes back to having no shortlist, for the other tests
        (nodes / SHORTLIST_MARKER).unlink(missing_ok=True)
        (nodes / VMAP_FILE).unlink(missing_ok=True)
    assert report.counts == local.counts
    assert report.counts["done"] == 6
    for name in made:
        ours, theirs = (
            json.loads((tmp_path / side / name / "run.json").read_text())
            for side in ("ray", "local")
        )
        assert ours["engine"].startswith("ct2-int8+shortlist:")
        assert {k: v for k, v in ours.items() if k not in DATED} == {
            k: v for k, v in theirs.items() if k not in DATED
        }
        assert (tmp_path / "ray" / name / "translation.en.txt").read_text("utf-8") == (
            tmp_path / "local" / name / "translation.en.txt"
        ).read_text("utf-8")
    with sqlite3.connect(tmp_path / "ray-cache" / CACHE_FILE) as cached:
        engines = [
            json.loads(description)["engine"]
            for (description,) in cached.execute("SELECT description FROM settings")
        ]
    assert engines == [ours["engine"]]


class Interrupt(LogObserver):
    """Ctrl-C after the first article is recorded."""

    def finish_article(self, entry: Any) -> None:
        raise KeyboardInterrupt


def test_ctrl_c_stops_the_job_and_leaves_the_manifest_interrupted(
    cluster: Any, tmp_path: Path
) -> None:
    write_articles(tmp_path / "in", 40)
    out = tmp_path / "out"
    before = set(translate_actors())
    with pytest.raises(KeyboardInterrupt):
        on_ray([tmp_path / "in"], out, window=16, observer=Interrupt(out))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["state"] == "interrupted"
    assert manifest["totals"]["pending"] >= 1
    with deadline(60):
        while set(translate_actors("ALIVE")) - before:
            time.sleep(0.1)  # the job's actors go away


def test_the_write_check_names_what_is_wrong(tmp_path: Path) -> None:
    assert probe_folder(str(tmp_path), ".probe", "feedc0de") == (
        "does not see the driver's output folder there (it is not shared with this node)"
    )
    (tmp_path / ".probe").write_text("feedc0de", encoding="ascii")
    assert probe_folder(str(tmp_path), ".probe", "feedc0de") is None
    assert [path.name for path in tmp_path.iterdir()] == [".probe"]


def test_a_node_without_the_model_stops_the_run_with_its_error(tmp_path: Path) -> None:
    job = RayJob(
        options=Options(model=str(tmp_path / "no-model"), device=Device.cpu),
        batch=BatchOptions(use_cache=False),
        out_dir=str(tmp_path),
        token="0123456789abcdef",
        signature=SAMPLE_RUN,
        files=frozenset(),
    )
    actor = Translate(job)
    [work] = unpack(actor(pack([Work(1, "a.txt", "a")])), Work)
    assert isinstance(work.fatal, ModelUnavailableError)
    assert str(tmp_path / "no-model") in str(work.fatal)


def test_more_actors_than_the_cluster_holds_is_refused(cluster: Any, tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 1)
    with deadline(), pytest.raises(UsageError) as refused:
        process_paths([tmp_path / "in"], OPTIONS, tmp_path / "out", ray=RayOptions(actors=3))
    assert str(refused.value) == (
        "the Ray cluster has 2 CPUs: 3 actors of 0.75 CPU each leave none for reading the "
        "articles; give --ray-actors 2 or fewer, or add nodes."
    )
    assert not (tmp_path / "out").exists()


def test_ray_not_installed_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_articles(tmp_path / "in", 1)
    monkeypatch.setitem(sys.modules, "ray", None)
    result = runner.invoke(
        app, ["run", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--ray", *TINY]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "translate: error: --ray needs Ray Data, which is not installed here"
    )
    assert result.stderr.endswith("; install the extra: pip install 'translate-de-en[ray]'.\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("argv", [["--help"], ["run", "--help"]])
def test_help_imports_no_ray(argv: list[str]) -> None:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "translate", *argv],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    imported = {line.split("|")[-1].strip().split(".")[0] for line in completed.stderr.splitlines()}
    assert "typer" in imported and not imported & {"ray", "pyarrow", "pandas"}


@pytest.mark.slow
def test_sigint_stops_a_run_on_a_ray_it_started(tmp_path: Path) -> None:
    """The command line on its own Ray (none is running in that process): Ctrl-C ends it."""
    articles = 300
    write_articles(tmp_path / "in", articles)
    out = tmp_path / "out"
    environment = {**os.environ, "TRANSLATE_CACHE_DIR": str(tmp_path / "cache"), "RAY_ADDRESS": ""}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "translate",
            "run",
            str(tmp_path / "in"),
            "-o",
            str(out),
            "--ray",
            "--window",
            "16",
            "-q",
            *TINY,
        ],
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        preexec_fn=sigint_as_at_a_terminal,
    )
    with deadline():
        while not (out / JOURNAL_FILE).exists() or not journal_articles(out):
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate()
    assert process.returncode == 130, stderr
    assert stderr.splitlines()[-1] == (
        "translate: interrupted; run the same command again to resume: finished articles are kept"
    )
    assert json.loads((out / "manifest.json").read_text())["state"] == "interrupted"
    assert len(journal_articles(out)) < articles


def test_only_ray_s_log_level_line_is_kept_off_stderr(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from translate.cli.logs import without_log_level_line

    monkeypatch.setenv("RAY_BACKEND_LOG_LEVEL", "fatal")
    with without_log_level_line():
        os.write(2, b"[I logging.cc:303] Set ray log level from environment variable X to 3\n")
        os.write(2, b"something else Ray said\n")
    assert capfd.readouterr().err == "something else Ray said\n"


def test_a_ray_run_records_what_its_articles_disagree_on(cluster: Any, tmp_path: Path) -> None:
    """The batch's consistency is the driver's: the same findings as a local run, from the
    pairs the write tasks hand back (a person's English from the memory respells a name)."""
    human = tmp_path / "human.tsv"
    human.write_text(
        "de\ten\n"
        "Die Firma Trumpf aus Ditzingen baut Laser.\t"
        "The firm Trumpf from Ditzingen builds lasers.\n"
        "In Ditzingen arbeiten viele Menschen.\tMany people work in Dietzingen.\n",
        encoding="utf-8",
    )
    memory = tmp_path / "memory.sqlite3"
    imported = runner.invoke(app, ["memory", "import", str(human), "--memory", str(memory)])
    assert imported.exit_code == 0, imported.stderr
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Die Firma Trumpf aus Ditzingen baut Laser. Der Hund schläft.\n", encoding="utf-8"
    )
    (folder / "b.txt").write_text("In Ditzingen arbeiten viele Menschen.\n", encoding="utf-8")
    settings = replace(OPTIONS, memory=memory)
    with deadline():
        process_paths(
            [str(folder)],
            settings,
            tmp_path / "out",
            batch=BatchOptions(use_cache=False, window=1),  # one article at a time: in order
            ray=RayOptions(),
        )
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    found = [
        (article["name"], item["flag"])
        for article in manifest["articles"]
        for item in article.get("consistency", [])
    ]
    assert [flag for _, flag in found] == ["inconsistent-name"], manifest
    assert manifest["totals"]["consistency"] == 1


def test_a_corpus_rerun_on_ray_redoes_only_the_rows_the_memory_changed(
    cluster: Any, tmp_path: Path
) -> None:
    """The driver's scan asks the memory about each row it would otherwise skip (a Parquet
    corpus, whose rows it reads whole only when resuming), as a local run does."""
    memory = ["--memory", str(tmp_path / "memory.sqlite3")]

    def remember(name: str, german: str, english: str) -> None:
        (tmp_path / name).write_text(f"{german}\t{english}\n", encoding="utf-8")
        imported = runner.invoke(app, ["memory", "import", str(tmp_path / name), *memory])
        assert imported.exit_code == 0, imported.stderr

    remember("human.tsv", PAIRS[0][0], "A person's English.")
    rows = [{"id": f"r{n}", "text": PAIRS[2 * n][0] + " " + PAIRS[2 * n + 1][0]} for n in range(3)]
    corpus = tmp_path / "c.parquet"
    pq.write_table(pa.Table.from_pylist(rows), corpus, row_group_size=2)
    out = tmp_path / "out"

    def run(*extra: str) -> dict[str, str]:
        with deadline():
            result = runner.invoke(
                app,
                ["run", str(corpus), "-o", str(out), "--ray", "-q", "--no-cache", *TINY, *extra],
            )
        assert result.exit_code == 0, result.stderr
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        return {article["name"]: article["status"] for article in manifest["articles"]}

    assert set(run(*memory).values()) == {"done"}
    remember("more.tsv", PAIRS[3][0], "More of a person's English.")  # a sentence of r1
    assert run(*memory) == {"r0": "skipped-unchanged", "r1": "done", "r2": "skipped-unchanged"}
    pairs = {pair["de"]: pair for pair in pq.read_table(out / "pairs.parquet").to_pylist()}
    assert (pairs[PAIRS[3][0]]["en"], pairs[PAIRS[3][0]]["origin"]) == (
        "More of a person's English.",
        "memory",
    )
    assert run("--no-memory") == {"r0": "done", "r1": "done", "r2": "skipped-unchanged"}
