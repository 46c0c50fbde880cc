"""A round trip through OmegaT's console mode (Debian's `omegat` package, which `make test`
installs): our memory export read by OmegaT as an auto-translation memory, its own TMX export
read back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli.app import app
from translate.memory import Memory

runner = CliRunner()
PAIRS = [
    ("Der Hund schläft.", "The hound is asleep."),
    ("Die Katze trinkt Milch.", "The cat is drinking milk."),
]
# The least an OmegaT 3.6 project needs: the folders by default, German to English, sentences.
PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>DE</source_lang>
    <target_lang>EN-GB</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneGermanTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def _omegat() -> str:
    """OmegaT's launcher (`make test` installs it); its absence fails the test, never skips it."""
    found = shutil.which("omegat")
    if found is None:
        pytest.fail("OmegaT is needed for the CAT-tool round trip: apt-get install omegat")
    return found


def test_omegat_translates_with_our_export_and_its_tmx_imports_back(tmp_path: Path) -> None:
    memory = ["--memory", str(tmp_path / "memory.sqlite3")]
    (tmp_path / "human.tsv").write_text(
        "de\ten\n" + "".join(f"{de}\t{en}\n" for de, en in PAIRS), encoding="utf-8"
    )
    assert (
        runner.invoke(app, ["memory", "import", str(tmp_path / "human.tsv"), *memory]).exit_code
        == 0
    )
    project = tmp_path / "projekt"
    for folder in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (project / folder).mkdir(parents=True)
    (project / "omegat.project").write_text(PROJECT, encoding="utf-8")
    (project / "source" / "artikel.txt").write_text(
        "Der Hund schläft. Die Katze trinkt Milch.\n\nDas Wetter ist heute schön.\n",
        encoding="utf-8",
    )
    exported = project / "tm" / "auto" / "memory.tmx"
    assert runner.invoke(app, ["memory", "export", str(exported), *memory]).exit_code == 0
    completed = subprocess.run(
        [
            _omegat(),
            "--mode=console-translate",
            f"--config-dir={tmp_path / 'config'}",
            "--no-team",
            "--quiet",
            str(project),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
    # OmegaT took our English for the sentences the memory holds, and left the other as it was.
    assert (project / "target" / "artikel.txt").read_text(encoding="utf-8") == (
        "The hound is asleep. The cat is drinking milk.\n\nDas Wetter ist heute schön.\n"
    )
    # Its own TMX (1.1, `lang="EN-GB"`) imports back as the same pairs.
    back = tmp_path / "back.sqlite3"
    result = runner.invoke(
        app, ["memory", "import", str(project / "projekt-level1.tmx"), "--memory", str(back)]
    )
    assert result.exit_code == 0, result.stderr
    with Memory(back) as opened:
        assert sorted((unit.source, unit.target) for unit in opened.units()) == sorted(PAIRS)
