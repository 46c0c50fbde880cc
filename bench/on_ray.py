"""What `--ray` costs on one machine, and what a second node buys: the same articles five ways.

(Not `bench/ray.py`: bench/ is no package, so a `ray.py` there would be the module `ray` to the
type checker, and would shadow the Ray package when run as a script.)

    python bench/on_ray.py [--articles 200] [--sentences 4] [--quick] [--out bench/results-ray.md]

The same folder of articles (each sentence unique, so neither the cache nor the run's memory of
repeats does any of the work; `--no-cache`), translated by `process_paths` in a fresh process
per configuration, and timed from the call to its return (after the outputs, manifest and index
are written):

  - in-process: the local run, one CTranslate2 translator with one worker per physical core;
  - in-process pinned to one core (one worker): what one core of this machine does;
  - `--ray` on a local Ray with 2 actors (one CPU each, started by the process; its start-up is
    timed apart, and the ratio is given with and without it);
  - a simulated cluster (`ray.cluster_utils.Cluster`) of one node with one CPU: one actor;
  - a simulated cluster of two such nodes: two actors, one per node.

A simulated node of one CPU is made one: its processes are pinned to a core of their own (Linux
CPU affinity, inherited from the thread that starts the node), so its reading and writing tasks
share that core with its actor, as on a real one-CPU node, instead of borrowing the other core.
The driver (and Ray's control process) are not pinned. On a 2-core machine, two nodes can reach
2x only if nothing else runs: the report gives the machine's own figure beside it (the
in-process run on two cores against one).

Two models: the opus-mt-shaped random model of bench/speed.py (`bench/.cache/`, built on first
use), where translation costs what opus-mt's does per output token, and the repo's tiny model,
where translation costs almost nothing and what is left is Ray's own overhead per article. A
random model's outputs run to the output bound (twice the input plus 16 tokens, about 2.5 times
a real translation's length), so the per-article times are an upper bound for opus-mt.

Writes `--out` (Markdown) and prints it; the last stdout line holds the ratios.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TINY_MARIAN = REPO / "tests" / "fixtures" / "tiny-marian"
TRAINING_PAIRS = REPO / "scripts" / "tiny_pairs.tsv"
DEFAULT_OUT = REPO / "bench" / "results-ray.md"
CONFIGS = ("local", "local-1", "ray-local", "cluster-1", "cluster-2")
# The price of one CPU for one hour that the cost estimate assumes (on-demand x86, roughly).
DEFAULT_CPU_HOUR_USD = 0.04


def german_sentences(model: str) -> list[str]:
    """The German the articles are made of: the tiny model's training sentences (which it
    knows), or the speed benchmark's news article (for the opus-mt-shaped model)."""
    if model == "tiny":
        lines = TRAINING_PAIRS.read_text(encoding="utf-8").splitlines()
        return [line.split("\t")[0] for line in lines if line.strip()]
    return load_speed().article_sentences()  # type: ignore[no-any-return]


def write_articles(folder: Path, sentences: list[str], articles: int, per_article: int) -> int:
    """`articles` files of `per_article` sentences, every sentence unique (a numbered one
    before its final punctuation: `... (Meldung 17.3).`); returns the number of sentences."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(articles):
        chosen = [
            numbered(sentences[(index * per_article + k) % len(sentences)], f"{index}.{k}")
            for k in range(per_article)
        ]
        half = max(1, per_article // 2)
        text = " ".join(chosen[:half]) + "\n\n" + " ".join(chosen[half:])
        (folder / f"meldung{index:04}.txt").write_text(text.strip() + "\n", encoding="utf-8")
    return articles * per_article


def numbered(sentence: str, number: str) -> str:
    """`sentence` with `(Meldung <number>)` before its final punctuation (and closing quote), so
    that it stays one sentence: `Wo ist der Bahnhof?` -> `Wo ist der Bahnhof (Meldung 1.2)?`."""
    body = sentence.rstrip()
    end = len(body)
    while end and body[end - 1] in '.?!"“»«)':
        end -= 1
    return f"{body[:end]} (Meldung {number}){body[end:]}"


def child(config: str, source: Path, out: Path, model: str) -> dict[str, Any]:
    """One configuration, in this (fresh) process: seconds to start Ray, seconds to run."""
    sys.path.insert(0, str(REPO))
    from translate.options import BatchOptions, Device, Options, RayOptions
    from translate.run.batch import process_paths

    options = Options(model=model, device=Device.cpu)
    batch = BatchOptions(use_cache=False)
    if config == "local-1":  # one CTranslate2 worker: what one core of this machine does
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    started = time.perf_counter()
    ray_options, nodes = None, None
    if not config.startswith("local"):
        import ray
        from ray.cluster_utils import Cluster

        ray_options = RayOptions(actors=2 if config == "ray-local" else None)
        if config == "ray-local":
            from translate.engines import physical_cores

            ray.init(
                address="local",
                num_cpus=physical_cores(),
                include_dashboard=False,
                log_to_driver=False,
            )
        else:
            # A node of one CPU: its processes (raylet, workers) pinned to one core of their
            # own, which they inherit from this thread when the node starts.
            cores = sorted(os.sched_getaffinity(0))
            os.sched_setaffinity(0, {cores[0]})
            nodes = Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
            if config == "cluster-2":
                os.sched_setaffinity(0, {cores[-1]})
                nodes.add_node(num_cpus=1)
            os.sched_setaffinity(0, set(cores))
            ray.init(address=nodes.address, log_to_driver=False)
            nodes.wait_for_nodes()
        ray.data.DataContext.get_current().enable_progress_bars = False
    ray_start = time.perf_counter() - started
    began = time.perf_counter()
    report = process_paths([source], options, out, batch=batch, ray=ray_options, keep_results=False)
    seconds = time.perf_counter() - began
    if not config.startswith("local"):
        ray.shutdown()
    if nodes is not None:
        nodes.shutdown()
    return {"config": config, "ray_start": ray_start, "seconds": seconds, "counts": report.counts}


def spawn(config: str, source: Path, out: Path, model: str) -> dict[str, Any]:
    """`child` in a fresh process (each Ray is its own, and nothing is warm from the last)."""
    environment = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "RAY_BACKEND_LOG_LEVEL": "fatal",
        "RAY_ADDRESS": "",
        "TRANSLATE_CACHE_DIR": str(REPO / "bench" / ".cache" / "translate"),
    }
    completed = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            config,
            "--source",
            str(source),
            "--work",
            str(out),
            "--model",
            model,
        ],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"{config} failed:\n{completed.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def load_speed() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_speed", REPO / "bench" / "speed.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def measure(model: str, label: str, work: Path, articles: int, per_article: int) -> dict[str, Any]:
    """Every configuration on one model; the runs' results by configuration."""
    source = work / f"in-{label}"
    sentences = write_articles(source, german_sentences(label), articles, per_article)
    runs = {
        config: spawn(config, source, work / f"out-{label}-{config}", model) for config in CONFIGS
    }
    for config, run in runs.items():
        if run["counts"].get("done") != articles:
            raise SystemExit(f"{label} {config}: not every article was done: {run['counts']}")
    return {"label": label, "sentences": sentences, "runs": runs}


def ratios(measured: dict[str, Any]) -> dict[str, float]:
    """Ray's overhead (with and without starting it) and the second node's speed-up."""
    runs = measured["runs"]
    local = runs["local"]["seconds"]
    ray = runs["ray-local"]
    return {
        "overhead": ray["seconds"] / local,
        "overhead_with_start": (ray["seconds"] + ray["ray_start"]) / local,
        "scale_out": runs["cluster-1"]["seconds"] / runs["cluster-2"]["seconds"],
        "machine": runs["local-1"]["seconds"] / local,
    }


def cost_per_million(
    measured: dict[str, Any], articles: int, cpu_hour_usd: float
) -> tuple[float, float]:
    """(CPU-seconds per article, dollars per million articles) on the two-node cluster: its two
    CPUs busy for its wall time."""
    cpu_seconds = 2 * measured["runs"]["cluster-2"]["seconds"] / articles
    return cpu_seconds, cpu_seconds * 1_000_000 / 3600 * cpu_hour_usd


def render(
    results: list[dict[str, Any]], articles: int, per_article: int, cpu_hour_usd: float
) -> tuple[str, str]:
    """The Markdown report and the one-line summary."""
    names = {
        "local": "in-process (no Ray), 1 translator x 2 workers",
        "local-1": "in-process (no Ray), pinned to 1 core",
        "ray-local": "`--ray`, local Ray, 2 actors x 1 CPU",
        "cluster-1": "`Cluster`: 1 node x 1 CPU (1 actor)",
        "cluster-2": "`Cluster`: 2 nodes x 1 CPU (2 actors)",
    }
    lines = [
        "# Ray: the overhead on one machine, and a second node",
        "",
        f"`python bench/on_ray.py` on {datetime.date.today()}, {platform.processor() or 'CPU'} "
        f"({os.cpu_count()} CPUs), Python {platform.python_version()}; {articles} articles of "
        f"{per_article} unique sentences, `--no-cache`, each configuration a fresh process.",
        "",
    ]
    summary = []
    for measured in results:
        found = ratios(measured)
        cpu_seconds, dollars = cost_per_million(measured, articles, cpu_hour_usd)
        lines += [
            f"## {measured['label']} model ({measured['sentences']} sentences)",
            "",
            "| configuration | Ray start | run | per article |",
            "|---|---:|---:|---:|",
        ]
        for config in CONFIGS:
            run = measured["runs"][config]
            start = f"{run['ray_start']:.1f} s" if not config.startswith("local") else "-"
            lines.append(
                f"| {names[config]} | {start} | {run['seconds']:.1f} s | "
                f"{1000 * run['seconds'] / articles:.0f} ms |"
            )
        lines += [
            "",
            f"- `--ray` over in-process, same machine: **{found['overhead']:.2f}x** "
            f"({found['overhead_with_start']:.2f}x counting Ray's start) (goal <= 1.3)",
            f"- two nodes over one: **{found['scale_out']:.2f}x** (goal >= 1.7); this machine's "
            f"own two cores over one, in-process: {found['machine']:.2f}x",
            f"- {cpu_seconds:.2f} CPU-seconds per article on the two-node cluster: "
            f"${dollars:,.0f} per million articles at ${cpu_hour_usd}/CPU-hour",
            "",
        ]
        tag = measured["label"]
        summary.append(
            f"{tag}.overhead={found['overhead']:.2f} {tag}.overhead_with_start="
            f"{found['overhead_with_start']:.2f} {tag}.scale_out={found['scale_out']:.2f} "
            f"{tag}.two_cores={found['machine']:.2f}"
        )
    return "\n".join(lines), " ".join(summary)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark (or, with --child, one configuration) and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--sentences", type=int, default=4, help="per article")
    parser.add_argument("--quick", action="store_true", help="the tiny model only")
    parser.add_argument("--cpu-hour-usd", type=float, default=DEFAULT_CPU_HOUR_USD)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--child", choices=CONFIGS, help=argparse.SUPPRESS)
    parser.add_argument("--source", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--model", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.child:
        print(json.dumps(child(arguments.child, arguments.source, arguments.work, arguments.model)))
        return
    sys.path.insert(0, str(REPO))
    from translate.files import write_text_atomic

    models = [("tiny", str(TINY_MARIAN))]
    if not arguments.quick:
        speed = load_speed()
        speed.build_model()
        models.insert(0, ("opus-mt-shaped", str(speed.MODEL_DIR)))
    with tempfile.TemporaryDirectory(prefix="translate-ray-") as scratch:
        results = [
            measure(model, label, Path(scratch), arguments.articles, arguments.sentences)
            for label, model in models
        ]
    report, summary = render(
        results, arguments.articles, arguments.sentences, arguments.cpu_hour_usd
    )
    write_text_atomic(arguments.out, report)
    print(report)
    print(summary)


if __name__ == "__main__":
    main()
