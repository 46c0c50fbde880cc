import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DOG_SENTENCE, REPO, TINY_OPTION, error_lines, run_tiny
from typer.testing import CliRunner

from translate.cli.app import app
from translate.document import ModelInfo, Translation
from translate.errors import OutputError
from translate.locations import translate_cache_dir
from translate.run.store.cache import CACHE_FILE, MemoryCache, open_cache
from translate.run.store.cache_key import CacheSettings, cache_settings

SETTINGS = CacheSettings(
    model="Helsinki-NLP/opus-mt-de-en",
    revision="abc123",
    engine="transformers",
    beams=4,
    max_length=512,
)


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"TRANSLATE_CACHE_DIR": "/data/tc", "XDG_CACHE_HOME": "/x"}, "/data/tc"),
        ({"XDG_CACHE_HOME": "/x"}, "/x/translate"),
        ({"HOME": "/home/anna"}, "/home/anna/.cache/translate"),
    ],
)
def test_default_cache_dir(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: str
) -> None:
    for variable in ("TRANSLATE_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    assert translate_cache_dir() == Path(expected)


def test_tests_keep_the_cache_in_a_temporary_folder() -> None:
    assert "translate-cache" in str(translate_cache_dir())
    assert not str(translate_cache_dir()).startswith(str(Path.home() / ".cache"))


def test_translations_survive_closing_and_reopening(tmp_path: Path) -> None:
    with open_cache(SETTINGS, tmp_path) as cache:
        cache.put_many({"Der Hund schläft.": Translation("The dog sleeps.", confidence=-0.25)})
        cache.put_many({"Ein sehr langer Satz.": Translation("A very long sentence.", pieces=3)})
    with open_cache(SETTINGS, tmp_path) as cache:
        found = cache.get_many(["Der Hund schläft.", "Ein sehr langer Satz.", "Unbekannt."])
        assert cache.count() == 2
    assert found == {
        "Der Hund schläft.": Translation("The dog sleeps.", pieces=1, confidence=-0.25),
        "Ein sehr langer Satz.": Translation("A very long sentence.", pieces=3),
    }
    connection = sqlite3.connect(tmp_path / CACHE_FILE)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection.close()


@pytest.mark.parametrize(
    "other",
    [
        CacheSettings("Helsinki-NLP/opus-mt-de-en", "abc123", "transformers", 1, 512),
        CacheSettings("Helsinki-NLP/opus-mt-de-en", "def456", "transformers", 4, 512),
        CacheSettings("Helsinki-NLP/opus-mt-de-en", "abc123", "ctranslate2", 4, 512),
        CacheSettings("Helsinki-NLP/opus-mt-de-en", "abc123", "transformers-int8", 4, 512),
        CacheSettings("Helsinki-NLP/opus-mt-de-en", "abc123", "transformers", 4, 256),
        CacheSettings("Helsinki-NLP/opus-mt-de-fr", "abc123", "transformers", 4, 512),
        CacheSettings("Helsinki-NLP/opus-mt-de-en", "abc123", "transformers", 4, 512, "sha256:1"),
    ],
)
def test_other_settings_do_not_see_each_others_entries(
    tmp_path: Path, other: CacheSettings
) -> None:
    with open_cache(SETTINGS, tmp_path) as cache:
        cache.put_many({"Der Hund schläft.": Translation("The dog sleeps.")})
    with open_cache(other, tmp_path) as cache:
        assert cache.get_many(["Der Hund schläft."]) == {}


def test_a_local_model_is_known_by_its_content_not_its_path() -> None:
    here = ModelInfo(name="model-de-en", path="/a/model-de-en", revision="sha256:99")
    there = ModelInfo(name="/b/copy", path="/b/copy", revision="sha256:99")
    hub = ModelInfo(name="Helsinki-NLP/opus-mt-de-en", path="/hub/x", revision="abc")

    def key(info: ModelInfo) -> str:
        return cache_settings(info, engine="transformers", beams=4, max_length=512).key()

    assert key(here) == key(there)
    assert key(hub) != key(here)


def test_a_failed_write_stores_nothing(tmp_path: Path) -> None:
    class Unstorable:
        text = object()  # sqlite3 cannot bind it
        pieces = 1
        confidence = None

    with open_cache(SETTINGS, tmp_path) as cache:
        batch = {"Gut.": Translation("Good."), "Schlecht.": Unstorable()}
        with pytest.raises(OutputError, match="translation cache cannot be used"):
            cache.put_many(batch)  # type: ignore[arg-type]
        assert cache.get_many(["Gut.", "Schlecht."]) == {}
        cache.put_many({"Gut.": Translation("Good.")})  # the connection is still usable
        assert cache.count() == 1


def test_two_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    open_cache(SETTINGS, tmp_path).close()
    errors: list[BaseException] = []

    def write(prefix: str) -> None:
        try:
            with open_cache(SETTINGS, tmp_path) as cache:
                for batch in range(20):
                    cache.put_many(
                        {f"{prefix} {batch} {i}": Translation(f"{prefix}{i}") for i in range(25)}
                    )
        except BaseException as error:  # re-raised below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=write, args=(name,)) for name in ("a", "b", "c")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with open_cache(SETTINGS, tmp_path) as cache:
        assert cache.count() == 3 * 20 * 25


# Writes 20 batches of 25 sentences into the cache in argv[1], tagged argv[2].
WRITER = """
import sys
from pathlib import Path
from translate.run.store.cache import open_cache
from translate.run.store.cache_key import CacheSettings
from translate.document import Translation
settings = CacheSettings("Helsinki-NLP/opus-mt-de-en", "abc123", "transformers", 4, 512)
with open_cache(settings, Path(sys.argv[1])) as cache:
    for batch in range(20):
        cache.put_many({f"{sys.argv[2]} {batch} {i}": Translation("x") for i in range(25)})
"""


def test_two_runs_sharing_the_cache_do_not_corrupt_it(tmp_path: Path) -> None:
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), name], cwd=REPO)
        for name in ("eins", "zwei")
    ]
    assert [writer.wait() for writer in writers] == [0, 0]
    with open_cache(SETTINGS, tmp_path) as cache:
        assert cache.count() == 2 * 20 * 25
    connection = sqlite3.connect(tmp_path / CACHE_FILE)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()


def test_a_damaged_cache_file_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / CACHE_FILE).write_bytes(b"this is not a database, it is text" * 200)
    with pytest.raises(OutputError) as raised:
        open_cache(SETTINGS, tmp_path)
    message = str(raised.value)
    assert message.startswith(f"{tmp_path / CACHE_FILE}: the translation cache cannot be used")
    assert "--no-cache" in message


def test_an_unwritable_cache_folder_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="TRANSLATE_CACHE_DIR"):
        open_cache(SETTINGS, blocker / "cache")


def test_memory_cache() -> None:
    cache = MemoryCache()
    cache.put_many({"Ja.": Translation("Yes.")})
    assert cache.get_many(["Ja.", "Nein."]) == {"Ja.": Translation("Yes.")}


runner = CliRunner()


# --- 10. the cache ---------------------------------------------------------------------------


def _cache_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Callable[[Path], None]) -> str:
    folder = tmp_path / "cache"
    folder.mkdir()
    make(folder / CACHE_FILE)
    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(folder))
    (tmp_path / "a.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    code, stderr = run_tiny(tmp_path / "a.txt", "-o", tmp_path / "out", "--engine", "torch")
    assert code == 1
    assert not (tmp_path / "out" / "manifest.json").exists()
    [line] = error_lines(stderr)
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
    (tmp_path / "a.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    code, stderr = run_tiny(tmp_path / "a.txt", "-o", tmp_path / "out", "--engine", "torch")
    assert code == 1
    assert error_lines(stderr) == [
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
    (tmp_path / "a.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    assert run_tiny(tmp_path / "a.txt", "-o", tmp_path / "first")[0] == 0  # fills the cache
    cache = Path(os.environ["TRANSLATE_CACHE_DIR"]) / CACHE_FILE
    real_access = os.access
    monkeypatch.setattr(  # as root nothing is read-only: say so for the cache file only
        os, "access", lambda path, mode: False if Path(path) == cache else real_access(path, mode)
    )
    result = runner.invoke(
        app, ["run", str(tmp_path / "a.txt"), "-o", str(tmp_path / "second"), *TINY_OPTION]
    )
    assert result.exit_code == 0, result.stderr
    assert "the translation cache is read-only here" in result.stderr
    assert "1 sentence translated (1 from the cache)" in result.stderr
