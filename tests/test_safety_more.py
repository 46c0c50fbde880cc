"""A run never touches a file it did not write, never hangs, and never tells a lie about it:
the cases of issue 23 (the batch's own files, inputs beyond articles, misleading messages)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
from pathlib import Path
from typing import Any

import pytest
from conftest import TINY_MARIAN
from typer.testing import CliRunner

from translate.cli.app import app
from translate.errors import InputError, TemplateError, UsageError
from translate.run.store.lock import HOLDER_FILE

runner = CliRunner()
TINY = ["--model", str(TINY_MARIAN)]
GERMAN = "Der Hund schläft.\n"
PAGE = (
    "<html><body><article><h1>Der Hund schläft.</h1><p>Wo ist der Bahnhof?</p></article>"
    "</body></html>\n"
)


def translate(*arguments: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["run", *map(str, arguments), *TINY])
    return result.exit_code, result.stderr


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("translate: error:")]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes (the lock file, which every run leaves, aside)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != ".translate.lock"
    }


# --- 1. the batch's own files replace only what carries our mark ----------------------------


def test_a_saved_page_and_a_manifest_in_the_input_folder_are_not_replaced(tmp_path: Path) -> None:
    """`translate run site --out site`: the article itself is `index.html`."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    (site / "manifest.json").write_text('{"mine":1}\n', encoding="utf-8")
    before = tree(site)
    code, stderr = translate(site, "--out", site)
    assert code == 1
    assert errors(stderr) == [
        f"translate: error: {site / 'manifest.json'}: this file was not written by translate, "
        "so the run does not replace it with its own (nor index.html); move it away or give "
        "another --out."
    ]
    assert tree(site) == before
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == []


@pytest.mark.parametrize(
    "name", ["manifest.json", "manifest.jsonl", "index.html", "MANIFEST.JSON", "Index.html"]
)
@pytest.mark.parametrize(
    "content",
    [
        b"",
        b'{"tool": "translate 0.1.0"}\n',  # like ours, but not how translate begins it
        b'<meta name="generator" content="something else">',
        b"\xff\xfe binary",
    ],
)
def test_a_batch_file_of_the_users_stops_the_run_before_anything_is_written(
    tmp_path: Path, name: str, content: bytes
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / name).write_bytes(content)
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    in_the_way = (out / name.lower()).exists()  # not on a case-sensitive disk
    code, stderr = translate(tmp_path / "a.txt", "-o", out)
    if not in_the_way:
        assert code == 0, stderr
        assert (out / name).read_bytes() == content
        return
    assert code == 1
    [line] = errors(stderr)
    assert line.startswith(f"translate: error: {out / name.lower()}: this file was not written")
    assert tree(out) == {name: content}


@pytest.mark.parametrize("kind", ["folder", "link", "dangling link"])
def test_a_folder_or_link_where_the_manifest_goes_is_left_alone(tmp_path: Path, kind: str) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere.json"
    out.mkdir()
    elsewhere.write_text("mine\n", encoding="utf-8")
    if kind == "folder":
        (out / "manifest.jsonl").mkdir()
        (out / "manifest.jsonl" / "notes.txt").write_text("mine\n", encoding="utf-8")
    else:
        target = elsewhere if kind == "link" else tmp_path / "nowhere"
        (out / "manifest.jsonl").symlink_to(target)
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    code, stderr = translate(tmp_path / "a.txt", "-o", out)
    assert code == 1
    [line] = errors(stderr)
    assert line.startswith(f"translate: error: {out / 'manifest.jsonl'}: ")
    assert elsewhere.read_text(encoding="utf-8") == "mine\n"
    assert (out / "manifest.jsonl").is_symlink() == (kind != "folder")
    assert not (out / "a").exists() and not (out / "manifest.json").exists()


def test_our_own_batch_files_are_replaced_run_after_run(tmp_path: Path) -> None:
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    (source / "a.txt").write_text(GERMAN, encoding="utf-8")
    for _ in range(2):
        code, stderr = translate(source, "-o", out, "--force")
        assert code == 0, stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["state"], manifest["totals"]["done"]) == ("complete", 1)


def test_a_users_later_index_page_is_not_touched_by_a_one_page_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "index-2.html").write_text("<p>my page two</p>\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    code, stderr = translate(tmp_path / "a.txt", "-o", out)
    assert code == 0, stderr
    assert (out / "index-2.html").read_text(encoding="utf-8") == "<p>my page two</p>\n"


@pytest.mark.parametrize("name", ["corpus.json", "manifest.json"])
def test_a_corpus_run_does_not_replace_a_users_file_of_its_names(tmp_path: Path, name: str) -> None:
    corpus, out = tmp_path / "c.jsonl", tmp_path / "out"
    corpus.write_text(json.dumps({"id": 1, "text": GERMAN}) + "\n", encoding="utf-8")
    out.mkdir()
    (out / name).write_text('{"written_by": "me"}\n', encoding="utf-8")
    code, stderr = translate(corpus, "-o", out)
    assert code == 1
    [line] = errors(stderr)
    assert line.startswith(f"translate: error: {out / name}: this file was not written")
    assert tree(out) == {name: b'{"written_by": "me"}\n'}
    assert translate(corpus, "-o", tmp_path / "fresh")[0] == 0
    assert translate(corpus, "-o", tmp_path / "fresh", "--force")[0] == 0  # ours: replaced


# --- 6. the lock's record is written into a file of its own -----------------------------------


@pytest.mark.parametrize("kind", ["symlink", "hard link", "link to a device", "dangling link"])
def test_the_lock_record_is_never_written_through_a_link(tmp_path: Path, kind: str) -> None:
    out, precious = tmp_path / "out", tmp_path / "b.txt"
    out.mkdir()
    precious.write_text("meins\n", encoding="utf-8")
    record = out / HOLDER_FILE
    if kind == "symlink":
        record.symlink_to(Path("..") / "b.txt")
    elif kind == "hard link":
        os.link(precious, record)
    elif kind == "link to a device":
        record.symlink_to("/dev/zero")
    else:
        record.symlink_to(tmp_path / "nowhere")
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    code, stderr = translate(tmp_path / "a.txt", "-o", out)
    assert code == 1
    assert errors(stderr) == [
        f"translate: error: {record}: cannot write the lock record (it is a link); make {out} "
        "writable, remove what is in the way, or give another --out."
    ]
    assert precious.read_text(encoding="utf-8") == "meins\n"
    assert not (tmp_path / "nowhere").exists()
    assert sorted(p.name for p in out.iterdir()) == [".translate.lock", HOLDER_FILE]


# --- 11. a glossary or a prompt template is read by an article's rules -------------------------


def _special(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.txt"
    if kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)  # nobody writes: reading it would wait forever
    elif kind == "folder":
        path.mkdir()
    else:
        path.write_bytes(b"Hund\tdog\n" * (10 * 1024 * 1024 // 9 + 1))  # just past 10 MiB
    return path


_WHAT = {
    "device": "is not a regular file but a device, which could block or never end; give {what} "
    "that is a plain file.",
    "fifo": "is not a regular file but a FIFO (named pipe), which could block or never end; "
    "give {what} that is a plain file.",
    "folder": "is a folder, not {what}.",
    "huge": "is larger than the 10 MiB limit for {what}.",
}


@pytest.mark.parametrize("kind", list(_WHAT))
def test_a_glossary_that_is_no_plain_file_is_one_line(tmp_path: Path, kind: str) -> None:
    special = _special(tmp_path, kind)
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    code, stderr = translate(tmp_path / "a.txt", "-o", tmp_path / "out", "--glossary", special)
    assert code == 2
    assert errors(stderr) == [
        f"translate: error: {special}: " + _WHAT[kind].format(what="a glossary")
    ]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("kind", list(_WHAT))
def test_a_prompt_template_that_is_no_plain_file_is_one_line(tmp_path: Path, kind: str) -> None:
    from translate.summary import load_template

    special = _special(tmp_path, kind)
    with pytest.raises(TemplateError) as raised:
        load_template(str(special))
    assert str(raised.value) == f"prompt template {special}: " + _WHAT[kind].format(
        what="a prompt template"
    )


@pytest.mark.parametrize(
    ("command", "what"),
    [
        (["memory", "import"], "a file of translations"),
        (["apply"], "an XLIFF file"),
        (["check"], "a bilingual file"),
    ],
)
@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_the_other_commands_read_only_plain_files_in_the_same_words(
    tmp_path: Path, command: list[str], what: str, kind: str
) -> None:
    """`memory import`, `apply` and `check` read their files as a glossary is read (one
    reader): the same one line for what is no plain file, naming what it should have been."""
    special = _special(tmp_path, kind)
    result = runner.invoke(app, [*command, str(special)])
    assert result.exit_code == 2
    assert errors(result.stderr) == [
        f"translate: error: {special}: " + _WHAT[kind].format(what=what)
    ]


# --- 12. an element crowded with attributes is refused before the parser sees it -------------


def _crowded(count: int, separator: str = " ", quote: str | None = '"') -> bytes:
    value = "" if quote is None else f"={quote}v{quote}"  # no value: `<p a0/a1/a2>`
    attributes = separator.join(f"data-x{i}{value}" for i in range(count))
    return (
        f"<html><body><article><h1>Der Hund schläft.</h1><p {attributes}>Wo ist der "
        "Bahnhof?</p></article></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("separator", "quote"),
    [(" ", '"'), ("", '"'), ("\n", ""), ("\t", "'"), (" ", "`"), ("/", None), (" ", None)],
)
def test_an_element_with_too_many_attributes_is_one_line(separator: str, quote: str | None) -> None:
    from translate.read.page import read_page

    assert read_page(_crowded(1000, separator, quote), source="ok.html").paragraphs == (
        "Der Hund schläft.",
        "Wo ist der Bahnhof?",
    )
    with pytest.raises(InputError) as raised:
        read_page(_crowded(200_000, separator, quote), source="p.html")
    assert str(raised.value) == (
        "p.html: has an HTML element with more than 1,000 attributes, past what the parser "
        "reads in reasonable time; give its text as a .txt file instead."
    )


# --- a name's characters never act on the terminal ---------------------------------------------


def test_control_characters_in_names_are_escaped_in_every_message(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "x\ntranslate: error: FAKE.txt").write_bytes(b"\x00\x01binary\x00")
    (source / "\x1b[31mrot\u2028.txt").write_text(GERMAN, encoding="utf-8")
    result = runner.invoke(app, ["run", str(source), "-o", str(tmp_path / "out"), "-v", *TINY])
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\u2028" not in result.stderr
    assert all(line.startswith("translate: ") for line in result.stderr.splitlines())
    [line] = errors(result.stderr)
    assert line.startswith(f"translate: error: {source}/x\\ntranslate: error: FAKE.txt: ")
    assert f"{source}/\\x1b[31mrot\\u2028.txt" in result.stderr  # its progress line
    code, stderr = translate(tmp_path / "\x1b[2Jweg.txt", "-o", tmp_path / "out")
    assert (code, errors(stderr)) == (
        2,
        [f"translate: error: {tmp_path}/\\x1b[2Jweg.txt: no file matches this pattern; check it."],
    )


# --- the library says what it was given, at the door ------------------------------------------


def test_dir_and_help_list_the_public_names() -> None:
    import pydoc

    import translate

    assert {"process_paths", "translate_text", "review_pair", "Options"} <= set(dir(translate))
    page = pydoc.plain(pydoc.render_doc(translate))
    assert "process_paths(" in page and "class Options" in page


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: __import__("translate").translate_text(
                GERMAN, None, __import__("translate").Options()
            ),
            "translate_text takes a translator (from `load_translator(Options())`), not NoneType.",
        ),
        (
            lambda: __import__("translate").review_pair(None, None),
            "review_pair takes the German and the English sentence as two str, not NoneType and "
            "NoneType.",
        ),
        (
            lambda: __import__("translate").review_pair("Der Hund.", b"The dog."),
            "review_pair takes the German and the English sentence as two str, not str and bytes.",
        ),
        (
            lambda: __import__("translate").pick_summary_sentences("abc. def.", 1),
            "pick_summary_sentences takes a list of sentences, not the single str 'abc. def.'; "
            "split the text into sentences first (or pass [text]).",
        ),
    ],
)
def test_a_wrong_argument_is_named_at_the_door(call: Any, message: str) -> None:
    with pytest.raises(UsageError) as raised:
        call()
    assert str(raised.value) == message


def test_translate_text_refuses_options_in_the_translators_place(tiny_marian: Any) -> None:
    from translate import Options, translate_text

    with pytest.raises(UsageError, match=r"takes a translator .* not Options"):
        translate_text(GERMAN, Options())  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="takes its options as Options, not dict"):
        translate_text(GERMAN, tiny_marian, {"beams": 2})  # type: ignore[arg-type]


def test_process_paths_takes_the_output_folder_as_a_str(
    tmp_path: Path, tiny_marian: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from translate import BatchOptions, Options, process_paths

    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = process_paths(
        ["a.txt"],
        Options(model=str(TINY_MARIAN)),
        "outdir",
        load=lambda _: tiny_marian,
        batch=BatchOptions(use_cache=False),
    )
    assert report.counts["done"] == 1
    assert (tmp_path / "outdir" / "a" / "translation.en.txt").read_text(encoding="utf-8") == (
        "The dog sleeps.\n"
    )


# --- one line, the right exit code, the true cause -------------------------------------------


def test_a_max_bytes_past_any_size_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    code, stderr = translate(
        tmp_path / "a.txt", "-o", tmp_path / "out", "--max-bytes", "99999999999999999999999"
    )
    assert (code, errors(stderr)) == (
        2,
        [
            "translate: error: max_bytes must be between 1 and 1099511627776, not "
            "99999999999999999999999."
        ],
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("make", "what"),
    [
        (lambda path: path.write_text("root:x:0:0\n", encoding="utf-8"), "a file"),
        (lambda path: path.symlink_to(path.parent / "nowhere"), "a link to nowhere"),
    ],
)
def test_a_model_path_that_is_no_folder_says_what_it_is(
    tmp_path: Path, make: Any, what: str
) -> None:
    model = tmp_path / "model"
    make(model)
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    result = runner.invoke(
        app, ["run", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--model", str(model)]
    )
    assert (result.exit_code, errors(result.stderr)) == (
        3,
        [
            f"translate: error: model folder {model} is {what}, not a folder; give --model the "
            "folder that holds the model (config.json, vocab.json, *.spm and the weights)."
        ],
    )


def test_a_busy_output_folder_is_not_some_articles_failed(tmp_path: Path) -> None:
    from translate.run.store.lock import OutputLock

    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    with OutputLock(tmp_path / "out"):
        code, stderr = translate(tmp_path / "a.txt", "-o", tmp_path / "out")
    assert code == 2
    [line] = errors(stderr)
    assert line.startswith(f"translate: error: {tmp_path / 'out'}: another translate run (pid ")


def test_an_out_that_takes_no_files_is_not_called_busy(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    code, stderr = translate(tmp_path / "a.txt", "-o", "/proc/self")
    assert code == 1
    assert errors(stderr) == [
        "translate: error: /proc/self/.translate.lock: cannot create the lock file (No such "
        "file or directory); make /proc/self writable or give another --out."
    ]


# --- 13. a Ray address where nothing answers is one line, at once ------------------------------


def test_a_ray_address_where_nothing_listens_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on: bound, then closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    for address in (f"127.0.0.1:{port}", f"ray://127.0.0.1:{port}"):
        code, stderr = translate(
            tmp_path / "a.txt", "-o", tmp_path / "out", "--ray", "--ray-address", address
        )
        assert (code, errors(stderr)) == (
            2,
            [
                f"translate: error: cannot connect to the Ray cluster at {address} (Connection "
                "refused); check --ray-address or RAY_ADDRESS, or leave both unset to start a "
                "Ray here."
            ],
        )
    assert not (tmp_path / "out").exists()


def test_a_ray_address_that_does_not_answer_in_time_is_given_up_on() -> None:
    from translate.run.ray.cluster import check_reachable

    with contextlib.ExitStack() as stack:
        server = stack.enter_context(socket.socket())
        server.bind(("127.0.0.1", 0))
        server.listen(0)  # never accepts: once its queue is full, connections stall
        address = f"127.0.0.1:{server.getsockname()[1]}"
        check_reachable(address, timeout=5)  # a listener answers, whatever it is
        for _ in range(3):
            client = stack.enter_context(socket.socket())
            client.setblocking(False)
            client.connect_ex(server.getsockname())
        with pytest.raises(UsageError) as raised:
            check_reachable(address, timeout=0.5)
    assert str(raised.value) == (
        f"cannot connect to the Ray cluster at {address} (no answer within 0.5 seconds); check "
        "--ray-address or RAY_ADDRESS, or leave both unset to start a Ray here."
    )
    check_reachable("auto")  # Ray's own to resolve


# --- a cache row another program wrote is checked before it is used ---------------------------


@pytest.mark.parametrize(
    "damage",
    [
        "target = X'00ff'",
        "pieces = 'abc'",
        "pieces = 0",
        "confidence = 'hoch'",
        "confidence = X'01'",
    ],
)
def test_a_cache_row_of_the_wrong_types_is_translated_anew(tmp_path: Path, damage: str) -> None:
    import sqlite3

    from translate.run.store.cache import CACHE_FILE

    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    assert translate(tmp_path / "a.txt", "-o", tmp_path / "one", "--engine", "torch")[0] == 0
    cache = Path(os.environ["TRANSLATE_CACHE_DIR"]) / CACHE_FILE
    with contextlib.closing(sqlite3.connect(cache)) as connection, connection:
        connection.execute("PRAGMA ignore_check_constraints = ON")
        connection.execute(f"UPDATE translations SET {damage}")
    code, stderr = translate(tmp_path / "a.txt", "-o", tmp_path / "two", "--engine", "torch")
    assert code == 0, stderr
    assert (tmp_path / "two" / "a" / "translation.en.txt").read_text(encoding="utf-8") == (
        "The dog sleeps.\n"
    )


# --- the converted model's folder replaced by what translate did not write --------------------


@pytest.mark.parametrize("kind", ["a file", "a link"])
def test_a_file_or_link_where_the_converted_model_goes_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    from translate.engines.ct2_convert import converted_folder
    from translate.engines.hub import resolve_model

    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(tmp_path / "cache"))
    folder = converted_folder(resolve_model(str(TINY_MARIAN)), "int8", tmp_path / "cache" / "ct2")
    folder.parent.mkdir(parents=True)
    if kind == "a file":
        folder.write_text("mine\n", encoding="utf-8")
    else:
        folder.symlink_to(tmp_path / "nowhere")
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    code, stderr = translate(
        tmp_path / "a.txt", "-o", tmp_path / "out", "--engine", "ct2", "--device", "cpu"
    )
    assert (code, errors(stderr)) == (
        3,
        [
            f"translate: error: {folder}: {kind} is where the converted model goes, and "
            "translate did not write it; move it away or set TRANSLATE_CACHE_DIR to another "
            "folder."
        ],
    )
    assert folder.is_symlink() == (kind == "a link")
    assert kind == "a link" or folder.read_text(encoding="utf-8") == "mine\n"


# --- Markdown shows an entity's text as written -------------------------------------------------


def test_markdown_shows_entities_as_the_text_has_them() -> None:
    from markdown_it import MarkdownIt

    from translate.render.markdown import markdown_text

    text = "AT&amp;T kauft &lt;b&gt; für 5 & 6 &#169; &copy"
    assert markdown_text(text) == r"AT\&amp;T kauft \&lt;b\&gt; für 5 \& 6 \&#169; \&copy"
    html = MarkdownIt().render(markdown_text(text))
    assert (
        html == "<p>AT&amp;amp;T kauft &amp;lt;b&amp;gt; für 5 &amp; 6 &amp;#169; &amp;copy</p>\n"
    )


# --- a full disk names the file, and the manifest says the run failed --------------------------


def test_a_full_disk_names_the_file_and_ends_the_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up after the first article: the journal is where it shows first."""
    import errno

    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    for name in ("a", "b", "c"):
        (source / f"{name}.txt").write_text(GERMAN, encoding="utf-8")
    real_fsync, journal = os.fsync, out / "manifest.jsonl"
    appended = []

    def fsync(descriptor: int) -> None:
        if Path(os.readlink(f"/proc/self/fd/{descriptor}")) == journal:
            appended.append(descriptor)
            if len(appended) > 1:  # the header and the first article went through
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    code, stderr = translate(source, "-o", out, "--window", "1")
    assert code == 1
    assert errors(stderr) == [
        f"translate: error: {journal}: cannot write (No space left on device); free some disk "
        "space or give another --out."
    ]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["state"] == "failed"


# --- Parquet ids the output cannot hold are one line -----------------------------------------


def test_parquet_ids_past_int64_fail_their_rows_alone(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    ids = pa.array([1, 2**64 - 1, 2**63], type=pa.uint64())
    pq.write_table(pa.table({"id": ids, "text": [GERMAN] * 3}), tmp_path / "c.parquet")
    code, stderr = translate(tmp_path / "c.parquet", "-o", tmp_path / "out")
    assert code == 1
    assert errors(stderr) == [
        f"translate: error: {tmp_path / 'c.parquet'}:{row}: its id {value} is past the 64-bit "
        "whole numbers an id can be; give it as a string."
        for row, value in ((2, 2**64 - 1), (3, 2**63))
    ]
    pairs = pq.read_table(tmp_path / "out" / "pairs.parquet")
    assert pairs.column("id").to_pylist() == [1]
    assert not list((tmp_path / "out").rglob("*.tmp"))


def test_parquet_files_with_ids_of_two_types_are_one_line(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": [1], "text": [GERMAN]}), tmp_path / "a.parquet")
    pq.write_table(pa.table({"id": ["x"], "text": [GERMAN]}), tmp_path / "b.parquet")
    code, stderr = translate(tmp_path / "a.parquet", tmp_path / "b.parquet", "-o", tmp_path / "o")
    assert (code, errors(stderr)) == (
        2,
        [
            f"translate: error: {tmp_path / 'a.parquet'} has whole-number ids but "
            f"{tmp_path / 'b.parquet'} has ids of another type; give files whose `id` columns "
            "have one type, or translate them into different --out folders."
        ],
    )
    assert not (tmp_path / "o").exists()


def test_a_part_the_format_refuses_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever stops a part's writing (here Arrow refusing its rows), its temporary file goes:
    a run that ends normally leaves no token by which a later run could know it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": [1, 2], "text": [GERMAN] * 2}), tmp_path / "c.parquet")

    def refuse(path: Path, *args: object) -> None:
        path.write_bytes(b"PAR1 half a file")
        raise pa.ArrowInvalid("a row Arrow cannot convert")

    monkeypatch.setattr("translate.corpus.parquet.write_parquet", refuse)
    code, stderr = translate(tmp_path / "c.parquet", "-o", tmp_path / "out")
    assert code == 4
    assert "unexpected ArrowInvalid: a row Arrow cannot convert" in stderr
    assert [p.name for p in (tmp_path / "out").rglob("*") if p.name.endswith(".tmp")] == []


# --- an --out made read-only mid-run: the cause is the last word, not the lock record ----------


def test_a_lock_record_that_cannot_be_removed_does_not_hide_the_cause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import errno

    from translate.errors import OutputError
    from translate.run.store.lock import OutputLock

    lock = OutputLock(tmp_path / "out")
    real_unlink = os.unlink

    def unlink(path: object, *args: object, **kwargs: Any) -> None:
        if Path(str(path)) == lock.holder_path:  # the folder turned read-only meanwhile
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        real_unlink(path, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.raises(OutputError) as raised, lock:
        monkeypatch.setattr(os, "unlink", unlink)
        raise OutputError("out/manifest.json: cannot write (Permission denied).")
    assert str(raised.value) == "out/manifest.json: cannot write (Permission denied)."
    assert [record.getMessage() for record in caplog.records] == [
        f"{lock.holder_path}: the lock record could not be removed (Permission denied); the "
        "next run takes it over"
    ]


def test_an_atomic_write_into_a_folder_turned_read_only_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from translate.errors import OutputError
    from translate.files import write_lines_atomic, write_text_atomic

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(os, "replace", refuse)  # the rename into place, then the clean-up
    monkeypatch.setattr(os, "unlink", refuse)
    for write in (write_text_atomic, lambda path, text: write_lines_atomic(path, [text])):
        with pytest.raises(OutputError) as raised:
            write(tmp_path / "manifest.json", "{}\n")
        assert (
            str(raised.value) == f"{tmp_path / 'manifest.json'}: cannot write (Permission denied)."
        )
