import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from translate.errors import OutputError
from translate.run.store.lock import HOLDER_FILE, OutputLock

# Holds the lock on argv[1] until stdin closes; prints "locked" once it has it.
HOLDER = (
    "import sys; from pathlib import Path; from translate.run.store.lock import OutputLock\n"
    "with OutputLock(Path(sys.argv[1])):\n"
    "    print('locked', flush=True); sys.stdin.read()\n"
)


def test_the_lock_record_names_its_holder_and_goes_away(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with OutputLock(out):
        holder = json.loads((out / HOLDER_FILE).read_text(encoding="utf-8"))
        assert holder["pid"] == os.getpid()
        assert set(holder) == {"pid", "host", "started", "token"}
    assert not (out / HOLDER_FILE).exists()


def test_a_second_lock_in_the_same_process_is_refused(tmp_path: Path) -> None:
    with OutputLock(tmp_path), pytest.raises(OutputError) as raised:
        OutputLock(tmp_path).acquire()
    assert str(raised.value).startswith(f"{tmp_path}: another translate run (pid {os.getpid()} on ")
    assert str(raised.value).endswith("wait for it to finish or give another --out.")


def test_a_lock_held_by_another_process_is_refused_until_it_ends(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with pytest.raises(OutputError, match=f"another translate run \\(pid {holder.pid} on "):
            OutputLock(tmp_path).acquire()
    finally:
        holder.communicate("")
    assert holder.returncode == 0
    with OutputLock(tmp_path):
        pass


def test_a_stale_lock_of_a_killed_run_is_taken_over(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    holder.kill()  # SIGKILL: the lock file stays, the flock dies with the process
    holder.communicate()
    assert (tmp_path / HOLDER_FILE).exists()
    with OutputLock(tmp_path):
        assert (
            json.loads((tmp_path / HOLDER_FILE).read_text(encoding="utf-8"))["pid"] == os.getpid()
        )
    assert (
        f"took over a stale lock left by a run that ended without releasing it (pid {holder.pid}"
        in (caplog.text)
    )
