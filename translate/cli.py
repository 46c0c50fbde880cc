"""The `translate` command: parses options, calls the library, maps its errors to exit codes.

No logic lives here. Library errors (`TranslateError`) become one `translate: error: ...` line on
stderr and the error's exit code: 0 ok, 1 some articles failed, 2 bad input or usage,
3 model unavailable.
"""

from __future__ import annotations

import logging
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from translate.errors import TranslateError, UsageError
from translate.model import DEFAULT_MODEL
from translate.options import Options
from translate.reader import STDIN
from translate.segmenters import DEFAULT_SEGMENTER, SEGMENTER_NAMES
from translate.summarise import DEFAULT_SUMMARY_SENTENCES
from translate.translation import DEFAULT_BATCH_SIZE
from translate.version import __version__

app = typer.Typer(
    name="translate",
    help="Translate German news articles into English: aligned bilingual output and a summary.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Device(StrEnum):
    auto = "auto"
    cpu = "cpu"
    cuda = "cuda"


class _StderrFormatter(logging.Formatter):
    """`translate: message` for progress, `translate: error: message` for problems."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.levelno >= logging.WARNING:
            return f"translate: {record.levelname.lower()}: {message}"
        return f"translate: {message}"


def _configure_logging(*, quiet: bool, debug: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_StderrFormatter())
    package_logger = logging.getLogger("translate")
    package_logger.handlers = [handler]
    package_logger.propagate = False
    package_logger.setLevel(logging.DEBUG if debug else logging.WARNING if quiet else logging.INFO)
    if not debug:
        # transformers' own advice and warnings are noise to a user of this tool.
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def _fail(error: TranslateError) -> typer.Exit:
    typer.echo(f"translate: error: {error}", err=True)
    return typer.Exit(error.exit_code)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"translate {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Translate German news articles into English: aligned bilingual output and a summary."""


@app.command("run")
def run_cli(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="German articles (.txt, UTF-8) or folders of them; `-` reads one from stdin.",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the results, one subfolder per article.")
    ] = Path("outputs"),
    model: Annotated[
        str,
        typer.Option(envvar="TRANSLATE_MODEL", help="Hugging Face model id or local folder."),
    ] = DEFAULT_MODEL,
    beams: Annotated[
        int | None,
        typer.Option(
            min=1, help="Beam size (default: the model's own, 4 for opus-mt).", show_default=False
        ),
    ] = None,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Sentences per batch.")
    ] = DEFAULT_BATCH_SIZE,
    device: Annotated[Device, typer.Option(help="Where the model runs.")] = Device.auto,
    summary_sentences: Annotated[
        int, typer.Option(min=1, help="Sentences in the summary.")
    ] = DEFAULT_SUMMARY_SENTENCES,
    segmenter: Annotated[
        str,
        typer.Option(
            help=f"Sentence splitter: {', '.join(SEGMENTER_NAMES)} (the last two if installed)."
        ),
    ] = DEFAULT_SEGMENTER,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only errors and warnings on stderr.")
    ] = False,
    debug: Annotated[bool, typer.Option(help="Verbose logs, and tracebacks on errors.")] = False,
) -> None:
    """Translate articles; write one folder of aligned outputs and a summary per article.

    Example: translate run seeds/ --out outputs/

    Each article gets outputs/<name>/ with translation.en.txt, aligned.tsv, aligned.jsonl,
    side-by-side.md, summary.md and run.json. With `-`, the article comes from stdin and the
    side-by-side Markdown goes to stdout.
    """
    from translate import pipeline

    to_stdout = STDIN in paths
    _configure_logging(quiet=quiet or to_stdout, debug=debug)
    options = Options(
        model=model,
        beams=beams,
        batch_size=batch_size,
        device=device.value,
        summary_sentences=summary_sentences,
        segmenter=segmenter,
    )
    try:
        if to_stdout:
            if len(paths) > 1:
                raise UsageError("`-` (stdin) cannot be combined with other paths.")
            sys.stdout.write(pipeline.translate_stdin(options))
            return
        report = pipeline.process_paths(paths, options, out)
    except TranslateError as error:
        if debug:
            raise
        raise _fail(error) from None
    except KeyboardInterrupt:
        typer.echo("translate: interrupted", err=True)
        raise typer.Exit(130) from None
    if report.failures:
        single = len(report.failures) == 1 and not report.results
        raise typer.Exit(report.failures[0].exit_code if single else 1)
