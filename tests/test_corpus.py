"""Corpus mode: JSONL and Parquet rows of `id` and `text` in, `pairs.*` and `summaries.*` out."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import TINY_MARIAN, training_pairs
from typer.testing import CliRunner

from translate.cli.app import app
from translate.corpus.input import corpus_format, parse_row
from translate.corpus.output import PARTS_FOLDER
from translate.errors import InputError, UsageError
from translate.options import BatchOptions, Device, Options
from translate.run.batch import process_paths
from translate.run.journal.manifest import JOURNAL_FILE, read_journal
from translate.run.journal.observer import LogObserver

OPTIONS = Options(model=str(TINY_MARIAN), device=Device.cpu)
TINY = ["--model", str(TINY_MARIAN), "--device", "cpu"]
PAIRS = training_pairs()
ENGLISH = dict(PAIRS)
runner = CliRunner()


def german(first: int, count: int) -> str:
    """`count` training sentences from the `first`-th on, as one paragraph."""
    return " ".join(de for de, _ in PAIRS[first : first + count])


ROWS: list[dict[str, Any]] = [
    {"id": "a-1", "text": german(0, 2) + "\n\n" + german(2, 1), "title": "Eins", "url": "u:1"},
    {"id": "a-2", "text": german(3, 3), "date": "2024-05-01"},
    {"id": "a-3", "text": german(6, 1) + "\n\n" + german(7, 2)},
]


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def paragraphs_of(pairs: list[dict[str, Any]], identifier: object) -> list[str]:
    """The German of one article back from its pairs, a paragraph per item."""
    grouped: dict[int, list[str]] = {}
    for pair in pairs:
        if pair["id"] == identifier:
            grouped.setdefault(pair["paragraph"], []).append(pair["de"])
    return [" ".join(grouped[number]) for number in sorted(grouped)]


def articles(journal: Path) -> list[dict[str, Any]]:
    return [record for record in read_journal(journal) if record.get("event") == "article"]


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (["a.jsonl"], "jsonl"),
        (["a.JSONL", "b.jsonl"], "jsonl"),
        (["a.parquet"], "parquet"),
        (["a.txt", "news/"], None),
    ],
)
def test_corpus_format(paths: list[str], expected: str | None) -> None:
    assert corpus_format(paths) == expected


@pytest.mark.parametrize("paths", [["a.jsonl", "b.txt"], ["a.jsonl", "b.parquet"]])
def test_corpus_files_go_on_their_own_and_in_one_format(paths: list[str]) -> None:
    with pytest.raises(UsageError, match="run on their own, all of one format"):
        corpus_format(paths)


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"text": "Der Hund schläft."}, "c:1: has no id;"),
        ({"id": "  ", "text": "Der Hund schläft."}, "c:1: has an empty id;"),
        ({"id": True, "text": "Der Hund schläft."}, "c:1: its id is bool True;"),
        ({"id": 1.5, "text": "Der Hund schläft."}, "c:1: its id is float 1.5;"),
        ({"id": "x"}, "c:1: has no text"),
        ({"id": "x", "text": "   \n"}, "c:1: has no text"),
        ({"id": "x", "text": ["Der Hund schläft."]}, "c:1: has no text"),
        ({"id": "x", "text": "Der Hund.", "title": 3}, "c:1: its title is int;"),
        ({"id": "x", "text": "Der Hund schläft." * 10}, "larger than the 100-byte limit"),
        (["x", "Der Hund."], "c:1: is a JSON list, not an object"),
    ],
)
def test_rows_that_are_no_article(record: object, reason: str) -> None:
    row = parse_row(record, "c:1", 1, max_bytes=100)
    assert isinstance(row.error, InputError)
    assert reason in str(row.error)
    assert row.article is None


def test_a_row_with_a_number_id_and_metadata() -> None:
    record = {"id": 7, "text": "Der Hund schläft.\n\nWo ist der Bahnhof?", "url": "u", "x": 1}
    row = parse_row(record, "c:4", 9, max_bytes=1000)
    assert (row.id, row.name, row.position, row.source) == (7, "7", 9, "c:4")
    assert row.article is not None
    assert row.article.paragraphs == ("Der Hund schläft.", "Wo ist der Bahnhof?")
    assert (row.title, row.url, row.date) == (None, "u", None)
    # The digest covers the id, the text and the metadata: another url is another row.
    other = parse_row({**record, "url": "v"}, "c:4", 9, max_bytes=1000)
    assert len(row.digest) == 64 and other.digest != row.digest


def test_a_jsonl_corpus_round_trips_ids_and_text(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "articles.jsonl", ROWS)
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(corpus), "-o", str(out), *TINY])
    assert result.exit_code == 0, result.stderr
    assert sorted(path.name for path in out.iterdir()) == [
        ".translate.lock",
        "corpus.json",
        "manifest.json",
        "manifest.jsonl",
        "pairs.jsonl",
        "summaries.jsonl",
    ]
    pairs = read_jsonl(out / "pairs.jsonl")
    assert [pair["id"] for pair in pairs] == ["a-1"] * 3 + ["a-2"] * 3 + ["a-3"] * 3
    for row in ROWS:
        assert paragraphs_of(pairs, row["id"]) == row["text"].split("\n\n")
    assert [pair["en"] for pair in pairs] == [en for _, en in PAIRS[:9]]
    assert [(pair["paragraph"], pair["sentence"]) for pair in pairs[:3]] == [(1, 1), (1, 2), (2, 1)]
    assert set(pairs[0]) == {
        *("id", "paragraph", "sentence", "de", "en", "confidence", "flags", "reasons", "origin")
    }
    summaries = read_jsonl(out / "summaries.jsonl")
    assert [(s["id"], s["title"], s["url"], s["date"]) for s in summaries] == [
        ("a-1", "Eins", "u:1", None),
        ("a-2", None, None, "2024-05-01"),
        ("a-3", None, None, None),
    ]
    assert [s["sentences"] for s in summaries] == [3, 3, 3]
    assert summaries[0]["signature"].startswith("model:tiny-marian|")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [(a["name"], a["status"], a["source"]) for a in manifest["articles"]] == [
        ("a-1", "done", f"{corpus}:1"),
        ("a-2", "done", f"{corpus}:2"),
        ("a-3", "done", f"{corpus}:3"),
    ]
    assert manifest["articles"][0]["outputs"] == ["pairs.jsonl", "summaries.jsonl"]
    assert manifest["state"] == "complete"


def test_a_parquet_corpus_keeps_number_ids(tmp_path: Path) -> None:
    corpus = tmp_path / "articles.parquet"
    rows = [
        {"id": 10 + n, "text": row["text"], "title": row.get("title")} for n, row in enumerate(ROWS)
    ]
    pq.write_table(pa.Table.from_pylist(rows), corpus, row_group_size=2)
    report = process_paths([corpus], OPTIONS, tmp_path / "out", batch=BatchOptions(window=4))
    assert report.counts["done"] == 3
    pairs = pq.read_table(tmp_path / "out" / "pairs.parquet")
    assert pairs.schema.field("id").type == pa.int64()
    assert pairs.schema.field("flags").type == pa.list_(pa.string())
    records = pairs.to_pylist()
    for row in rows:
        assert paragraphs_of(records, row["id"]) == row["text"].split("\n\n")
    summaries = pq.read_table(tmp_path / "out" / "summaries.parquet").to_pylist()
    assert [(s["id"], s["title"]) for s in summaries] == [(10, "Eins"), (11, None), (12, None)]


def test_bad_rows_fail_alone_with_a_reason_each(tmp_path: Path) -> None:
    corpus = write_jsonl(
        tmp_path / "c.jsonl",
        [
            ROWS[0],
            {"text": german(0, 1)},
            "{nicht json",
            {"id": "a-1", "text": german(1, 1)},
            "",
            {"id": "leer", "text": ""},
            ROWS[1],
        ],
    )
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(corpus), "-o", str(out), "-q", *TINY])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"translate: error: {corpus}:2: has no id; every row needs an `id` and a `text`.",
        f"translate: error: {corpus}:3: is not a JSON line (Expecting property name enclosed in "
        "double quotes: line 1 column 2 (char 1)); fix or remove it.",
        f"translate: error: {corpus}:4: repeats the id 'a-1' of {corpus}:1; ids must be unique "
        "in a run (the first row with it is kept).",
        f"translate: error: {corpus}:6: has no text (`text` is missing, empty or not a string); "
        "every row needs an `id` and a `text`.",
    ]
    statuses = [(a["source"].rsplit(":", 1)[1], a["status"]) for a in articles(out / JOURNAL_FILE)]
    assert sorted(statuses) == [
        ("1", "done"),
        ("2", "failed"),
        ("3", "failed"),
        ("4", "failed"),
        ("6", "failed"),
        ("7", "done"),
    ]
    assert [s["id"] for s in read_jsonl(out / "summaries.jsonl")] == ["a-1", "a-2"]


def test_resume_by_id_redoes_only_what_changed(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", ROWS)
    out = tmp_path / "out"
    process_paths([corpus], OPTIONS, out)
    first = read_jsonl(out / "pairs.jsonl")
    changed = [ROWS[0], {**ROWS[1], "text": german(20, 2)}, ROWS[2]]
    write_jsonl(corpus, changed)
    report = process_paths([corpus], OPTIONS, out)
    assert (report.counts["done"], report.counts["skipped-unchanged"]) == (1, 2)
    assert [entry.name for entry in report.entries if entry.status == "done"] == ["a-2"]
    pairs = read_jsonl(out / "pairs.jsonl")
    assert [pair for pair in pairs if pair["id"] != "a-2"] == [
        pair for pair in first if pair["id"] != "a-2"
    ]
    assert [pair["en"] for pair in pairs if pair["id"] == "a-2"] == [en for _, en in PAIRS[20:22]]
    assert sorted({s["id"] for s in read_jsonl(out / "summaries.jsonl")}) == ["a-1", "a-2", "a-3"]
    # A row left out of the input is left out of the corpus; --force redoes every row.
    write_jsonl(corpus, changed[:2])
    report = process_paths([corpus], OPTIONS, out, batch=BatchOptions(force=True))
    assert report.counts["done"] == 2
    assert [s["id"] for s in read_jsonl(out / "summaries.jsonl")] == ["a-1", "a-2"]


class StopAfter(LogObserver):
    """Ctrl-C after this many articles are recorded."""

    def __init__(self, out: Path, articles: int) -> None:
        super().__init__(out)
        self.left = articles

    def finish_article(self, entry: Any) -> None:
        self.left -= 1
        if self.left == 0:
            raise KeyboardInterrupt


def test_an_interrupted_run_leaves_no_corpus_file_and_its_parts_are_kept(tmp_path: Path) -> None:
    rows = [{"id": f"n{n}", "text": german(n, 2)} for n in range(12)]
    corpus = write_jsonl(tmp_path / "c.jsonl", rows)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        process_paths(
            [corpus], OPTIONS, out, batch=BatchOptions(window=4), observer=StopAfter(out, 3)
        )
    assert not (out / "pairs.jsonl").exists() and not (out / "summaries.jsonl").exists()
    parts = sorted(path.name for path in (out / PARTS_FOLDER).iterdir())
    assert parts and all(name.startswith("part-000001-") for name in parts)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["state"] == "interrupted"
    # What the parts hold counts as done: the next run does only the rest, then merges.
    report = process_paths([corpus], OPTIONS, out, batch=BatchOptions(window=4))
    assert report.counts["skipped-unchanged"] >= 1
    assert report.counts["done"] + report.counts["skipped-unchanged"] == 12
    assert [s["id"] for s in read_jsonl(out / "summaries.jsonl")] == [f"n{n}" for n in range(12)]
    assert [pair["de"] for pair in read_jsonl(out / "pairs.jsonl")] == [
        de for n in range(12) for de, _ in PAIRS[n : n + 2]
    ]
    assert not (out / PARTS_FOLDER).exists()


def test_a_corpus_file_translate_did_not_write_is_left_alone(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", ROWS[:1])
    out = tmp_path / "out"
    out.mkdir()
    (out / "pairs.jsonl").write_text("meine Daten\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(corpus), "-o", str(out), *TINY])
    assert result.exit_code == 1
    assert result.stderr == (
        f"translate: error: {out.resolve()}/pairs.jsonl: was not written by translate (or was "
        "changed since), so it is not replaced; move it away or give another --out.\n"
    )
    assert (out / "pairs.jsonl").read_text(encoding="utf-8") == "meine Daten\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file; check the path."),
        ("", "holds no rows; give a corpus with some articles."),
    ],
)
def test_a_corpus_that_cannot_be_read_stops_the_run_in_one_line(
    tmp_path: Path, content: str | None, message: str
) -> None:
    corpus = tmp_path / "c.jsonl"
    if content is not None:
        corpus.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["run", str(corpus), "-o", str(tmp_path / "out"), *TINY])
    assert result.exit_code == 2
    assert result.stderr == f"translate: error: {corpus}: {message}\n"
    assert not (tmp_path / "out").exists()


def test_parquet_without_pyarrow_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "c.parquet"
    pq.write_table(pa.Table.from_pylist(ROWS), corpus)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    result = runner.invoke(app, ["run", str(corpus), "-o", str(tmp_path / "out"), *TINY])
    assert result.exit_code == 2
    assert result.stderr == (
        "translate: error: Parquet corpus files need pyarrow, which is not installed here; "
        "install the extra: pip install 'translate-de-en[corpus]' (or use a .jsonl corpus).\n"
    )


def test_a_parquet_file_without_a_text_column(tmp_path: Path) -> None:
    corpus = tmp_path / "c.parquet"
    pq.write_table(pa.Table.from_pylist([{"id": "x", "body": "Der Hund schläft."}]), corpus)
    result = runner.invoke(app, ["run", str(corpus), "-o", str(tmp_path / "out"), *TINY])
    assert result.exit_code == 2
    assert result.stderr == (
        f"translate: error: {corpus}: has no `text` column (it has id, body); a corpus needs "
        "`id` and `text` columns.\n"
    )


def test_formats_do_not_apply_to_a_corpus(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", ROWS[:1])
    result = runner.invoke(
        app, ["run", str(corpus), "-o", str(tmp_path / "out"), "--formats", "tsv"]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "translate: error: --formats picks the files of an article's folder; a corpus run "
        "writes pairs.* and summaries.*: leave --formats out.\n"
    )


def test_pairs_rows_carry_each_flags_reason_and_the_englishs_origin(tmp_path: Path) -> None:
    numbers = "Die Regierung hat am 3. Oktober ein neues Gesetz beschlossen."
    human = tmp_path / "human.tsv"
    human.write_text(f"de\ten\n{numbers}\tThe government passed a new law on 4 October.\n", "utf-8")
    memory = ["--memory", str(tmp_path / "memory.sqlite3")]
    imported = runner.invoke(app, ["memory", "import", str(human), *memory])
    assert imported.exit_code == 0, imported.stderr
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "m", "text": f"{german(0, 1)} {numbers}"}])
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(corpus), "-o", str(out), *TINY, *memory])
    assert result.exit_code == 0, result.stderr
    model, person = read_jsonl(out / "pairs.jsonl")
    assert (model["origin"], model["flags"], model["reasons"]) == ("model", [], [])
    assert person["origin"] == "memory"
    assert person["flags"] == ["number-mismatch"]
    assert person["reasons"] == [
        "`3` is not in the English; the English says `4`, the German has no such number"
    ]
    assert "\n" not in person["reasons"][0]


# The fields a version before them did not write, by output file.
LATER_FIELDS = {"pairs": ["reasons", "origin"], "summaries": ["memory_answers"]}


def _forget_new_fields(out: Path, fmt: str) -> None:
    """Make `pairs.<fmt>` and `summaries.<fmt>` look written by a version without
    `LATER_FIELDS`, still listed as ours in corpus.json."""
    record = json.loads((out / "corpus.json").read_text(encoding="utf-8"))
    for kind, fields in LATER_FIELDS.items():
        path = out / f"{kind}.{fmt}"
        if fmt == "jsonl":
            rows = [
                {key: value for key, value in row.items() if key not in fields}
                for row in read_jsonl(path)
            ]
            write_jsonl(path, rows)
        else:
            pq.write_table(pq.read_table(path).drop_columns(fields), path)
        info = path.stat()
        record["files"][path.name] = [[info.st_size, info.st_mtime_ns]]
    (out / "corpus.json").write_text(json.dumps(record), encoding="utf-8")


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_a_resumed_corpus_keeps_older_rows_without_the_later_fields(
    tmp_path: Path, fmt: str
) -> None:
    corpus = tmp_path / f"c.{fmt}"

    def write(rows: list[dict[str, Any]]) -> None:
        if fmt == "jsonl":
            write_jsonl(corpus, rows)
        else:
            pq.write_table(pa.Table.from_pylist(rows), corpus)

    def written(kind: str) -> list[dict[str, Any]]:
        if fmt == "jsonl":
            return read_jsonl(out / f"{kind}.jsonl")
        return pq.read_table(out / f"{kind}.parquet").to_pylist()  # type: ignore[no-any-return]

    out = tmp_path / "out"
    write(ROWS[:2])
    assert process_paths([corpus], OPTIONS, out).counts["done"] == 2
    _forget_new_fields(out, fmt)
    write(ROWS)
    assert process_paths([corpus], OPTIONS, out).counts["done"] == 1
    pairs = written("pairs")
    assert [pair["id"] for pair in pairs] == ["a-1"] * 3 + ["a-2"] * 3 + ["a-3"] * 3
    assert [(pair["reasons"], pair["origin"]) for pair in pairs[:6]] == [(None, None)] * 6
    assert [pair["origin"] for pair in pairs[6:]] == ["model"] * 3
    # An older summaries row keeps its unknown memory answers (null); the new row has none ("").
    assert [row["memory_answers"] for row in written("summaries")] == [None, None, ""]
    assert process_paths([corpus], OPTIONS, out).counts["skipped-unchanged"] == 3
