"""`translate shortlist build`: learn a vocabulary shortlist from the user's own articles.

The work is `translate.engines.shortlist_build.shortlist_archive`; this module parses the
flags, prints the report (stdout) and says on stderr, with exit code 1, when the shortlist was
not enabled because it agreed too rarely with the full vocabulary.
"""

from __future__ import annotations

from typing import Annotated

import typer

from translate.cli import run_flags as flags
from translate.cli.command_classes import RunCommand
from translate.cli.exits import errors_as_exit_codes
from translate.options import DEFAULT_BATCH_SIZE, DEFAULT_MODEL, Device, Engine, Options

# Kept in step with `shortlist_build.MIN_AGREEMENT` and `shortlist_sample.DEFAULT_SAMPLE`
# (test_shortlist checks): importing them would import the engines for `--help`.
MIN_AGREEMENT_PERCENT = 98
DEFAULT_SAMPLE = 2000

shortlist_app = typer.Typer(
    name="shortlist",
    help="Vocabulary shortlists: faster ct2 decoding, learned from your own articles.",
    no_args_is_help=True,
)


ArchivePaths = Annotated[
    list[str],
    typer.Argument(
        help="German articles (.txt, .html), folders of them, or .jsonl / .parquet corpora.",
        metavar="PATH...",
        show_default=False,
    ),
]


@shortlist_app.command("build", cls=RunCommand)
def build_cli(
    paths: ArchivePaths,
    model: flags.Model = DEFAULT_MODEL,
    sample: Annotated[
        int, typer.Option(min=100, metavar="N", help="German sentences to learn and check on.")
    ] = DEFAULT_SAMPLE,
    beams: flags.Beams = None,
    batch_size: flags.BatchSize = DEFAULT_BATCH_SIZE,
    device: flags.Device = Device.auto,
    quantize: flags.Quantize = None,
    recursive: flags.Recursive = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help=f"Enable the shortlist even if under {MIN_AGREEMENT_PERCENT}% of the held-out "
            "sentences come out identical.",
        ),
    ] = False,
    quiet: flags.Quiet = False,
    debug: flags.Debug = False,
) -> None:
    """Learn a shortlist from your own articles, check it, and enable it.

    Example: translate shortlist build archive/ --sample 2000

    Four fifths of a sample of the German (article files, folders, or the `text` of a .jsonl or
    .parquet corpus's rows, read from the top) are translated with the full vocabulary and the
    shortlist is learned from them; the last fifth is translated with and without it. When at
    least 98% of those sentences come out identical, the shortlist is written beside the
    converted model and `translate run --shortlist` uses it; the report says how many agreed and
    how much faster it was.
    """
    from translate.cli.logs import configure_logging

    configure_logging(quiet=quiet, debug=debug)
    with errors_as_exit_codes(debug=debug):
        from translate.engines.shortlist_build import shortlist_archive

        options = Options(
            model=model,
            beams=beams,
            batch_size=batch_size,
            device=device,
            engine=Engine.ct2,
            quantize=quantize,
        )
        report = shortlist_archive(paths, options, sample=sample, recursive=recursive, force=force)
        typer.echo(
            f"shortlist of {report.model} ({report.engine}): {report.tokens:,} of "
            f"{report.vocabulary:,} target tokens, learned from {report.learned:,} sentences"
        )
        typer.echo(
            f"agreement: {report.agreement:.1%} identical ({report.identical:,} of "
            f"{report.held_out:,} held-out sentences); speed: {report.speed_ratio:.2f}x the full "
            f"vocabulary ({report.shortlist_seconds:.1f} s vs {report.full_seconds:.1f} s)"
        )
        if report.enabled:
            forced = " (forced: below the threshold)" if report.forced else ""
            typer.echo(
                f"enabled{forced}: `translate run --shortlist` uses it "
                f"({report.folder / 'vmap.txt'})"
            )
            return
        typer.echo(
            f"translate: error: under {MIN_AGREEMENT_PERCENT}% of the held-out sentences came "
            "out identical, so the shortlist was not enabled; give a larger --sample, or "
            "enable it anyway with --force.",
            err=True,
        )
        raise typer.Exit(1)
