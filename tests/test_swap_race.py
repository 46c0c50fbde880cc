"""Replacing an article folder: a kill at any step, or a writer racing the swap, loses nothing
and never leaves a visible folder that is not a finished article of ours.

The kill is simulated deterministically: every step of the write that changes the disk (a
rename, an unlink, a new folder or file) is counted, and the test stops the write at each step
in turn, as SIGKILL would, then checks what a reader sees and what the next run's clean-up
leaves.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import translate.files as files_module
from translate.files import write_article_folder
from translate.ownership import FILES_FIELD, TEMP_MARKER, WRITTEN_BY, WRITTEN_BY_FIELD
from translate.run.store.resume import remove_leftovers

ALLOWED = frozenset({"run.json", "translation.en.txt", "aligned.tsv"})


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs (not even `except OSError` clean-ups)."""


def article(text: str) -> dict[str, str | bytes]:
    run = json.dumps({WRITTEN_BY_FIELD: WRITTEN_BY, "input_sha256": text})
    return {"run.json": run, "translation.en.txt": text + "\n", "aligned.tsv": f"de\t{text}\n"}


def contents(folder: Path) -> dict[str, str]:
    """The folder's files as `article` gives them (run.json without the hashes the write adds)."""
    found = {entry.name: entry.read_text(encoding="utf-8") for entry in folder.iterdir()}
    if "run.json" in found:
        record = json.loads(found["run.json"])
        record.pop(FILES_FIELD, None)
        found["run.json"] = json.dumps(record)
    return found


def kill_at(monkeypatch: pytest.MonkeyPatch, step: int) -> Callable[[], int]:
    """Make the `step`-th disk-changing call raise `Killed`; return a counter of the calls."""
    count = 0

    def counted(original: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            nonlocal count
            count += 1
            if count == step:
                raise Killed
            return original(*args, **kwargs)

        return call

    for name in ("replace", "rename", "unlink", "rmdir", "mkdir"):
        monkeypatch.setattr(os, name, counted(getattr(os, name)))
    monkeypatch.setattr(files_module, "_write_synced", counted(files_module._write_synced))
    return lambda: count


@pytest.mark.parametrize("had_old", [False, True], ids=["new", "replaced"])
def test_a_kill_at_any_step_of_the_swap_leaves_old_or_new_and_no_marker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, had_old: bool
) -> None:
    old, new = article("alt"), article("neu")
    step = 1
    while True:
        out = tmp_path / f"out{step}"
        out.mkdir()
        if had_old:
            write_article_folder(out, "art", old, allowed=ALLOWED)
        with monkeypatch.context() as patch:
            calls = kill_at(patch, step)
            try:
                write_article_folder(out, "art", new, allowed=ALLOWED)
                finished = True
            except Killed:
                finished = False
        visible = [entry for entry in out.iterdir() if not entry.name.startswith(".")]
        for folder in visible:  # what a reader sees right after the kill: a whole article
            assert TEMP_MARKER not in contents(folder), f"killed at step {step}"
            assert contents(folder) in (old, new), f"killed at step {step}"
        remove_leftovers(out, ["art"], frozenset())  # no token known: the proofs alone
        assert [entry.name for entry in out.iterdir()] == (["art"] if had_old or finished else [])
        if had_old or finished:
            assert contents(out / "art") in (old, new), f"killed at step {step}"
        if finished:
            assert contents(out / "art") == new
            assert calls() < step
            break
        step += 1
    assert step > 5  # every step was tried, up to a write that finished


@pytest.mark.parametrize("intruder", ["notes.txt", "edits/"])
def test_a_file_written_into_the_old_folder_during_the_swap_is_kept(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    intruder: str,
) -> None:
    """A watcher or a sync client writes into `out/art/` after the folder was checked and
    before the old copy is removed: its file is kept in `out/art/` and reported."""
    out = tmp_path / "out"
    out.mkdir()
    write_article_folder(out, "art", article("alt"), allowed=ALLOWED)
    check = files_module._check_the_way

    def check_then_race(out_dir: Path, folder: Path, allowed: frozenset[str]) -> None:
        check(out_dir, folder, allowed)
        if intruder.endswith("/"):
            (folder / intruder).mkdir()
            (folder / intruder / "mine.txt").write_text("meins\n", encoding="utf-8")
        else:
            (folder / intruder).write_text("meins\n", encoding="utf-8")

    monkeypatch.setattr(files_module, "_check_the_way", check_then_race)
    with caplog.at_level(logging.WARNING, logger="translate.files"):
        write_article_folder(out, "art", article("neu"), allowed=ALLOWED)
    name = intruder.rstrip("/")
    kept = out / "art" / name
    mine = kept / "mine.txt" if intruder.endswith("/") else kept
    assert mine.read_text(encoding="utf-8") == "meins\n"
    assert (out / "art" / "translation.en.txt").read_text(encoding="utf-8") == "neu\n"
    assert sorted(entry.name for entry in out.iterdir()) == ["art"]
    assert name in caplog.text and "did not write" in caplog.text


def test_a_retry_with_the_same_token_clears_the_old_copy_a_killed_try_left(
    tmp_path: Path,
) -> None:
    """A Ray task killed while removing the old folder it set aside is retried with the run's
    token: the half-removed old copy is cleared (our files only), not in the way."""
    out, token = tmp_path / "out", "0123456789abcdef"
    out.mkdir()
    write_article_folder(out, "art", article("neu"), allowed=ALLOWED, token=token)
    retired = out / f".art.{token}.old"
    retired.mkdir()
    (retired / "run.json").write_text(str(article("alt")["run.json"]), encoding="utf-8")
    (retired / "notes.txt").write_text("meins\n", encoding="utf-8")
    write_article_folder(out, "art", article("neuer"), allowed=ALLOWED, token=token)
    assert sorted(entry.name for entry in out.iterdir()) == ["art"]
    assert contents(out / "art") == {**article("neuer"), "notes.txt": "meins\n"}


def test_clean_up_keeps_what_is_not_ours_in_an_old_copy(tmp_path: Path) -> None:
    """A kill while the old copy was being removed file by file left it beside the new folder,
    still holding a file a watcher wrote: the next run's clean-up moves that file beside the
    new files instead of deleting it."""
    out = tmp_path / "out"
    out.mkdir()
    write_article_folder(out, "art", article("neu"), allowed=ALLOWED)
    retired = out / ".art.0123456789abcdef.old"
    retired.mkdir()
    (retired / "run.json").write_text(str(article("alt")["run.json"]), encoding="utf-8")
    (retired / "notes.txt").write_text("meins\n", encoding="utf-8")
    remove_leftovers(out, ["art"], frozenset())
    assert sorted(entry.name for entry in out.iterdir()) == ["art"]
    assert contents(out / "art") == {**article("neu"), "notes.txt": "meins\n"}


def test_a_write_stopped_by_ctrl_c_leaves_no_temporary_that_blocks_the_next(
    tmp_path: Path,
) -> None:
    """Ctrl-C in the middle of an atomic write (a manifest snapshot) must not leave the run's
    temporary file behind: the run's next write of that file uses the same name, and found it
    taken ("cannot write (File exists)") instead of ending the manifest as interrupted."""
    from translate.files import write_lines_atomic

    def lines_then_ctrl_c() -> Iterator[str]:
        yield "first line\n"
        raise KeyboardInterrupt

    target = tmp_path / "manifest.json"
    with pytest.raises(KeyboardInterrupt):
        write_lines_atomic(target, lines_then_ctrl_c(), token="0123456789abcdef")
    assert sorted(path.name for path in tmp_path.iterdir()) == []
    write_lines_atomic(target, ["whole\n"], token="0123456789abcdef")
    assert target.read_text(encoding="utf-8") == "whole\n"
