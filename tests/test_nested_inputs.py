"""An input folder holding `a.txt` beside the folder `a/` (with --recursive): both articles are
translated, the file's folder taking a short hash of its file name as every name that has to
change does (issue 23, case 10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ALL_OUTPUT_FILES, TINY_MARIAN
from typer.testing import CliRunner

from translate.cli.app import app
from translate.read import find_articles

TINY = ["--model", str(TINY_MARIAN), "--device", "cpu"]
GERMAN = "Der Hund schläft.\n"
runner = CliRunner()

# The first 8 hex digits of the SHA-256 of each file name, worked out with `sha256sum`.
A_TXT, UPPER_A_TXT, A_HTML = "18b7cb09", "48266a69", "7aa267cf"


def make(folder: Path, files: list[str]) -> None:
    for name in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(GERMAN, encoding="utf-8")


@pytest.mark.parametrize(
    ("files", "names"),
    [
        (["a.txt", "a/b.txt"], [f"a-{A_TXT}", "a/b"]),
        (["x/a.txt", "x/a/b/c.txt"], [f"x/a-{A_TXT}", "x/a/b/c"]),
        (["A.txt", "a/b.txt"], [f"A-{UPPER_A_TXT}", "a/b"]),  # one folder on a case-blind disk
        (["a.html", "a.txt", "a/b.txt"], [f"a-{A_HTML}", f"a-{A_TXT}", "a/b"]),
        (["a.txt", "ab/b.txt"], ["a", "ab/b"]),  # no clash: no hash
    ],
)
def test_a_file_beside_a_folder_of_its_name_gets_a_hashed_name(
    tmp_path: Path, files: list[str], names: list[str]
) -> None:
    make(tmp_path, files)
    found = find_articles([str(tmp_path)], recursive=True)
    assert found.problems == ()
    assert sorted(article.name for article in found.articles) == sorted(names)


def test_both_are_translated_and_a_rerun_finds_both_unchanged(tmp_path: Path) -> None:
    news, out = tmp_path / "news", tmp_path / "out"
    make(news, ["a.txt", "a/b.txt"])
    for status in ("done", "skipped-unchanged"):
        result = runner.invoke(app, ["run", str(news), "-r", "-o", str(out), *TINY])
        assert result.exit_code == 0, result.stderr
        for name in (f"a-{A_TXT}", "a/b"):
            assert sorted(path.name for path in (out / name).iterdir()) == ALL_OUTPUT_FILES
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert sorted((a["name"], a["status"]) for a in manifest["articles"]) == [
            (f"a-{A_TXT}", status),
            ("a/b", status),
        ]
