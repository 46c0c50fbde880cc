"""One run at a time per output folder: an OS file lock, and a record of the run that holds it.

The lock is the `filelock` library's (an `flock` on Unix, `msvcrt.locking` on Windows) on
`<out>/.translate.lock`, so the kernel drops it when its holder dies, even by `kill -9`. Beside
it, `<out>/.translate.lock.json` names the holder (pid, host, start time): a second run fails at
once naming it, and a record left behind by a dead run is stale by construction and is taken
over, with a warning. The record also holds the run's token, which every temporary name the
run makes carries: after a kill, the stale record tells the next run which leftovers are
provably ours (`translate.ownership`). (The record is a file of its own because opening a lock
file for locking truncates it on some platforms.)
"""

from __future__ import annotations

import errno
import json
import logging
import os
import socket
import stat
from pathlib import Path
from types import TracebackType

from filelock import FileLock, Timeout

from translate.clock import utc_now
from translate.errors import OutputBusyError, OutputError, UsageError
from translate.ownership import new_token

logger = logging.getLogger(__name__)

LOCK_FILE = ".translate.lock"
HOLDER_FILE = ".translate.lock.json"
# A record far past this is not one of ours; it is read no further.
_RECORD_MAX_BYTES = 64 * 1024


class OutputLock:
    """The lock on an output folder; use it as a context manager (`with OutputLock(out): ...`).

    `busy` is the advice when another run holds it: a run may go elsewhere (another --out),
    a command that must write this very folder (`translate apply`) can only wait.
    """

    def __init__(
        self, folder: Path, busy: str = "wait for it to finish or give another --out"
    ) -> None:
        self.folder = folder
        self.busy = busy
        self.path = folder / LOCK_FILE
        self.holder_path = folder / HOLDER_FILE
        # This run's temporary-name token, and the one of a run that died holding the lock.
        self.token = new_token()
        self.stale_tokens: frozenset[str] = frozenset()
        self._lock: FileLock | None = None

    def acquire(self) -> None:
        """Take the lock, creating the folder; raise `OutputError` if a live run holds it."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise unusable_folder(self.folder, error) from None
        lock = FileLock(str(self.path), timeout=0)
        try:
            lock.acquire()
        except Timeout:
            self._check_lock_file()  # filelock says Timeout for a folder refusing files too
            raise OutputBusyError(
                f"{self.folder}: another translate run ({_describe(self._read_holder())}) is "
                f"writing there; {self.busy}."
            ) from None
        except OSError as error:
            # A folder the run cannot write in is a bad --out (exit 2), not a failed article.
            raise UsageError(
                f"{self.path}: cannot create the lock file ({error.strerror}); make "
                f"{self.folder} writable or give another --out."
            ) from None
        previous = self._read_holder()
        if previous.get("pid"):
            logger.warning(
                "%s: took over a stale lock left by a run that ended without releasing it (%s)",
                self.folder,
                _describe(previous),
            )
        if isinstance(previous.get("token"), str):
            self.stale_tokens = frozenset({str(previous["token"])})
        record = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": utc_now(),
            "token": self.token,
        }
        try:
            _write_record(self.holder_path, json.dumps(record) + "\n")
        except OSError as error:
            lock.release()
            reason = "it is a link" if error.errno == errno.ELOOP else error.strerror
            raise OutputError(
                f"{self.holder_path}: cannot write the lock record ({reason}); make "
                f"{self.folder} writable, remove what is in the way, or give another --out."
            ) from None
        self._lock = lock

    def _check_lock_file(self) -> None:
        """Raise `OutputError` with the cause when the lock file cannot be opened at all."""
        try:
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644))
        except OSError as error:
            raise OutputError(
                f"{self.path}: cannot create the lock file ({error.strerror}); make "
                f"{self.folder} writable or give another --out."
            ) from None

    def release(self) -> None:
        """Remove the holder's record, then drop the lock (in that order, see `acquire`)."""
        if self._lock is None:
            return
        try:
            self.holder_path.unlink(missing_ok=True)
        except OSError as error:  # never hide why the run ended behind this
            logger.warning(
                "%s: the lock record could not be removed (%s); the next run takes it over",
                self.holder_path,
                error.strerror or error,
            )
        finally:
            self._lock.release()
            self._lock = None

    def _read_holder(self) -> dict[str, object]:
        """The holder's record; empty if there is none or it cannot be parsed."""
        try:
            descriptor = os.open(self.holder_path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            with os.fdopen(descriptor, "rb") as file:
                if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                    return {}
                record = json.loads(file.read(_RECORD_MAX_BYTES))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return {}
        return record if isinstance(record, dict) else {}

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


def unusable_folder(folder: Path, error: OSError) -> UsageError:
    """Why `--out` cannot be the output folder: a file is in its place, or it cannot be made.

    A usage error (exit 2): the command names a place it cannot write, no article failed.
    """
    if folder.exists() and not folder.is_dir():
        return UsageError(f"{folder}: is a file, not a folder; give --out a folder.")
    blocking = next((parent for parent in folder.parents if parent.is_file()), None)
    if blocking is not None:
        return UsageError(
            f"{folder}: cannot be the output folder, {blocking} is a file; give --out a folder."
        )
    return UsageError(
        f"{folder}: cannot create the output folder ({error.strerror}); give --out a folder "
        "you can write to."
    )


def _write_record(path: Path, text: str) -> None:
    """Write the holder's record into `path` itself: never through a link (`ELOOP`), and never
    into a file that has other names too (a hard link to a user's file) or is no regular file."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:
            raise OSError(errno.ELOOP, "not a file of its own")
        file.truncate(0)
        file.write(text)


def _describe(holder: dict[str, object]) -> str:
    if not holder:
        return "pid unknown"
    return f"pid {holder.get('pid')} on {holder.get('host')}, started {holder.get('started')}"
