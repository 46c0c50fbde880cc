"""Shared fixtures: the repo's tiny Marian model, loaded once, and an isolated environment."""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from translate.document import RunInfo
from translate.engines.torch_engine import MarianTranslator

REPO = Path(__file__).resolve().parent.parent
# The browser tests' Chromium: `make test` names it (and installs it when it is missing).
CHROMIUM = os.environ.get("TRANSLATE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the browser tests, saying why, only where no Chromium is there and none was asked
    for: a quick `pytest` on a laptop. Under `make test` (TRANSLATE_CHROMIUM set) they run, and
    a missing browser fails them."""
    if os.environ.get("TRANSLATE_CHROMIUM") or Path(CHROMIUM).exists():
        return
    reason = "no Chromium here (make test installs it, or set TRANSLATE_CHROMIUM)"
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


TINY_MARIAN = REPO / "tests" / "fixtures" / "tiny-marian"
TRAINING_PAIRS = REPO / "scripts" / "tiny_pairs.tsv"
# `translate run`'s option for the tiny model, and a one-sentence German article.
TINY_OPTION = ["--model", str(TINY_MARIAN)]
DOG_SENTENCE = "Der Hund schläft.\n"


def run_tiny(*arguments: str | Path) -> tuple[int, str]:
    """`translate run ARGUMENTS` on the tiny model, in this process: exit code and stderr."""
    from translate.cli.app import app

    result = CliRunner().invoke(app, ["run", *map(str, arguments), *TINY_OPTION])
    return result.exit_code, result.stderr


def error_lines(stderr: str) -> list[str]:
    """The `translate: error:` lines of a run's stderr."""
    return [line for line in stderr.splitlines() if line.startswith("translate: error:")]


@pytest.fixture(scope="session")
def shared_conversions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder of CTranslate2 conversions for the whole test run: the tiny model is converted
    once, not once per test (tests of the conversion itself set a cache folder of their own)."""
    return tmp_path_factory.mktemp("ct2-conversions")


@pytest.fixture(autouse=True)
def isolated_environment(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    shared_conversions: Path,
) -> None:
    """No test touches the network, the user's caches or the user's model settings.

    Each test gets an empty translation cache; converted models are shared (see above).
    """
    home = tmp_path_factory.mktemp("hf-home")
    monkeypatch.setenv("HF_HOME", str(home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    cache = tmp_path_factory.mktemp("translate-cache")
    (cache / "ct2").symlink_to(shared_conversions, target_is_directory=True)
    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(cache))
    # User data (the translation memory) goes to an empty folder of the test's, never ~/.local.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data-home")))
    monkeypatch.delenv("TRANSLATE_MEMORY", raising=False)
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
    "aligned.xlf",
    "run.json",
    "side-by-side.html",
    "side-by-side.md",
    "summary.md",
    "translation.en.txt",
]


def sigint_as_at_a_terminal() -> None:
    """`preexec_fn` for a run that a test stops with Ctrl-C: a job started in the background of
    a shell (`nohup make test &`) inherits SIGINT ignored, and would run to its end; give it
    the default disposition a terminal would."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def load_bench(name: str) -> ModuleType:
    """Import `bench/<name>.py` (the benchmarks are scripts, not a package), with `bench/` on
    the path as when it runs, for the modules the scripts share."""
    if str(REPO / "bench") not in sys.path:
        sys.path.append(str(REPO / "bench"))
    return _load(REPO / "bench" / f"{name}.py", f"bench_{name}")


def load_script(name: str) -> ModuleType:
    """Import `scripts/<name>.py`."""
    return _load(REPO / "scripts" / f"{name}.py", f"script_{name}")


def _load(path: Path, module_name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def training_pairs() -> list[tuple[str, str]]:
    """The hand-written German/English pairs the tiny model was trained on."""
    lines = TRAINING_PAIRS.read_text(encoding="utf-8").splitlines()
    return [(de, en) for de, en in (line.split("\t") for line in lines if line.strip())]


# translate-toolkit's import package is also `translate`, so it lives in a venv of its own. The
# version is pinned: the tests read files that this exact release wrote.
TOOLKIT_PIN = "translate-toolkit==3.20.4"


@pytest.fixture(scope="session")
def toolkit_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Python of a fresh venv holding translate-toolkit (and not this project), for tests
    that read files another tool wrote: run a script with it, from a folder outside the repo,
    and `import translate.storage.tmx` there is the toolkit's."""
    venv = tmp_path_factory.mktemp("toolkit") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", TOOLKIT_PIN],
        check=True,
    )
    return python


def run_toolkit(python: Path, script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `script` with translate-toolkit's Python in `cwd` (outside the repo), failing the test
    with the toolkit's stderr if it fails."""
    # Without PYTHONPATH: a checkout of ours on it would shadow the toolkit's `translate`.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run(
        [str(python), "-c", script], cwd=cwd, capture_output=True, text=True, timeout=300, env=env
    )
    assert result.returncode == 0, result.stderr
    return result
