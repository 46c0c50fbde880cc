"""Writing files so that a reader never finds half of one: temporary names, then a rename."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from translate.errors import OutputError


def write_article_folder(folder: Path, files: dict[str, str]) -> None:
    """Write all of an article's files into `folder`, all or nothing.

    The files go into a temporary sibling folder that is renamed into place only when every file
    is complete; an existing folder is swapped out and removed afterwards.
    """
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(
            tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent)
        )
    except OSError as error:
        raise OutputError(
            f"{folder.parent}: cannot create the output folder ({error.strerror})."
        ) from None
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        staging.chmod(0o755)
        _swap_into_place(staging, folder)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(
            f"{folder}: cannot write the results ({error.strerror or error})."
        ) from None


def _swap_into_place(staging: Path, folder: Path) -> None:
    if folder.is_dir():
        retired = Path(
            tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=folder.parent)
        )
        os.replace(folder, retired)
        os.replace(staging, folder)
        shutil.rmtree(retired, ignore_errors=True)
    elif folder.exists():
        raise OSError(0, f"{folder} exists and is not a folder")
    else:
        os.replace(staging, folder)


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary sibling and `os.replace`: never half a file."""
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as error:
        raise OutputError(f"{path}: cannot write ({error.strerror or error}).") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write ({error.strerror or error}).") from None
