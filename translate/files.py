"""Writing files so that a reader never finds half of one, and nothing that is not ours is lost.

Everything is written under a temporary name that carries a random token (`translate.ownership`)
and renamed into place when complete; the data and the folder are fsynced before the rename
and the parent after it, so a power cut leaves the old version or the new one, never an empty
file that a resume would take for done. An existing article folder is replaced only when it is
provably ours and holds nothing else; the old copy is kept (as `.<name>.<token>.old`) until the
new one is in place, so a kill between the two renames loses neither (`resume` puts it back),
and then removed only file by file, so what appeared in it meanwhile is kept, and so is a file
a person edited since (told by the SHA-256 that run.json records of each file written).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from translate.errors import OutputError
from translate.ownership import (
    RUN_FILE,
    TEMP_MARKER,
    file_sha256,
    foreign_entries,
    is_our_article_folder,
    is_our_temporary,
    mark_temporary,
    new_token,
    recorded_hashes,
    temp_name,
    with_file_hashes,
)

logger = logging.getLogger(__name__)
# How much text is encoded at a time when a file is written.
_PIECE_CHARACTERS = 1 << 20


def write_article_folder(
    out_dir: Path,
    name: str,
    files: Mapping[str, str | bytes],
    *,
    allowed: frozenset[str],
    token: str | None = None,
) -> Path:
    """Write an article's files into `out_dir/name`, all or nothing; return the folder.

    `allowed` is every file name an article folder of ours may hold (to tell ours from a user's
    folder); `token` is the run's temporary-name token (a new one when not given).
    """
    folder = out_dir / name
    strays = [file for file in files if Path(file).name != file or file in {"", ".", ".."}]
    if strays:
        raise OutputError(f"{folder}: cannot write the results ({strays[0]!r} is no file name).")
    _check_the_way(out_dir, folder, allowed)
    token = token or new_token()
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(
            f"{folder}: a file is in the way of the folder {folder.parent} and is left alone; "
            "move it away or give another --out."
        ) from None
    except OSError as error:
        raise OutputError(f"{folder.parent}: cannot create a folder ({_reason(error)}).") from None
    staging = folder.parent / temp_name(folder.name, token, "tmp")
    try:
        os.mkdir(staging)
    except FileExistsError:
        raise OutputError(
            f"{folder}: a temporary folder of this run is already there ({staging.name}); "
            "two articles cannot share one output folder."
        ) from None
    except OSError as error:
        raise OutputError(f"{folder.parent}: cannot create a folder ({_reason(error)}).") from None
    try:
        mark_temporary(staging, token)
        hashes = {}
        for file_name in files:  # one at a time: `files` may render each as it is read
            if file_name != RUN_FILE:
                hashes[file_name] = _write_synced(staging / file_name, files[file_name])
        if RUN_FILE in files:
            _write_synced(staging / RUN_FILE, with_file_hashes(files[RUN_FILE], hashes))
        staging.chmod(0o755)
        sync_path(staging)
        _swap_into_place(staging, folder, token, allowed)
    except OSError as error:
        with contextlib.suppress(OSError):  # the disk's refusal comes first
            clear_temporary(staging, allowed | frozenset(files))
        raise OutputError(f"{folder}: cannot write the results ({_reason(error)}).") from None
    return folder


def write_text_atomic(path: Path, text: str, *, token: str | None = None) -> None:
    """Write `text` to `path` through a temporary sibling and a rename: never half a file."""

    def write(temporary: Path) -> None:
        _write_synced(temporary, text)
        os.chmod(temporary, 0o644)

    _replace_through(path, token, write)


def write_lines_atomic(path: Path, lines: Iterable[str], *, token: str | None = None) -> None:
    """Like `write_text_atomic`, for text produced piece by piece (never all in memory)."""

    def write(temporary: Path) -> None:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.writelines(lines)
            handle.flush()
            os.fsync(handle.fileno())

    _replace_through(path, token, write)


def _replace_through(path: Path, token: str | None, write: Callable[[Path], None]) -> None:
    """`write` a temporary sibling of `path` (named with the run's `token`), then rename it over
    `path`; `OutputError` naming `path` when the disk refuses. The temporary file goes whatever
    stops the write, Ctrl-C too: the run's next write of `path` takes the same name."""
    temporary = path.parent / temp_name(path.name, token or new_token(), "tmp")
    try:
        write(temporary)
        os.replace(temporary, path)
        sync_path(path.parent)
    except BaseException as error:
        with contextlib.suppress(OSError):  # a folder turned read-only: the cause comes first
            temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(f"{path}: cannot write ({_reason(error)}).") from None
        raise


def _check_the_way(out_dir: Path, folder: Path, allowed: frozenset[str]) -> None:
    """Raise `OutputError` unless `folder` is free or provably ours, with no folder of ours
    between it and `out_dir` (one article's folder never lies inside another's)."""
    root = out_dir.resolve()
    target = folder.resolve()
    if root != target and root not in target.parents:
        raise OutputError(f"{folder}: is outside the output folder {out_dir}; not written.")
    for ancestor in folder.relative_to(out_dir).parents:
        if ancestor != Path(".") and is_our_article_folder(out_dir / ancestor):
            raise OutputError(
                f"{folder}: would lie inside {out_dir / ancestor}, the output folder of another "
                "article; rename one of the inputs or give another --out."
            )
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        what = "a link" if folder.is_symlink() else "a file"
        raise OutputError(
            f"{folder}: {what} is in the way of this article's output folder and is left alone; "
            "move it away or give another --out."
        )
    if not folder.exists():
        return
    if not is_our_article_folder(folder):
        raise OutputError(
            f"{folder}: this folder was not written by translate (it holds no run.json of ours), "
            "so it is left alone; move it away or give another --out."
        )
    foreign = foreign_entries(folder, allowed)
    if foreign:
        shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise OutputError(
            f"{folder}: holds files translate did not write ({shown}), so it is not replaced; "
            "move them away or give another --out."
        )


def _swap_into_place(staging: Path, folder: Path, token: str, allowed: frozenset[str]) -> None:
    """Rename `staging` to `folder`, the old folder (if any) kept aside until then.

    The marker goes before the rename, so a folder under its own name never holds one (a kill
    between the two leaves a complete temporary folder, ours by its run.json); the old folder
    is set aside under a temporary name (ours by its run.json) and removed after, file by file.
    """
    retired = folder.parent / temp_name(folder.name, token, "old")
    had_old = folder.is_dir()
    if had_old:
        if is_our_temporary(retired):  # a killed try of this run (a Ray task) set one aside
            remove_set_aside(retired, folder, allowed)
        os.replace(folder, retired)
    (staging / TEMP_MARKER).unlink()
    sync_path(staging)
    os.replace(staging, folder)
    sync_path(folder.parent)
    if had_old:
        remove_set_aside(retired, folder, allowed)


def remove_set_aside(retired: Path, folder: Path, allowed: frozenset[str]) -> None:
    """Remove an old article folder set aside for `folder`, looking again first: only the files
    an article folder of ours holds (`allowed`) are removed, and of those, when its run.json
    records what translate wrote (`FILES_FIELD`), only the ones whose bytes are still what was
    written. A file a person edited since is kept beside the folder (`keep_edited`); anything
    else (written there since the check, by a watcher or a sync client) goes back into `folder`
    beside the new files. Both are reported."""
    hashes = recorded_hashes(retired)
    ours = [entry for entry in retired.iterdir() if entry.name in allowed]
    for entry in sorted(ours, key=lambda entry: entry.name == RUN_FILE):  # the proof goes last
        if not entry.is_file() or entry.is_symlink():
            continue
        if hashes is None or entry.name == RUN_FILE or hashes.get(entry.name) == file_sha256(entry):
            entry.unlink()
        else:
            keep_edited(entry, folder)
    with contextlib.suppress(OSError):
        retired.rmdir()
        return
    kept = []
    for entry in sorted(retired.iterdir()):
        if not os.path.lexists(folder / entry.name):
            os.rename(entry, folder / entry.name)
            kept.append(entry.name)
    with contextlib.suppress(OSError):
        retired.rmdir()
    left = f"; the rest is kept in {retired}" if retired.exists() else ""
    logger.warning(
        "%s: kept %s, which translate did not write (it appeared while the folder was replaced)%s",
        folder,
        ", ".join(kept) or "nothing",
        left,
    )


def clear_temporary(folder: Path, allowed: frozenset[str]) -> list[str]:
    """Remove a temporary folder of ours (the caller checked its proof: token or marker), file by
    file: only its marker and files an article folder of ours holds (`allowed`), the marker and
    run.json last, so a kill midway leaves it still provably ours. Anything else in it (a file
    a watcher or a person put there) is kept, with the folder, and named in a warning; return
    the names kept."""
    ours = [
        entry
        for entry in folder.iterdir()
        if (entry.name in allowed or entry.name == TEMP_MARKER)
        and entry.is_file()
        and not entry.is_symlink()
    ]
    for entry in sorted(ours, key=lambda entry: entry.name in (TEMP_MARKER, RUN_FILE)):
        entry.unlink()
    try:
        folder.rmdir()
    except OSError:
        kept = sorted(entry.name for entry in folder.iterdir())
        logger.warning(
            "%s: kept, with %s in it, which translate did not write", folder, ", ".join(kept)
        )
        return kept
    return []


def keep_edited(entry: Path, folder: Path, *, move: bool = True) -> Path:
    """Put a file of an article folder that a person changed since translate wrote it beside
    `folder`, as `<folder>.edited.<file>` (`.edited-2.`, `-3`... when taken: an earlier kept
    copy, or anything else there, is never replaced), moved or (`move` False) copied, and say
    so in one line; return where it went."""
    number = 0
    while True:
        number += 1
        mark = "edited" if number == 1 else f"edited-{number}"
        kept = folder.parent / f"{folder.name}.{mark}.{entry.name}"
        try:
            _place_new(entry, kept, move=move)
        except FileExistsError:
            continue
        logger.warning(
            "%s: changed since translate wrote it; kept as %s", folder / entry.name, kept
        )
        return kept


def _place_new(entry: Path, target: Path, *, move: bool) -> None:
    """`entry`'s bytes at `target`, a name not taken (else `FileExistsError`), by a hard link
    when moved (a copy where the filesystem has none)."""
    if move:
        try:
            os.link(entry, target)
        except FileExistsError:
            raise
        except OSError:
            pass
        else:
            entry.unlink()
            return
    with entry.open("rb") as source, target.open("xb") as copy:
        shutil.copyfileobj(source, copy)
    if move:
        entry.unlink()


def _write_synced(path: Path, content: str | bytes) -> str:
    """Write text as UTF-8, or bytes as they are (a fetched page kept for provenance); return
    the SHA-256 of the bytes written. Text is encoded a piece at a time, never copied whole."""
    digest = hashlib.sha256()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(descriptor, "wb") as handle:
        for piece in _encoded(content):
            digest.update(piece)
            handle.write(piece)
        handle.flush()
        os.fsync(handle.fileno())
    return digest.hexdigest()


def _encoded(content: str | bytes) -> Iterator[bytes]:
    if isinstance(content, bytes):
        yield content
        return
    for start in range(0, len(content), _PIECE_CHARACTERS):
        yield content[start : start + _PIECE_CHARACTERS].encode("utf-8")


def sync_path(path: Path) -> None:
    """fsync a file, or a folder so the names in it (a rename) survive a power cut (folders on
    POSIX only: elsewhere they cannot be opened for it)."""
    if os.name != "posix" and path.is_dir():
        return
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _reason(error: OSError) -> str:
    if error.errno is not None and len(os.fsencode(str(error.filename or ""))) > 255:
        return "the name is too long for the filesystem"
    return error.strerror or str(error)
