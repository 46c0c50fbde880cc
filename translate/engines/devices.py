"""Where a model runs: CPU or CUDA, and how many CPU threads are worth using.

Both engines ask the same questions (is a GPU there? how many cores may this process use?), so
the answers are computed here once; each engine only says whether its runtime sees CUDA.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from translate.errors import UsageError
from translate.options import Device, parse_choice

CGROUP_ROOT = Path("/sys/fs/cgroup")


def choose_device(requested: Device, *, cuda_available: bool, runtime: str) -> Device:
    """`auto` is CUDA when `runtime` sees a GPU, else CPU; CUDA asked for but absent is an error."""
    if requested is Device.auto:
        return Device.cuda if cuda_available else Device.cpu
    if requested is Device.cuda and not cuda_available:
        raise UsageError(
            f"--device cuda was given but {runtime} sees no CUDA GPU; use --device cpu."
        )
    return requested


def torch_device(device: Device | str) -> Device:
    """The device torch runs on for `device` (`choose_device` with torch's view of CUDA)."""
    import torch

    requested = parse_choice(Device, device, "device")
    return choose_device(requested, cuda_available=torch.cuda.is_available(), runtime="torch")


def ct2_device(device: Device | str) -> Device:
    """The device CTranslate2 runs on for `device` (`choose_device` with its view of CUDA)."""
    import ctranslate2

    requested = parse_choice(Device, device, "device")
    has_cuda = ctranslate2.get_cuda_device_count() > 0
    return choose_device(requested, cuda_available=has_cuda, runtime="CTranslate2")


def physical_cores(cgroup_root: Path = CGROUP_ROOT) -> int:
    """Physical CPU cores this process may run on: the thread count that is fastest for GEMMs.

    Hyper-threads share a core's vector units, so counting them slows matrix products down. A
    container's CPU quota (cgroup `cpu.max`, or v1's CFS quota) caps the count too: threads past
    the quota only wait for their turn.
    """
    allowed = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    cores: set[tuple[str, str]] = set()
    for cpu in allowed:
        topology = Path(f"/sys/devices/system/cpu/cpu{cpu}/topology")
        try:
            package = (topology / "physical_package_id").read_text().strip()
            core = (topology / "core_id").read_text().strip()
        except OSError:
            cores = set()
            break
        cores.add((package, core))
    count = len(cores) or len(allowed) or os.cpu_count() or 1
    quota = cpu_quota(cgroup_root)
    return max(1, min(count, math.ceil(quota))) if quota is not None else count


def cpu_quota(cgroup_root: Path = CGROUP_ROOT) -> float | None:
    """The CPUs a cgroup quota allows this process (e.g. 1.5), or None when there is no quota."""
    v2 = _read(cgroup_root / "cpu.max")
    if v2 is not None:
        quota, _, period = v2.partition(" ")
        return _ratio(quota, period)
    return _ratio(
        _read(cgroup_root / "cpu" / "cpu.cfs_quota_us") or "",
        _read(cgroup_root / "cpu" / "cpu.cfs_period_us") or "",
    )


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None


def _ratio(quota: str, period: str) -> float | None:
    """quota / period when both are positive numbers (`max` and `-1` mean no quota)."""
    try:
        value, length = int(quota), int(period)
    except ValueError:
        return None
    return value / length if value > 0 and length > 0 else None
