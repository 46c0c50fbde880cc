"""The committed tiny summary models can be rebuilt from their script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from translate.document import AlignedDocument, SentencePair
from translate.summary.abstractive import SummaryModel
from translate.summary.prompts import load_template

BUILD_SCRIPT = REPO / "scripts" / "build_tiny_summariser.py"
FIXTURES = REPO / "tests" / "fixtures"


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["gpt2", "t5"])
def test_rebuilt_model_gives_its_trained_answer(kind: str, tmp_path: Path) -> None:
    out = tmp_path / kind
    finished = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--kind", kind, "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    committed = FIXTURES / f"tiny-summariser-{kind}"
    assert sorted(path.name for path in out.iterdir()) == sorted(
        path.name for path in committed.iterdir()
    )
    template = load_template(str(FIXTURES / "tiny-summary-prompt.txt"))
    rebuilt = SummaryModel.load(str(out), template, device="cpu")
    document = AlignedDocument(
        name="wetter",
        pairs=(
            SentencePair(
                1,
                1,
                "Der Sturm hat viele Bäume umgeworfen.",
                "The storm has knocked down many trees.",
            ),
            SentencePair(
                1,
                2,
                "Der Flughafen wurde wegen Nebels geschlossen.",
                "The airport was closed because of fog.",
            ),
        ),
    )
    summary, generation = rebuilt.summarise(document, sentences=1, words=None)
    assert generation.output == "The storm has knocked down many trees."
    assert [s.text for s in summary.sentences] == ["The storm has knocked down many trees."]
