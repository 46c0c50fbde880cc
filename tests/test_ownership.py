"""A run never touches a file it did not write: safe output names, folders of a user's left
alone, no folder inside another, clean-up of only what is provably ours, and the rule as a
property over any names (issue 12's cases 1-5, issue 23's racing writer)."""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from conftest import (
    ALL_OUTPUT_FILES,
    DOG_SENTENCE,
    REPO,
    TINY_MARIAN,
    TINY_OPTION,
    error_lines,
    run_tiny,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import translate.files as files_module
from translate.engines.torch_engine import MarianTranslator
from translate.errors import TranslateError
from translate.ownership import TEMP_MARKER
from translate.read import safe_output_name
from translate.read.names import MAX_NAME_BYTES
from translate.run.store.lock import HOLDER_FILE
from translate.run.store.resume import remove_leftovers

runner = CliRunner()


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
    (tmp_path / "..txt").write_text(DOG_SENTENCE, encoding="utf-8")
    (tmp_path / "...txt").write_text(DOG_SENTENCE, encoding="utf-8")
    code, stderr = run_tiny(tmp_path / "..txt", tmp_path / "...txt", "-o", out)
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
        (source / f"{stem}.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    code, stderr = run_tiny(source, "-o", out)
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
    (tmp_path / "a.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, stderr = run_tiny("", "-o", "out")
    assert (code, error_lines(stderr)) == (
        2,
        [
            "translate: error: an empty path names no article (an unset variable?); give a "
            "file, folder or URL, or `.` for the current folder."
        ],
    )
    for option in ("--out", "-o", "--glossary"):
        code, stderr = run_tiny("a.txt", option, "")
        assert code == 2
        assert "an empty path (an unset variable?); give a path (see" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_a_long_file_name_is_written_and_shortened(tmp_path: Path) -> None:
    stem = "Bericht über " + "die sehr lange Sitzung " * 10  # 243 characters, 244 bytes
    (tmp_path / f"{stem}.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    code, stderr = run_tiny(tmp_path / f"{stem}.txt", "-o", tmp_path / "out")
    assert code == 0, stderr
    [folder] = (tmp_path / "out").glob("Bericht*")
    assert len(folder.name.encode("utf-8")) <= MAX_NAME_BYTES
    assert (folder / "translation.en.txt").read_text(encoding="utf-8") == "The dog sleeps.\n"


def test_names_that_differ_only_in_case_are_one_folder(tmp_path: Path) -> None:
    """On a case-insensitive disk (macOS, Windows) they would overwrite each other."""
    (tmp_path / "Bericht.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    (tmp_path / "bericht.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    code, stderr = run_tiny(tmp_path, "-o", tmp_path / "out")
    assert code == 1
    assert error_lines(stderr) == [
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
    (tmp_path / "src.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    (tmp_path / "other.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    monkeypatch.chdir(project)
    code, stderr = run_tiny(tmp_path / "src.txt", tmp_path / "other.txt", "--out", ".")
    assert code == 1
    assert error_lines(stderr) == [
        "translate: error: src: this folder was not written by translate (it holds no "
        "run.json of ours), so it is left alone; move it away or give another --out."
    ]
    assert (project / "src" / "main.py").read_text(encoding="utf-8") == "print(1)\n"
    assert sorted(p.name for p in (project / "src").iterdir()) == ["main.py"]
    assert (project / "other" / "translation.en.txt").is_file()  # the batch went on


def test_a_folder_of_ours_with_a_users_file_in_it_is_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    out = tmp_path / "out"
    assert run_tiny(tmp_path / "a.txt", "-o", out)[0] == 0
    (out / "a" / "notizen.txt").write_text("meine Notizen", encoding="utf-8")
    code, stderr = run_tiny(tmp_path / "a.txt", "-o", out, "--force")
    assert code == 1
    assert error_lines(stderr) == [
        f"translate: error: {out / 'a'}: holds files translate did not write (notizen.txt), so "
        "it is not replaced; move them away or give another --out."
    ]
    assert (out / "a" / "notizen.txt").read_text(encoding="utf-8") == "meine Notizen"


# --- 3. nested output folders --------------------------------------------------------------


def test_an_article_folder_never_lies_inside_another(tmp_path: Path) -> None:
    """`a.txt` beside `a/b.txt`: the file's folder takes a hashed name (test_nested_inputs)."""
    news, out = tmp_path / "news", tmp_path / "out"
    (news / "a").mkdir(parents=True)
    (news / "a.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    (news / "a" / "b.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    code, stderr = run_tiny(news, "-r", "-o", out)
    assert code == 0
    assert error_lines(stderr) == []
    assert sorted(p.name for p in (out / "a-18b7cb09").iterdir()) == ALL_OUTPUT_FILES
    assert sorted(p.name for p in (out / "a" / "b").iterdir()) == ALL_OUTPUT_FILES


def test_a_later_article_does_not_replace_a_folder_holding_another(tmp_path: Path) -> None:
    news, out = tmp_path / "news", tmp_path / "out"
    (news / "a").mkdir(parents=True)
    (news / "a" / "b.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    assert run_tiny(news, "-r", "-o", out)[0] == 0  # writes out/a/b/
    (news / "a.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    (news / "a" / "b.txt").unlink()
    code, stderr = run_tiny(news / "a.txt", "-o", out)
    assert code == 1
    assert f"{out / 'a'}: this folder was not written by translate" in error_lines(stderr)[0]
    assert sorted(p.name for p in (out / "a" / "b").iterdir()) == ALL_OUTPUT_FILES


# --- 4. the output folder is never read as input --------------------------------------------


def test_out_inside_the_input_folder_is_not_translated_again(tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    for _ in range(3):
        code, stderr = run_tiny(news, "-r", "-o", news)
        assert code == 0, stderr
    manifest = json.loads((news / "manifest.json").read_text(encoding="utf-8"))
    assert [article["name"] for article in manifest["articles"]] == ["a"]
    assert sorted(p.name for p in news.iterdir() if p.is_dir()) == ["a"]
    assert sorted(p.name for p in (news / "a").iterdir()) == ALL_OUTPUT_FILES


def test_a_file_inside_an_article_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    out = tmp_path / "out"
    assert run_tiny(tmp_path / "a.txt", "-o", out)[0] == 0
    code, stderr = run_tiny(out / "a" / "translation.en.txt", "-o", out)
    assert code == 2
    assert error_lines(stderr) == [
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
        (source / f"a{index:03}.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    command = [sys.executable, "-m", "translate", "run", str(source), "-o", str(out), *TINY_OPTION]
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
    code, stderr = run_tiny(source, "-o", out)
    assert code == 0, stderr
    assert not leftover.exists()
    assert not [p.name for p in out.iterdir() if p.name.endswith((".tmp", ".old"))]


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
            rows = [{"id": "/".join(parts), "text": DOG_SENTENCE} for parts in inputs]
            source.mkdir()
            source = source / "rows.jsonl"
            source.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
        else:
            for parts in inputs:
                _plant(source, parts, ".txt", DOG_SENTENCE)
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
