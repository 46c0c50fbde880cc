"""Shared fixtures: the repo's tiny Marian model, loaded once, and an isolated environment."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from translate.document import RunInfo
from translate.engines.torch_engine import MarianTranslator

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
    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(tmp_path_factory.mktemp("translate-cache")))
    for variable in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "TRANSLATE_MODEL", "HF_ENDPOINT"):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture(scope="session")
def tiny_marian() -> Iterator[MarianTranslator]:
    """The tiny Marian the repo builds (scripts/build_tiny_marian.py), loaded once on the CPU."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        yield MarianTranslator.load(str(TINY_MARIAN), device="cpu")


# A run signature for renderer tests: fixed values, so expected outputs can be written by hand.
SAMPLE_RUN = RunInfo(
    tool_version="0.1.0",
    model="tiny",
    model_revision="sha256:0123456789abcdef",
    engine="transformers",
    beams=4,
    batch_size=16,
    max_length=512,
    segmenter="rules-0.1.0",
    device="cpu",
    date="2026-11-25T00:00:00+00:00",
    input_sha256="ff",
)


# What an article folder holds with every format (writers.output_files), written out by hand.
ALL_OUTPUT_FILES = [
    "aligned.jsonl",
    "aligned.tmx",
    "aligned.tsv",
    "run.json",
    "side-by-side.html",
    "side-by-side.md",
    "summary.md",
    "translation.en.txt",
]


def load_bench(name: str) -> ModuleType:
    """Import `bench/<name>.py` (the benchmarks are scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def training_pairs() -> list[tuple[str, str]]:
    """The hand-written German/English pairs the tiny model was trained on."""
    lines = TRAINING_PAIRS.read_text(encoding="utf-8").splitlines()
    return [(de, en) for de, en in (line.split("\t") for line in lines if line.strip())]
