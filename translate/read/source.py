"""Getting an input's bytes without hanging or filling memory: regular files only, a size cap.

A FIFO or a device named as an article (`ln -s /dev/zero z.txt`) would block forever or never
end; a 20 GB log file given by mistake would fill the memory. So only regular files are read,
opened without blocking, and at most `max_bytes` of them (stdin too); more is refused in one
line that names the limit and how to raise it.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from translate.errors import InputError
from translate.limits import DEFAULT_MAX_BYTES as DEFAULT_MAX_BYTES

STDIN = "-"
_URL = re.compile(r"^https?://[^\s/]+", re.IGNORECASE)


def is_url(text: str) -> bool:
    """True for an `http://` or `https://` address (what `translate run` fetches)."""
    return bool(_URL.match(text))


def read_source(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a regular file, or of stdin for `-`, at most `max_bytes` of them."""
    if str(path) == STDIN:
        return _read_capped(sys.stdin.buffer, max_bytes, "stdin")
    file = Path(path)
    descriptor = _open_regular(file, "an article file", "save the article to a file and give that")
    with os.fdopen(descriptor, "rb") as handle:
        return _read_capped(handle, max_bytes, str(file))


def read_plain_file(
    path: str | Path, what: str, *, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> bytes:
    """The bytes of a file that is not an article (a glossary, a prompt template, an XLIFF file
    to apply), by the same rules: a regular file only, opened without blocking, at most
    `max_bytes` of it (None: all of it, for files as large as the user's translation memory).
    `what` names it in the messages (`a glossary`)."""
    file = Path(path)
    descriptor = _open_regular(file, what, f"give {what} that is a plain file")
    with os.fdopen(descriptor, "rb") as handle:
        try:
            data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
        except OSError as error:
            raise InputError(f"{file}: cannot be read ({error.strerror}).") from None
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(f"{file}: is larger than the {_size(max_bytes)} limit for {what}.")
    return data


def _open_regular(file: Path, what: str, fix: str) -> int:
    """A descriptor on `file`, opened without blocking; `InputError` unless it is a regular file
    (`what` it should have been, and how to `fix` it, go into the message)."""
    try:
        descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        hint = " (a link to nowhere)" if file.is_symlink() else ""
        raise InputError(f"{file}: no such file{hint}; check the path.") from None
    except IsADirectoryError:
        raise InputError(f"{file}: is a folder, not {what}.") from None
    except PermissionError:
        raise InputError(f"{file}: permission denied; make the file readable.") from None
    except OSError as error:
        raise InputError(f"{file}: cannot be read ({error.strerror}).") from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        if stat.S_ISDIR(mode):
            raise InputError(f"{file}: is a folder, not {what}.")
        raise InputError(
            f"{file}: is not a regular file but {describe_mode(mode)}, which could block or "
            f"never end; {fix}."
        )
    return descriptor


def describe_mode(mode: int) -> str:
    """What a file that is not a regular one is, in words (`a FIFO`, `a device`...)."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _read_capped(handle: BinaryIO, max_bytes: int, source: str) -> bytes:
    try:
        data = handle.read(max_bytes + 1)
    except OSError as error:
        raise InputError(f"{source}: cannot be read ({error.strerror}).") from None
    if len(data) > max_bytes:
        raise InputError(
            f"{source}: is larger than the {_size(max_bytes)} limit for one article; split it, "
            "or raise the limit with --max-bytes N."
        )
    return data


def _size(count: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale and count % scale == 0:
            return f"{count // scale} {unit}"
    return f"{count:,} bytes"
