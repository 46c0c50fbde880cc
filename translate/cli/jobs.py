"""What the `run` command does once its options are parsed: one article to stdout, or a batch
into a folder (with the progress bar, and the exit code that says whether articles failed)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import typer

from translate.errors import UsageError
from translate.options import BatchOptions, Format, Options, RayOptions


def is_corpus(paths: list[str]) -> bool:
    """Whether the run reads corpus files (JSONL or Parquet rows) rather than articles."""
    from translate.corpus.input import corpus_format

    return corpus_format(paths) is not None


def write_stdout(paths: list[str], options: Options, batch: BatchOptions) -> None:
    """One article (a file, a URL, or `-` for stdin) in the one format asked for, on stdout."""
    from translate.run import translate_to_stdout

    if len(paths) != 1:
        raise UsageError(
            "stdout takes one article: give one file or `-` (stdin), or --out DIR for several."
        )
    sys.stdout.write(
        translate_to_stdout(
            paths[0],
            options,
            max_bytes=batch.max_bytes,
            encoding=batch.encoding,
            input_format=batch.input_format,
            timeout=batch.fetch_timeout,
        )
    )


def check_flag_combinations(
    paths: list[str],
    formats: tuple[Format, ...] | None,
    *,
    to_stdout: bool,
    memory: bool,
    ray_settings: bool,
) -> None:
    """One line for flags that contradict each other or the inputs, before anything is read:
    `memory` when --memory and --no-memory were both given, `ray_settings` when --ray-address
    or --ray-actors came without --ray."""
    if memory:
        raise UsageError("--memory and --no-memory contradict each other; pick one.")
    if ray_settings:
        raise UsageError("--ray-address and --ray-actors go with --ray; add --ray.")
    if to_stdout and formats and Format.xlsx in formats:
        raise UsageError(
            "xlsx is one spreadsheet of a whole batch, not a stream: give --out DIR "
            "(it is written as DIR/pairs.xlsx)."
        )
    if formats is not None and not to_stdout and is_corpus(paths):
        raise UsageError(
            "--formats picks the files of an article's folder; a corpus run writes "
            "pairs.* and summaries.*: leave --formats out."
        )


def run_batch(
    paths: list[str],
    out_dir: Path,
    options: Options,
    batch: BatchOptions,
    *,
    quiet: bool,
    verbose: bool,
    ray: RayOptions | None = None,
    debug: bool = False,
) -> None:
    """A folder run; exits 1 when some articles failed (or the one article's own code)."""
    from translate.cli import progress
    from translate.run import Status, process_paths

    if ray is not None:
        from translate.cli.logs import quiet_ray

        ray = replace(ray, starting=quiet_ray(debug=debug))
    waiting = f"reading the inputs and loading the model {options.model} ({options.engine} engine)"
    with progress.observe(out_dir, quiet=quiet, verbose=verbose, waiting=waiting) as observer:
        report = process_paths(
            paths, options, out_dir, batch=batch, observer=observer, keep_results=False, ray=ray
        )
    failed = report.counts.get(Status.FAILED, 0)
    if failed:
        written = report.counts.get(Status.DONE, 0) + report.counts.get(Status.SKIPPED, 0)
        single = failed == 1 and not written
        raise typer.Exit(report.failures[0].exit_code if single and report.failures else 1)
