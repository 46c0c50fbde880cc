"""Joining a Ray cluster (or starting one on this machine) and checking it can do the run.

Ray is an optional extra (`pip install 'translate-de-en[ray]'`); nothing here imports it before
a run asks for Ray, so `translate --help` never loads it. A run joins the cluster `--ray-address`
or `RAY_ADDRESS` names, else starts a Ray on this machine for itself (one logical CPU per
physical core) and stops it at the end; a Ray this process is already connected to (a notebook,
the tests) is used as it is and left running.

How the CPUs are shared: each translating actor asks for `ACTOR_CPUS` (0.75) and runs one
CTranslate2 thread, the reading and writing tasks `TASK_CPUS` (0.25) each, so a node of one CPU
holds one actor and one task beside it. Actors that took every CPU would leave the reading
tasks none, and the run would wait forever (Ray Data's "backpressured" state): on a 2-core
laptop the default of one actor per CPU leaves half a CPU for the tasks.
"""

from __future__ import annotations

import logging
import math
import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from translate.engines import physical_cores
from translate.errors import OutputError, UsageError, first_line
from translate.options import RayOptions
from translate.ownership import temp_name

logger = logging.getLogger(__name__)

RAY_EXTRA = "pip install 'translate-de-en[ray]'"
ACTOR_CPUS = 0.75
TASK_CPUS = 0.25
# How long the driver waits for every node to answer the write check.
PROBE_TIMEOUT_S = 120.0
# How long a `--ray-address` has to answer at all (a TCP connection) before the run gives up.
CONNECT_TIMEOUT_S = 10.0


def import_ray() -> Any:
    """The `ray` module with Ray Data, or a one-line `UsageError` naming the extra to install."""
    try:
        import ray
        import ray.data
    except ImportError as error:
        raise UsageError(
            f"--ray needs Ray Data, which is not installed here ({first_line(error)}); "
            f"install the extra: {RAY_EXTRA}."
        ) from None
    return ray


@dataclass
class RaySession:
    """A connection to Ray for one run; `with RaySession(options) as session: ...`.

    `owned` is True when this session started or joined Ray itself (it disconnects, and a Ray
    it started stops, at the end); False when the process was connected already.
    """

    options: RayOptions
    owned: bool = False

    def __enter__(self) -> RaySession:
        ray = import_ray()
        address = self.options.address or os.environ.get("RAY_ADDRESS") or None
        if address is not None:
            check_reachable(address)  # even where a Ray is already joined: it names another
        if ray.is_initialized():
            return self
        settings: dict[str, Any] = {"log_to_driver": False}
        if address is None:
            settings |= {"address": "local", "num_cpus": physical_cores()}
            settings["include_dashboard"] = False
        else:
            settings["address"] = address
        try:
            with self.options.starting():
                ray.init(**settings)
        except (ConnectionError, RuntimeError, ValueError, TimeoutError) as error:
            where = f"the Ray cluster at {address}" if address else "a Ray on this machine"
            raise UsageError(
                f"cannot connect to {where} ({first_line(error)}); check --ray-address or "
                "RAY_ADDRESS, or leave both unset to start a Ray here."
            ) from None
        self.owned = True
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.owned:
            import ray

            ray.shutdown()

    def cpus(self) -> float:
        """The CPUs the cluster has (all nodes), as Ray counts them."""
        import ray

        return float(ray.cluster_resources().get("CPU", 0.0))

    def actors(self) -> int:
        """How many translating actors to run: `--ray-actors`, else one per CPU; checked to
        leave a reading task room beside them."""
        cpus = self.cpus()
        wanted = self.options.actors or max(1, math.floor(cpus))
        if wanted * ACTOR_CPUS + TASK_CPUS > cpus:
            most = max(0, math.floor((cpus - TASK_CPUS) / ACTOR_CPUS))
            fix = f"give --ray-actors {most} or fewer, or add nodes" if most else "add nodes"
            raise UsageError(
                f"the Ray cluster has {cpus:g} CPUs: {wanted} actors of {ACTOR_CPUS} CPU each "
                f"leave none for reading the articles; {fix}."
            )
        return wanted


def check_reachable(address: str, timeout: float = CONNECT_TIMEOUT_S) -> None:
    """`UsageError` when nothing answers at a `host:port` address (`ray://` too) within
    `timeout` seconds: `ray.init` would retry for ever, printing warnings and deaf to SIGTERM."""
    match = re.fullmatch(r"(?:ray://)?\[?([^\s\[\]]+?)\]?:(\d{1,5})", address)
    if match is None:  # `auto`, a file of Ray's...: Ray's own to resolve
        return
    try:
        socket.create_connection((match[1], int(match[2])), timeout=timeout).close()
    except (OSError, ValueError, OverflowError) as error:
        reason = f"no answer within {timeout:g} seconds"
        if not isinstance(error, TimeoutError):
            reason = _reason(error)
        raise UsageError(
            f"cannot connect to the Ray cluster at {address} ({reason}); check --ray-address or "
            "RAY_ADDRESS, or leave both unset to start a Ray here."
        ) from None


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return type(error).__name__


def check_nodes_can_write(out_dir: Path, token: str) -> None:
    """Raise `OutputError` unless a task on every node sees `out_dir` (the same folder as the
    driver's, not one of the same name) and can create files in it."""
    import ray
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    marker = temp_name("ray-probe", token, "tmp")
    (out_dir / marker).write_text(token, encoding="ascii")
    try:
        probe = ray.remote(num_cpus=0, max_retries=1)(probe_folder)
        nodes = [node for node in ray.nodes() if node.get("Alive")]
        pending = [
            probe.options(
                scheduling_strategy=NodeAffinitySchedulingStrategy(node["NodeID"], soft=False)
            ).remote(str(out_dir), marker, token)
            for node in nodes
        ]
        try:
            answers = ray.get(pending, timeout=PROBE_TIMEOUT_S)
        except ray.exceptions.GetTimeoutError:
            raise OutputError(
                f"{out_dir}: not every Ray node answered the check that it can write there "
                f"within {PROBE_TIMEOUT_S:g} s; check the cluster (`ray status`)."
            ) from None
    finally:
        (out_dir / marker).unlink(missing_ok=True)
    for node, problem in zip(nodes, answers, strict=True):
        if problem is not None:
            raise OutputError(
                f"{out_dir}: the Ray worker on node {node.get('NodeManagerAddress', '?')} "
                f"{problem}; --out must be a folder every node can write (a shared filesystem "
                "mounted at the same path on every node)."
            )


def probe_folder(out_dir: str, marker: str, token: str) -> str | None:
    """What stops this process from writing into the driver's `out_dir`, or None.

    The driver left `marker` there holding `token`: a folder without it is another folder of
    the same name (a node's local disk, not the shared one).
    """
    folder = Path(out_dir)
    try:
        seen = (folder / marker).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        seen = ""
    if seen != token:
        return "does not see the driver's output folder there (it is not shared with this node)"
    probe = folder / temp_name(f"ray-probe-{os.getpid()}", token, "tmp")
    try:
        descriptor = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.close(descriptor)
        probe.unlink()
    except OSError as error:
        return f"cannot write there ({error.strerror or error})"
    return None
