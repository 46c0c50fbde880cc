"""Shared fixtures: the repo's tiny Marian model, loaded once, and an isolated environment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from translate.model import MarianTranslator

REPO = Path(__file__).resolve().parent.parent
TINY_MARIAN = REPO / "tests" / "fixtures" / "tiny-marian"
TRAINING_PAIRS = REPO / "scripts" / "tiny_pairs.tsv"


@pytest.fixture(autouse=True)
def isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test touches the network, the user's caches or the user's model settings."""
    home = tmp_path_factory.mktemp("hf-home")
    monkeypatch.setenv("HF_HOME", str(home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    for variable in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "TRANSLATE_MODEL", "HF_ENDPOINT"):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture(scope="session")
def tiny_marian() -> Iterator[MarianTranslator]:
    """The tiny Marian the repo builds (scripts/build_tiny_marian.py), loaded once on the CPU."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        yield MarianTranslator.load(str(TINY_MARIAN), device="cpu")


def training_pairs() -> list[tuple[str, str]]:
    """The hand-written German/English pairs the tiny model was trained on."""
    lines = TRAINING_PAIRS.read_text(encoding="utf-8").splitlines()
    return [(de, en) for de, en in (line.split("\t") for line in lines if line.strip())]
