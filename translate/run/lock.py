"""One run at a time per output folder: a lock file holding the pid of the run that writes there.

The lock is an `flock` on `<out>/.translate.run.lock`, so the kernel drops it when its holder dies,
even by `kill -9`: a lock file left behind by a dead run is stale by construction and is taken
over (and reported), while a live holder makes a second run fail at once with its pid.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from translate.errors import OutputError

logger = logging.getLogger(__name__)

LOCK_FILE = ".translate.run.lock"


class OutputLock:
    """The lock on an output folder; use it as a context manager (`with OutputLock(out): ...`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK_FILE
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, creating the folder; raise `OutputError` if a live run holds it."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(
                f"{self.folder}: cannot create the output folder ({error.strerror})."
            ) from None
        while True:
            fd = self._open()
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _describe(_read_holder(fd))
                os.close(fd)
                raise OutputError(
                    f"{self.folder}: another translate run ({holder}) is writing there; wait for "
                    "it to finish or give another --out."
                ) from None
            # The previous holder may have removed the file between our open and our flock; the
            # lock is only ours if the path still names the file we locked.
            if _same_file(fd, self.path):
                break
            os.close(fd)
        previous = _read_holder(fd)
        if previous.get("pid"):
            logger.warning(
                "%s: took over a stale lock left by a run that ended without releasing it (%s)",
                self.folder,
                _describe(previous),
            )
        record = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(record) + "\n").encode("utf-8"), 0)
        self._fd = fd

    def release(self) -> None:
        """Remove the lock file and drop the lock (in that order, see `acquire`)."""
        if self._fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        finally:
            os.close(self._fd)
            self._fd = None

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise OutputError(
                f"{self.path}: cannot create the lock file ({error.strerror}); make "
                f"{self.folder} writable or give another --out."
            ) from None

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def _read_holder(fd: int) -> dict[str, object]:
    """The holder's record in the lock file; empty if there is none or it cannot be parsed."""
    data = os.pread(fd, 4096, 0)
    try:
        record = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return record if isinstance(record, dict) else {}


def _describe(holder: dict[str, object]) -> str:
    if not holder:
        return "pid unknown"
    return f"pid {holder.get('pid')} on {holder.get('host')}, started {holder.get('started')}"


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = path.stat()
    except FileNotFoundError:
        return False
    opened = os.fstat(fd)
    return (opened.st_dev, opened.st_ino) == (on_disk.st_dev, on_disk.st_ino)
