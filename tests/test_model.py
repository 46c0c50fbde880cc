import shutil
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DOG_SENTENCE, TINY_MARIAN, error_lines, run_tiny
from typer.testing import CliRunner

from translate.cli.app import app
from translate.engines.devices import cpu_quota, physical_cores, torch_device
from translate.engines.hub import hf_cache_dir, resolve_model, weights_to_fetch
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
    # SentencePiece cuts it into ▁D er ▁Hund ▁sch lä ft . and the model adds </s>.
    assert tiny_marian.count_tokens(["Der Hund schläft."]) == [8]


@pytest.mark.parametrize(("has_cuda", "auto"), [(False, "cpu"), (True, "cuda")])
def test_the_device_follows_what_torch_sees(
    monkeypatch: pytest.MonkeyPatch, has_cuda: bool, auto: str
) -> None:
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: has_cuda)
    assert torch_device("auto") == auto
    assert torch_device("cpu") == "cpu"
    if has_cuda:
        assert torch_device("cuda") == "cuda"
    else:
        with pytest.raises(UsageError) as raised:
            torch_device("cuda")
        assert str(raised.value) == (
            "--device cuda was given but torch sees no CUDA GPU; use --device cpu."
        )


@pytest.fixture(scope="module")
def sharded_marian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model saved in weight shards, as large hub models are."""
    from transformers import MarianMTModel, MarianTokenizer

    folder = tmp_path_factory.mktemp("sharded")
    MarianMTModel.from_pretrained(str(TINY_MARIAN)).save_pretrained(folder, max_shard_size="1MB")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
        MarianTokenizer.from_pretrained(str(TINY_MARIAN)).save_pretrained(folder)
    return folder


def test_sharded_weights_are_hashed_and_load(sharded_marian: Path, tmp_path: Path) -> None:
    shards = sorted(path.name for path in sharded_marian.glob("model-*.safetensors"))
    assert len(shards) >= 2
    assert (sharded_marian / "model.safetensors.index.json").is_file()
    copy = tmp_path / "copy"
    shutil.copytree(sharded_marian, copy)
    assert resolve_model(str(copy)).revision == resolve_model(str(sharded_marian)).revision
    last = copy / shards[-1]
    last.write_bytes(last.read_bytes()[:-1] + b"\0")  # one byte of one shard differs
    assert resolve_model(str(copy)).revision != resolve_model(str(sharded_marian)).revision
    translator = MarianTranslator.load(str(sharded_marian), device="cpu")
    assert translator.translate_batch(["Der Hund schläft."], num_beams=4) == ["The dog sleeps."]


@pytest.mark.parametrize(
    ("files", "fetched"),
    [
        ({"config.json", "model.safetensors", "pytorch_model.bin"}, ["model.safetensors"]),
        ({"config.json", "pytorch_model.bin", "tf_model.h5"}, ["pytorch_model.bin"]),
        (
            {"model.safetensors.index.json", "model-00001-of-00002.safetensors"},
            ["model-*-of-*.safetensors"],
        ),
        (
            {"pytorch_model.bin.index.json", "pytorch_model-00001-of-00003.bin"},
            ["pytorch_model-*-of-*.bin"],
        ),
    ],
)
def test_one_set_of_weights_is_fetched(files: set[str], fetched: list[str]) -> None:
    assert weights_to_fetch(files) == fetched


@pytest.mark.parametrize(
    ("files", "quota"),
    [
        ({"cpu.max": "150000 100000\n"}, 1.5),
        ({"cpu.max": "max 100000\n"}, None),
        ({"cpu/cpu.cfs_quota_us": "300000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 3.0),
        ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
        ({}, None),
    ],
)
def test_the_containers_cpu_quota(tmp_path: Path, files: dict[str, str], quota: float) -> None:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert cpu_quota(tmp_path) == quota


def test_a_quota_caps_the_thread_count(tmp_path: Path) -> None:
    unlimited = physical_cores(tmp_path)  # no cgroup files: the cores alone
    (tmp_path / "cpu.max").write_text("50000 100000\n")  # half a CPU: still one thread
    assert physical_cores(tmp_path) == 1
    (tmp_path / "cpu.max").write_text(f"{100000 * (unlimited + 4)} 100000\n")
    assert physical_cores(tmp_path) == unlimited  # a quota above the cores changes nothing


runner = CliRunner()


# --- 9. bounds ---------------------------------------------------------------------------


def test_a_beam_beyond_what_the_engine_can_do_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    code, stderr = run_tiny(tmp_path / "a.txt", "-o", tmp_path / "out", "--beams", "100000")
    assert code == 2
    assert stderr == (
        "translate: error: Invalid value for '--beams': Input should be less than or equal to "
        "32 (see `translate run --help`).\n"
    )
    assert not (tmp_path / "out").exists()


# --- 11. damaged models ---------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["ct2", "torch"])
@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda m: (m / "model.safetensors").write_bytes(b"cut"), "cannot be"),
        (lambda m: (m / "source.spm").unlink(), "source.spm"),
        (lambda m: (m / "source.spm").write_bytes(b"not a sentencepiece model"), "source.spm"),
    ],
)
def test_a_damaged_model_is_one_line_and_exit_3(
    tmp_path: Path, engine: str, damage: Callable[[Path], None], expected: str
) -> None:
    import shutil

    model = tmp_path / "model"
    shutil.copytree(TINY_MARIAN, model)
    damage(model)
    (tmp_path / "a.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    arguments = ["run", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o"), "--model", str(model)]
    result = runner.invoke(app, [*arguments, "--engine", engine])
    assert result.exit_code == 3, result.stderr
    [line] = error_lines(result.stderr)
    assert expected in line
    assert "Traceback" not in result.stderr
