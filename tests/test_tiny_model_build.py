"""The committed tiny model can be rebuilt from the script and the hand-written pairs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, TINY_MARIAN, training_pairs

from translate.engines.batching import translate_sentences
from translate.engines.torch_engine import MarianTranslator

BUILD_SCRIPT = REPO / "scripts" / "build_tiny_marian.py"


@pytest.mark.slow
def test_rebuilt_model_translates_its_training_pairs(tmp_path: Path) -> None:
    out = tmp_path / "tiny-marian"
    finished = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert sorted(path.name for path in out.iterdir()) == sorted(
        path.name for path in TINY_MARIAN.iterdir()
    )

    rebuilt = MarianTranslator.load(str(out), device="cpu")
    pairs = training_pairs()
    translations = translate_sentences([de for de, _ in pairs], rebuilt, num_beams=4)
    assert [t.text for t in translations] == [en for _, en in pairs]
