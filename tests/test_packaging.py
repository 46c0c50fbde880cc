"""What a user gets from `pip install`: a wheel that works outside this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, TINY_MARIAN

FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel `pip wheel .` builds from this checkout (no dependencies)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_holds_the_templates_and_the_type_marker(wheel: Path) -> None:
    assert wheel.name.startswith("translate_de_en-")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "translate/summary/templates/summary.txt" in names
    assert "translate/py.typed" in names
    assert not [name for name in names if name.startswith(("tests/", "bench/", "prompts/"))]


@pytest.mark.slow
def test_the_installed_wheel_runs_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    """A fresh venv gets the wheel (the dependencies come from this one's site-packages, which
    holds no copy of translate itself: this checkout is installed in editable mode)."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [python, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
        check=True,
    )
    work = tmp_path / "elsewhere"
    (work / "seeds").mkdir(parents=True)
    (work / "seeds" / "kurz.txt").write_text(
        "Der Hund schläft. Wo ist der Bahnhof?\n", encoding="utf-8"
    )
    shutil.copytree(TINY_MARIAN, work / "tiny-marian")
    shutil.copytree(FIXTURES / "tiny-summariser-t5", work / "tiny-t5")
    environment = {**os.environ, "TRANSLATE_CACHE_DIR": str(tmp_path / "cache")}
    environment.pop("PYTHONPATH", None)
    where = subprocess.run(
        [python, "-c", "import translate; print(translate.__file__)"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    assert where.stdout.startswith(str(site))  # the wheel's copy, not this checkout
    translate = env_dir / "bin" / "translate"
    plain = subprocess.run(
        [translate, "run", "seeds/", "--model", "tiny-marian", "-o", "out"],
        cwd=work,
        capture_output=True,
        text=True,
        env=environment,
    )
    assert plain.returncode == 0, plain.stderr
    assert (work / "out" / "kurz" / "translation.en.txt").read_text(encoding="utf-8") == (
        "The dog sleeps. Where is the station?\n"
    )
    command = [str(translate), "run", "seeds/", "--model", "tiny-marian", "-o", "out-abstractive"]
    abstractive = subprocess.run(
        [*command, "--summary-model", "tiny-t5"],
        cwd=work,
        capture_output=True,
        text=True,
        env=environment,
    )
    assert abstractive.returncode == 0, abstractive.stderr
    summary = (work / "out-abstractive" / "kurz" / "summary.md").read_text(encoding="utf-8")
    assert "from the prompt template summary;" in summary  # the built-in, default template


def test_a_foreign_translate_package_is_named_in_one_line(tmp_path: Path) -> None:
    """translate-toolkit also imports as `translate`: installed over ours, its __init__ wins."""
    package = tmp_path / "translate"
    shutil.copytree(REPO / "translate", package)
    (package / "__init__.py").write_text('"""Another project\'s translate package."""\n')
    completed = subprocess.run(
        [sys.executable, "-c", "from translate.cli import main; main()", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert completed.returncode == 4
    assert completed.stdout == ""
    assert completed.stderr == (
        f"translate: error: the `translate` package in {package} is not translate-de-en's "
        "(another project that imports as `translate`, such as translate-toolkit, is installed "
        "in this environment); install translate-de-en in an environment of its own, e.g. "
        "`pipx install translate-de-en` or a venv.\n"
    )


def test_the_lock_imports_without_fcntl() -> None:
    """Windows has no fcntl; the output lock must not need it."""
    code = (
        "import sys, warnings; sys.modules['fcntl'] = None\n"
        "warnings.simplefilter('ignore')\n"
        "import translate.run.store.lock, translate.run.batch\n"
        "print('imported')\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True
    )
    assert completed.stdout == "imported\n", completed.stderr
