"""Peak resident memory of one process, as that process itself saw it.

    python bench/peak.py REPORT MODULE [ARGS...]

Not `ru_maxrss`: Linux keeps it across `exec`, so a process the benchmark spawned reports its
parent's peak (861 MiB after the parent built the model) whenever that is the higher, and
`wait4`'s figure for a child is the same number. `VmHWM` belongs to the address space, which
`exec` replaces. A benchmark worker reads its own with `peak_rss_kib()`; a program the benchmark
does not own (`translate run`) is run through this script, which runs MODULE as `python -m
MODULE ARGS` would, in its own process, and writes that process's peak (KiB) to REPORT when
the module returns or exits.
"""

from __future__ import annotations

import os
import resource
import runpy
import sys
from collections.abc import Sequence
from pathlib import Path


def peak_rss_kib() -> int:
    """This process's own peak resident memory, KiB: `VmHWM` from /proc/self/status.

    Elsewhere (no /proc), `ru_maxrss` (bytes on macOS), which may be the parent's.
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def peak_command(report: Path, module: str, *args: str) -> list[str]:
    """The command line that runs `python -m module args` and writes its peak to `report`."""
    return [sys.executable, str(Path(__file__).resolve()), str(report), module, *args]


def read_peak_mib(report: Path) -> float:
    """The peak a `peak_command` process wrote, MiB."""
    return int(report.read_text(encoding="ascii")) / 1024


def main(argv: Sequence[str]) -> None:
    """Run the module as `python -m` would; its exit status is this process's."""
    report, module, *args = argv
    # `python -m` puts the working folder first on the path, not this script's folder (whose
    # memory.py, batch.py, ... would shadow any library's module of the same name).
    sys.path[0] = os.getcwd()
    sys.argv = [module, *args]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    finally:
        Path(report).write_text(str(peak_rss_kib()), encoding="ascii")


if __name__ == "__main__":
    main(sys.argv[1:])
