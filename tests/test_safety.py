"""A run never touches a file it did not write, never hangs, and never tells a lie about it.

Each test is one case a hostile (or unlucky) user found: see the numbered list of issue 12.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ALL_OUTPUT_FILES, REPO, TINY_MARIAN
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import translate.files as files_module
from translate.cli.app import app
from translate.engines.torch_engine import MarianTranslator
from translate.errors import InputError, OutputError, TranslateError, UsageError
from translate.ownership import TEMP_MARKER
from translate.read import find_articles, read_article, safe_output_name
from translate.read.names import MAX_NAME_BYTES
from translate.run.store.cache import CACHE_FILE
from translate.run.store.lock import HOLDER_FILE
from translate.run.store.resume import remove_leftovers

runner = CliRunner()
TINY = ["--model", str(TINY_MARIAN)]
GERMAN = "Der Hund schläft.\n"


def translate(*arguments: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["run", *map(str, arguments), *TINY])
    return result.exit_code, result.stderr


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("translate: error:")]


# --- 1. names that climb out, hide or vanish -------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "name"),
    [
        # A name that had to change ends in the first 8 hex digits of its SHA-256.
        (".", "article-cdb4ee2a"),
        ("..", "article-5ec1f7e7"),
        ("...", "article-ab5df625"),
        (".versteckt", "versteckt-841b6887"),
        ("a:b", "a_b-6783a31e"),
        ("CON", "CON_-a3dbc4b6"),
        ("bericht ", "bericht-2caff1e9"),
        ("a/b", "a/b"),  # sub-folders (recursive runs) keep their layout
        ("bericht", "bericht"),
        ("Straße", "Straße"),
        ("Stras\u0302e", "Stra\u015de"),  # decomposed (as macOS writes it) becomes composed
        ("a\nb", "a_b-7e18f737"),
        # The names of the batch's own files beside the article folders, in any case.
        ("manifest.json", "manifest.json-ffa5b716"),
        ("Manifest.JSONL", "Manifest.JSONL-2c4c7ec7"),
        ("index.html", "index.html-0eb54730"),
        ("index-3.html", "index-3.html-a694ae5c"),
        ("index.html/bericht", "index.html-0eb54730/bericht"),
        ("politik/index.html", "politik/index.html"),  # deeper down, nothing is in its way
        ("index-x.html", "index-x.html"),
    ],
)
def test_output_names_are_safe(stem: str, name: str) -> None:
    assert safe_output_name(stem) == name


def test_a_dot_named_input_never_becomes_the_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "precious.txt").write_text("keep", encoding="utf-8")
    (tmp_path / "..txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "...txt").write_text(GERMAN, encoding="utf-8")
    code, stderr = translate(tmp_path / "..txt", tmp_path / "...txt", "-o", out)
    assert code == 0, stderr
    assert (out / "precious.txt").read_text(encoding="utf-8") == "keep"
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert [name.rsplit("-", 1)[0] for name in folders] == ["article", "article"]
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith((".old", ".tmp"))]


def test_an_article_named_like_a_batch_file_does_not_block_it(tmp_path: Path) -> None:
    """`manifest.json.txt` once failed against the run's own manifest, and the folder of
    `index.html.txt` kept the batch index from being written."""
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    for stem in ("manifest.json", "manifest.jsonl", "index.html", "INDEX-2.html"):
        (source / f"{stem}.txt").write_text(GERMAN, encoding="utf-8")
    code, stderr = translate(source, "-o", out)
    assert code == 0, stderr
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["totals"]["done"] == 4
    assert (out / "manifest.jsonl").is_file() and (out / "index.html").is_file()
    folders = sorted(p.name.rsplit("-", 1)[0] for p in out.iterdir() if p.is_dir())
    assert folders == ["INDEX-2.html", "index.html", "manifest.json", "manifest.jsonl"]


def test_the_batch_file_names_are_the_files_a_batch_writes() -> None:
    from translate.ownership import BATCH_FILE
    from translate.render.index import index_page_name
    from translate.run.journal.manifest import JOURNAL_FILE, MANIFEST_FILE

    for name in (MANIFEST_FILE, JOURNAL_FILE, index_page_name(1), index_page_name(12)):
        assert BATCH_FILE.fullmatch(name), name


def test_an_empty_path_is_not_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`translate run "$DIR"` with DIR unset translated the whole current folder into it."""
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, stderr = translate("", "-o", "out")
    assert (code, errors(stderr)) == (
        2,
        [
            "translate: error: an empty path names no article (an unset variable?); give a "
            "file, folder or URL, or `.` for the current folder."
        ],
    )
    for option in ("--out", "-o", "--glossary"):
        code, stderr = translate("a.txt", option, "")
        assert code == 2
        assert "an empty path (an unset variable?); give a path (see" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_a_long_file_name_is_written_and_shortened(tmp_path: Path) -> None:
    stem = "Bericht über " + "die sehr lange Sitzung " * 10  # 243 characters, 244 bytes
    (tmp_path / f"{stem}.txt").write_text(GERMAN, encoding="utf-8")
    code, stderr = translate(tmp_path / f"{stem}.txt", "-o", tmp_path / "out")
    assert code == 0, stderr
    [folder] = (tmp_path / "out").glob("Bericht*")
    assert len(folder.name.encode("utf-8")) <= MAX_NAME_BYTES
    assert (folder / "translation.en.txt").read_text(encoding="utf-8") == "The dog sleeps.\n"


def test_names_that_differ_only_in_case_are_one_folder(tmp_path: Path) -> None:
    """On a case-insensitive disk (macOS, Windows) they would overwrite each other."""
    (tmp_path / "Bericht.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "bericht.txt").write_text(GERMAN, encoding="utf-8")
    code, stderr = translate(tmp_path, "-o", tmp_path / "out")
    assert code == 1
    assert errors(stderr) == [
        f"translate: error: {tmp_path / 'bericht.txt'}: would write the same output folder "
        f"`bericht` as {tmp_path / 'Bericht.txt'}; rename one of them or translate them into "
        "different --out folders."
    ]


# --- 2. a folder translate did not write is never replaced ----------------------------------


def test_an_existing_folder_of_the_user_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "proj"
    (project / "src").mkdir(parents=True)
    (project / "src" / "main.py").write_text("print(1)\n", encoding="utf-8")
    (tmp_path / "src.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "other.txt").write_text(GERMAN, encoding="utf-8")
    monkeypatch.chdir(project)
    code, stderr = translate(tmp_path / "src.txt", tmp_path / "other.txt", "--out", ".")
    assert code == 1
    assert errors(stderr) == [
        "translate: error: src: this folder was not written by translate (it holds no "
        "run.json of ours), so it is left alone; move it away or give another --out."
    ]
    assert (project / "src" / "main.py").read_text(encoding="utf-8") == "print(1)\n"
    assert sorted(p.name for p in (project / "src").iterdir()) == ["main.py"]
    assert (project / "other" / "translation.en.txt").is_file()  # the batch went on


def test_a_folder_of_ours_with_a_users_file_in_it_is_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    out = tmp_path / "out"
    assert translate(tmp_path / "a.txt", "-o", out)[0] == 0
    (out / "a" / "notizen.txt").write_text("meine Notizen", encoding="utf-8")
    code, stderr = translate(tmp_path / "a.txt", "-o", out, "--force")
    assert code == 1
    assert errors(stderr) == [
        f"translate: error: {out / 'a'}: holds files translate did not write (notizen.txt), so "
        "it is not replaced; move them away or give another --out."
    ]
    assert (out / "a" / "notizen.txt").read_text(encoding="utf-8") == "meine Notizen"


# --- 3. nested output folders --------------------------------------------------------------


def test_an_article_folder_never_lies_inside_another(tmp_path: Path) -> None:
    """`a.txt` beside `a/b.txt`: the file's folder takes a hashed name (test_nested_inputs)."""
    news, out = tmp_path / "news", tmp_path / "out"
    (news / "a").mkdir(parents=True)
    (news / "a.txt").write_text(GERMAN, encoding="utf-8")
    (news / "a" / "b.txt").write_text(GERMAN, encoding="utf-8")
    code, stderr = translate(news, "-r", "-o", out)
    assert code == 0
    assert errors(stderr) == []
    assert sorted(p.name for p in (out / "a-18b7cb09").iterdir()) == ALL_OUTPUT_FILES
    assert sorted(p.name for p in (out / "a" / "b").iterdir()) == ALL_OUTPUT_FILES


def test_a_later_article_does_not_replace_a_folder_holding_another(tmp_path: Path) -> None:
    news, out = tmp_path / "news", tmp_path / "out"
    (news / "a").mkdir(parents=True)
    (news / "a" / "b.txt").write_text(GERMAN, encoding="utf-8")
    assert translate(news, "-r", "-o", out)[0] == 0  # writes out/a/b/
    (news / "a.txt").write_text(GERMAN, encoding="utf-8")
    (news / "a" / "b.txt").unlink()
    code, stderr = translate(news / "a.txt", "-o", out)
    assert code == 1
    assert f"{out / 'a'}: this folder was not written by translate" in errors(stderr)[0]
    assert sorted(p.name for p in (out / "a" / "b").iterdir()) == ALL_OUTPUT_FILES


# --- 4. the output folder is never read as input --------------------------------------------


def test_out_inside_the_input_folder_is_not_translated_again(tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(GERMAN, encoding="utf-8")
    for _ in range(3):
        code, stderr = translate(news, "-r", "-o", news)
        assert code == 0, stderr
    manifest = json.loads((news / "manifest.json").read_text(encoding="utf-8"))
    assert [article["name"] for article in manifest["articles"]] == ["a"]
    assert sorted(p.name for p in news.iterdir() if p.is_dir()) == ["a"]
    assert sorted(p.name for p in (news / "a").iterdir()) == ALL_OUTPUT_FILES


def test_a_file_inside_an_article_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    out = tmp_path / "out"
    assert translate(tmp_path / "a.txt", "-o", out)[0] == 0
    code, stderr = translate(out / "a" / "translation.en.txt", "-o", out)
    assert code == 2
    assert errors(stderr) == [
        f"translate: error: {out / 'a' / 'translation.en.txt'}: is inside a folder translate "
        "wrote (it holds translate's run.json), which is never read as input; give the original "
        "article instead."
    ]


# --- 5. clean-up removes only our own leftovers ---------------------------------------------


def test_clean_up_removes_only_what_is_provably_ours(tmp_path: Path) -> None:
    out = tmp_path / "out"
    stale = "0123456789abcdef"
    ours = out / f".a.{'f' * 16}.tmp"  # a folder with its matching marker
    ours.mkdir(parents=True)
    (ours / TEMP_MARKER).write_text("f" * 16, encoding="ascii")
    (ours / "aligned.tsv").write_text("half", encoding="utf-8")
    (out / f".manifest.json.{stale}.tmp").write_text("{", encoding="utf-8")  # the dead run's
    backup = out / ".art002.my_backup.old"  # the user's, looks like ours
    backup.mkdir()
    (backup / "notes.txt").write_text("mine", encoding="utf-8")
    lookalike = out / f".art002.{'a' * 16}.old"  # our name shape, no marker, unknown token
    lookalike.mkdir()
    (lookalike / "notes.txt").write_text("also mine", encoding="utf-8")
    remove_leftovers(out, ["manifest.json", "a", "art002"], tokens={stale})
    assert sorted(p.name for p in out.iterdir()) == [lookalike.name, backup.name]
    assert (backup / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (lookalike / "notes.txt").read_text(encoding="utf-8") == "also mine"


@pytest.mark.parametrize("proof", ["the dead run's token", "its marker"])
def test_clean_up_keeps_a_file_that_is_not_ours_inside_a_temporary_folder_of_ours(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, proof: str
) -> None:
    """A temporary folder a killed run left is ours by its token or marker, but a file a person
    or a watcher put in it since is not: the clean-up removes our files only, keeps the folder
    with that file, and names it."""
    out = tmp_path / "out"
    token = "0123456789abcdef"
    staging = out / f".a.{token}.tmp"
    staging.mkdir(parents=True)
    if proof == "its marker":
        (staging / TEMP_MARKER).write_text(token, encoding="ascii")
    (staging / "aligned.tsv").write_text("half", encoding="utf-8")
    (staging / "notes.txt").write_text("mine", encoding="utf-8")
    (staging / "drafts").mkdir()
    (staging / "drafts" / "d.txt").write_text("also mine", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="translate.files"):
        remove_leftovers(out, ["a"], tokens={token} if proof == "the dead run's token" else set())
    assert sorted(p.name for p in staging.iterdir()) == ["drafts", "notes.txt"]
    assert (staging / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (staging / "drafts" / "d.txt").read_text(encoding="utf-8") == "also mine"
    assert f"{staging}: kept, with drafts, notes.txt in it, which translate did not write" in (
        caplog.text
    )


def test_a_kill_between_the_two_renames_loses_neither_copy(tmp_path: Path) -> None:
    """The old folder was moved aside and the new one not yet moved in: the old comes back."""
    out = tmp_path / "out"
    token = "0123456789abcdef"
    retired = out / f".a.{token}.old"
    retired.mkdir(parents=True)
    (retired / TEMP_MARKER).write_text(token, encoding="ascii")
    (retired / "translation.en.txt").write_text("The dog sleeps.\n", encoding="utf-8")
    staging = out / f".a.{token}.tmp"
    staging.mkdir()
    (staging / TEMP_MARKER).write_text(token, encoding="ascii")
    remove_leftovers(out, ["a"], tokens={token})
    assert sorted(p.name for p in out.iterdir()) == ["a"]
    assert sorted(p.name for p in (out / "a").iterdir()) == ["translation.en.txt"]


def test_a_killed_run_leaves_its_token_for_the_next_one(tmp_path: Path) -> None:
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    for index in range(400):
        (source / f"a{index:03}.txt").write_text(GERMAN, encoding="utf-8")
    command = [sys.executable, "-m", "translate", "run", str(source), "-o", str(out), *TINY]
    batch = subprocess.Popen([*command, "--window", "1", "--no-cache"], cwd=REPO)
    deadline = time.monotonic() + 120
    while not (out / "a001").is_dir():
        assert time.monotonic() < deadline and batch.poll() is None
        time.sleep(0.05)
    batch.kill()
    batch.wait()
    token = json.loads((out / HOLDER_FILE).read_text(encoding="utf-8"))["token"]
    leftover = out / f".a399.{token}.tmp"  # as if the kill came while writing it
    leftover.mkdir()
    code, stderr = translate(source, "-o", out)
    assert code == 0, stderr
    assert not leftover.exists()
    assert not [p.name for p in out.iterdir() if p.name.endswith((".tmp", ".old"))]


# --- 6. and 8.: discovery and reading never hang -------------------------------------------


def test_a_symlink_cycle_ends(tmp_path: Path) -> None:
    news = tmp_path / "news"
    (news / "sub").mkdir(parents=True)
    (news / "a.txt").write_text(GERMAN, encoding="utf-8")
    (news / "sub" / "b.txt").write_text(GERMAN, encoding="utf-8")
    (news / "sub" / "loop").symlink_to(news, target_is_directory=True)
    found = find_articles([str(news)], recursive=True)
    assert [article.name for article in found.articles] == ["a", "sub/b"]


def test_devices_and_fifos_are_refused_or_counted(tmp_path: Path) -> None:
    (tmp_path / "z.txt").symlink_to("/dev/zero")
    with pytest.raises(InputError) as raised:
        read_article(tmp_path / "z.txt")
    assert str(raised.value) == (
        f"{tmp_path / 'z.txt'}: is not a regular file but a device, which could block or never "
        "end; save the article to a file and give that."
    )
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(InputError, match="is not a regular file but a FIFO"):
        read_article(tmp_path / "pipe.txt")  # opened without blocking: no writer needed
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    found = find_articles([str(tmp_path)])
    assert [article.name for article in found.articles] == ["a"]
    assert sorted(found.non_articles) == [
        f"{tmp_path / 'pipe.txt'} (a FIFO (named pipe))",
        f"{tmp_path / 'z.txt'} (a device)",
    ]


def test_an_article_over_the_size_limit_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "gross.txt").write_bytes(b"Der Hund schl\xc3\xa4ft. " * 1000)
    code, stderr = translate(tmp_path / "gross.txt", "-o", tmp_path / "out", "--max-bytes", "1024")
    assert code == 2
    assert errors(stderr) == [
        f"translate: error: {tmp_path / 'gross.txt'}: is larger than the 1 KiB limit for one "
        "article; split it, or raise the limit with --max-bytes N."
    ]
    assert translate(tmp_path / "gross.txt", "-o", tmp_path / "out")[0] == 0  # 19 KB: fine


# --- 9. bounds ---------------------------------------------------------------------------


def test_a_beam_beyond_what_the_engine_can_do_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    code, stderr = translate(tmp_path / "a.txt", "-o", tmp_path / "out", "--beams", "100000")
    assert code == 2
    assert stderr == (
        "translate: error: Invalid value for '--beams': Input should be less than or equal to "
        "32 (see `translate run --help`).\n"
    )
    assert not (tmp_path / "out").exists()


# --- 10. the cache ---------------------------------------------------------------------------


def _cache_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Callable[[Path], None]) -> str:
    folder = tmp_path / "cache"
    folder.mkdir()
    make(folder / CACHE_FILE)
    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(folder))
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    code, stderr = translate(tmp_path / "a.txt", "-o", tmp_path / "out", "--engine", "torch")
    assert code == 1
    assert not (tmp_path / "out" / "manifest.json").exists()
    [line] = errors(stderr)
    return line


def test_a_cache_path_that_is_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    line = _cache_in(tmp_path, monkeypatch, lambda path: path.mkdir())
    assert line == (
        f"translate: error: {tmp_path / 'cache' / CACHE_FILE}: a folder is where the translation "
        "cache file should be; move it away, set TRANSLATE_CACHE_DIR to another folder, or run "
        "with --no-cache."
    )


def test_a_cache_that_is_a_dangling_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    line = _cache_in(tmp_path, monkeypatch, lambda path: path.symlink_to(tmp_path / "weg"))
    assert "the translation cache is a link to nowhere" in line


def test_a_cache_folder_that_cannot_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "datei").write_text("a file, not a folder", encoding="utf-8")
    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(tmp_path / "datei" / "cache"))
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    code, stderr = translate(tmp_path / "a.txt", "-o", tmp_path / "out", "--engine", "torch")
    assert code == 1
    assert errors(stderr) == [
        f"translate: error: {tmp_path / 'datei' / 'cache'}: cannot create the translation cache "
        "folder (Not a directory); set TRANSLATE_CACHE_DIR to a writable folder or run with "
        "--no-cache."
    ]
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_a_damaged_cache_says_to_move_it_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def damaged(path: Path) -> None:
        path.write_bytes(b"\x00garbage" * 512)

    line = _cache_in(tmp_path, monkeypatch, damaged)
    assert line.endswith(
        "the file is damaged: move it away (a new cache is then started), or run with --no-cache."
    )


def test_a_full_disk_is_not_answered_with_delete_the_file() -> None:
    from translate.run.store.cache import _cache_error

    message = str(
        _cache_error(Path("c.sqlite3"), sqlite3.OperationalError("database or disk is full"))
    )
    assert message == (
        "c.sqlite3: the translation cache cannot be used (database or disk is full); free some "
        "disk space or set TRANSLATE_CACHE_DIR to another disk, or run with --no-cache."
    )


def test_a_read_only_cache_serves_an_all_cached_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    assert translate(tmp_path / "a.txt", "-o", tmp_path / "first")[0] == 0  # fills the cache
    cache = Path(os.environ["TRANSLATE_CACHE_DIR"]) / CACHE_FILE
    real_access = os.access
    monkeypatch.setattr(  # as root nothing is read-only: say so for the cache file only
        os, "access", lambda path, mode: False if Path(path) == cache else real_access(path, mode)
    )
    result = runner.invoke(
        app, ["run", str(tmp_path / "a.txt"), "-o", str(tmp_path / "second"), *TINY]
    )
    assert result.exit_code == 0, result.stderr
    assert "the translation cache is read-only here" in result.stderr
    assert "1 sentence translated (1 from the cache)" in result.stderr


def test_sigterm_marks_the_manifest_interrupted(tmp_path: Path) -> None:
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    for index in range(1500):
        (source / f"a{index:04}.txt").write_text(GERMAN, encoding="utf-8")
    command = [sys.executable, "-m", "translate", "run", str(source), "-o", str(out), *TINY]
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


# --- 11. damaged models ---------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["ct2", "torch"])
@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda m: (m / "model.safetensors").write_bytes(b"cut"), "cannot be"),
        (lambda m: (m / "source.spm").unlink(), "source.spm"),
        (lambda m: (m / "source.spm").write_bytes(b"not a sentencepiece model"), "source.spm"),
    ],
)
def test_a_damaged_model_is_one_line_and_exit_3(
    tmp_path: Path, engine: str, damage: Callable[[Path], None], expected: str
) -> None:
    import shutil

    model = tmp_path / "model"
    shutil.copytree(TINY_MARIAN, model)
    damage(model)
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    arguments = ["run", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o"), "--model", str(model)]
    result = runner.invoke(app, [*arguments, "--engine", engine])
    assert result.exit_code == 3, result.stderr
    [line] = errors(result.stderr)
    assert expected in line
    assert "Traceback" not in result.stderr


# --- 12. Markdown never renders what the article says -------------------------------------


def test_markdown_escapes_names_and_summaries(tmp_path: Path) -> None:
    name = "<img src=x onerror=alert(1)>"
    (tmp_path / f"{name}.txt").write_text(GERMAN, encoding="utf-8")
    model = tmp_path / "model`with`ticks"
    __import__("shutil").copytree(TINY_MARIAN, model)
    result = runner.invoke(
        app,
        ["run", str(tmp_path / f"{name}.txt"), "-o", str(tmp_path / "o"), "--model", str(model)],
    )
    assert result.exit_code == 0, result.stderr
    [folder] = [p for p in (tmp_path / "o").iterdir() if p.is_dir()]
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    assert summary.splitlines()[0] == r"# Summary: \<img src=x onerror=alert(1)\>"
    page = (folder / "side-by-side.md").read_text(encoding="utf-8")
    assert page.splitlines()[0] == r"# \<img src=x onerror=alert(1)\>"
    assert page.splitlines()[2].startswith("``model:model`with`ticks|rev:sha256:")
    assert page.splitlines()[2].endswith("``")


# --- 13. the library checks what it is given ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "translate_text takes the German text as a str, not NoneType."),
        (b"Der Hund", "translate_text takes the German text as a str, not bytes."),
        (42, "translate_text takes the German text as a str, not int."),
        (
            "Der \ud800 Hund",
            "text: the text holds a lone surrogate (U+D800 at character 4), which is no "
            "character; decode the text correctly.",
        ),
    ],
)
def test_translate_text_refuses_what_is_not_text(
    tiny_marian: MarianTranslator, text: Any, message: str
) -> None:
    from translate import translate_text

    with pytest.raises(InputError) as raised:
        translate_text(text, tiny_marian)
    assert str(raised.value) == message


def test_process_paths_refuses_a_single_string(tmp_path: Path) -> None:
    from translate import Options, process_paths

    with pytest.raises(UsageError) as raised:
        process_paths("a.txt", Options(), tmp_path)
    assert str(raised.value) == (
        "process_paths takes a list of paths, not the single str 'a.txt'; pass ['a.txt']."
    )
    assert list(tmp_path.iterdir()) == []


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


# --- the rule as a property: whatever the names, every file that is not ours survives --------

_PARTS = st.sampled_from(
    [
        ".",
        "..",
        "...",
        ".hidden",
        "CON",
        "a:b",
        "Bericht",
        "bericht",
        "ä",
        "Stras\u0302e",
        " x ",
        "x" * 240,
        "a\nb",
        "out",
        "a",
        "b",
        "2024",
        # The batch's own files: a user's file of one of these names is never replaced.
        "manifest.json",
        "MANIFEST.jsonl",
        "index.html",
        "index-2.html",
        "corpus.json",
        "pairs.jsonl",
        "summaries.jsonl",
        "pairs.parquet",
        "Pairs.XLSX",
        "pairs.xlsx",
    ]
)
_LAYOUT = st.lists(st.lists(_PARTS, min_size=1, max_size=3), min_size=1, max_size=4)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    inputs=_LAYOUT,
    existing=_LAYOUT,
    corpus=st.booleans(),
    spreadsheet=st.booleans(),
    race=st.booleans(),
)
def test_no_file_that_is_not_ours_is_touched(
    tiny_marian: MarianTranslator,
    inputs: list[list[str]],
    existing: list[list[str]],
    corpus: bool,
    spreadsheet: bool,
    race: bool,
) -> None:
    """Whatever the names of the inputs and of the user's files already in --out (among them
    the batch's own file names), in folder or corpus mode, and with a writer putting files into
    --out and its folders while the run works and a second one replaces its folders (a
    watcher, a sync client): every file of the user's is there afterwards, byte for byte, and
    the run wrote only inside --out."""
    from translate import BatchOptions, Options, process_paths
    from translate.options import ALL_FORMATS, Format

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        source, out = root / "in", root / "out"
        if corpus:
            rows = [{"id": "/".join(parts), "text": GERMAN} for parts in inputs]
            source.mkdir()
            source = source / "rows.jsonl"
            source.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
        else:
            for parts in inputs:
                _plant(source, parts, ".txt", GERMAN)
        for index, parts in enumerate(existing):  # the user's files, some where ours would go
            _plant(out, parts, "", f"user file {index}\n")
        before = _snapshot(root)
        formats = (*ALL_FORMATS, Format.xlsx) if spreadsheet else ALL_FORMATS
        options = Options(model=str(TINY_MARIAN), engine="torch", device="cpu", formats=formats)  # type: ignore[arg-type]
        racer = _Racer(out)
        if race:
            racer.start()
        check = files_module._check_the_way

        def check_then_race(out_dir: Path, folder: Path, allowed: frozenset[str]) -> None:
            """The racer's worst moment, made sure: just after the folder was found ours."""
            check(out_dir, folder, allowed)
            if race:
                racer.write_into(folder)

        patch = pytest.MonkeyPatch()
        patch.setattr(files_module, "_check_the_way", check_then_race)
        # A TranslateError (a file named `out` in the way) is one line at the CLI: fine too.
        # With the racer, a second run replaces the folders of the first while it writes.
        try:
            for force in (False, True) if race else (False,):
                with contextlib.suppress(TranslateError):
                    process_paths(
                        [str(source)],
                        options,
                        out,
                        load=lambda _: tiny_marian,
                        batch=BatchOptions(recursive=True, use_cache=False, force=force),
                    )
        finally:
            patch.undo()
            racer.stop.set()
            if race:
                racer.join()
        after = _snapshot(root)
        assert {path: after.get(path) for path in before} == before  # each one, byte for byte
        assert all(path.startswith("out/") for path in set(after) - set(before))  # only in --out
        # The racer's files too: where it wrote them, or (written into an old folder as it was
        # being replaced) moved beside the new files; never deleted, never overwritten.
        survived = set(after.values())
        assert [path for path, data in racer.written.items() if data not in survived] == []


class _Racer(threading.Thread):
    """Writes new files of its own into --out and each visible folder under it, as long as the
    run works: what a watcher or a sync client does. `written` holds each one's bytes."""

    def __init__(self, out: Path) -> None:
        super().__init__(daemon=True)
        self.out = out
        self.stop = threading.Event()
        self.written: dict[str, bytes] = {}

        self._numbers = itertools.count(1)

    def run(self) -> None:
        while not self.stop.wait(0.002) and len(self.written) < 300:
            for folder in self._folders():
                self.write_into(folder)

    def write_into(self, folder: Path) -> None:
        """One new file in `folder`, if it is there (it may be being replaced)."""
        number = next(self._numbers)
        data = f"racer file {number}\n".encode()
        path = folder / f"racer-{number}.txt"
        try:
            with path.open("xb") as file:  # never over anything: the racer is careful
                file.write(data)
        except OSError:  # no such folder (any more)
            return
        self.written[str(path)] = data

    def _folders(self) -> list[Path]:
        """--out and its visible folders, as they are now (the run's temporaries are hidden)."""
        found = []
        for folder, subfolders, _ in os.walk(self.out):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            found.append(Path(folder))
        return found


def _plant(root: Path, parts: list[str], suffix: str, text: str) -> None:
    """Create root/parts[0]/.../parts[-1]+suffix, unless something already blocks the way."""
    path = root.joinpath(*parts[:-1]) / f"{parts[-1]}{suffix}"
    with contextlib.suppress(OSError):  # a name the filesystem refuses, a file in the way
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_text(text, encoding="utf-8")


def _snapshot(root: Path) -> dict[str, bytes]:
    """Every regular file under `root`, by its path relative to it, with its bytes."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink()
    }
