import shutil
from pathlib import Path

import pytest
from conftest import TINY_MARIAN

from translate.engines.devices import torch_device
from translate.engines.hub import hf_cache_dir, resolve_model
from translate.engines.torch_engine import MarianTranslator
from translate.errors import ModelUnavailableError, UsageError
from translate.options import DEFAULT_MODEL

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def _cache_with_tiny_model(cache: Path, repo_id: str) -> None:
    """Lay the tiny model out as huggingface_hub's cache stores a downloaded snapshot."""
    repo = cache / f"models--{repo_id.replace('/', '--')}"
    shutil.copytree(TINY_MARIAN, repo / "snapshots" / COMMIT)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(COMMIT)


def test_local_folder_is_used_with_a_content_hash() -> None:
    info = resolve_model(str(TINY_MARIAN))
    assert info.path == str(TINY_MARIAN)
    assert info.revision.startswith("sha256:")
    assert resolve_model(str(TINY_MARIAN)).revision == info.revision


def test_missing_folder() -> None:
    with pytest.raises(ModelUnavailableError, match=r"model folder nowhere/at/all does not exist"):
        resolve_model("nowhere/at/all")


def test_folder_without_a_model(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailableError, match=r"has no config\.json"):
        resolve_model(str(tmp_path))


def test_hub_id_not_cached_while_offline_names_model_cache_and_fixes() -> None:
    with pytest.raises(ModelUnavailableError) as caught:
        resolve_model(DEFAULT_MODEL)
    message = str(caught.value)
    assert "\n" not in message
    assert "model Helsinki-NLP/opus-mt-de-en is not available" in message
    assert str(hf_cache_dir()) in message
    assert "offline mode is on" in message
    assert "`hf download Helsinki-NLP/opus-mt-de-en --local-dir model-de-en`" in message
    assert "--model" in message


def test_unreachable_hub_fails_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # discard port: connection refused
    with pytest.raises(
        ModelUnavailableError, match=r"the hub \(http://127.0.0.1:9\) cannot be reached"
    ):
        resolve_model(DEFAULT_MODEL)


def test_hub_id_found_in_the_cache_loads_with_its_commit(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    _cache_with_tiny_model(tmp_path / "hub", DEFAULT_MODEL)
    translator = MarianTranslator.load(DEFAULT_MODEL, device="cpu")
    assert translator.info.revision == COMMIT
    assert translator.translate_batch(["Der Hund schläft."], num_beams=4) == ["The dog sleeps."]


def test_incomplete_model_folder(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(TINY_MARIAN, broken)
    (broken / "model.safetensors").write_bytes(b"truncated")
    with pytest.raises(ModelUnavailableError, match="cannot be loaded"):
        MarianTranslator.load(str(broken), device="cpu")


def test_model_limits(tiny_marian: MarianTranslator) -> None:
    assert tiny_marian.input_limit == 512
    assert tiny_marian.default_beams == 4
    assert tiny_marian.count_tokens(["Der Hund schläft."])[0] >= 2


def test_cuda_asked_for() -> None:
    import torch

    if torch.cuda.is_available():
        assert torch_device("cuda") == "cuda"
    else:
        with pytest.raises(UsageError, match="--device cuda"):
            torch_device("cuda")
    assert torch_device("auto") in {"cpu", "cuda"}
