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
from translate.options import (
    ALL_FORMATS,
    DEFAULT_BATCH_SIZE,
    DEFAULT_ENGINE_NAME,
    DEFAULT_MODEL,
    DEFAULT_SEGMENTER,
    DEFAULT_SUMMARY_SENTENCES,
    DEFAULT_WINDOW,
    SEGMENTER_NAMES,
    Options,
)
from translate.read.article import STDIN
from translate.version import __version__

app = typer.Typer(
    name="translate",
    help="Translate German news articles into English: aligned bilingual output and a summary.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help and usage errors: rich's formatting would triple `--help`'s start-up time, and
    # a usage error then stays one line on stderr like every other error.
    rich_markup_mode=None,
)


class Device(StrEnum):
    auto = "auto"
    cpu = "cpu"
    cuda = "cuda"


class Engine(StrEnum):
    ct2 = "ct2"
    torch = "torch"


DEFAULT_ENGINE = Engine(DEFAULT_ENGINE_NAME)


class _StderrFormatter(logging.Formatter):
    """`translate: message` for progress, `translate: error: message` for problems."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.levelno >= logging.WARNING:
            return f"translate: {record.levelname.lower()}: {message}"
        return f"translate: {message}"


def _configure_logging(*, quiet: bool, debug: bool) -> None:
    from translate.cli.progress import StderrHandler

    handler = StderrHandler(sys.stderr)
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
            metavar="PATH",
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
    engine: Annotated[
        Engine,
        typer.Option(
            help="ct2: CTranslate2 (the model is converted once, on first use); "
            "torch: transformers."
        ),
    ] = DEFAULT_ENGINE,
    quantize: Annotated[
        bool | None,
        typer.Option(
            "--quantize/--no-quantize",
            help="int8 weights (default: on for ct2, off for torch).",
            show_default=False,
        ),
    ] = None,
    summary_sentences: Annotated[
        int, typer.Option(min=1, help="Sentences in the summary.")
    ] = DEFAULT_SUMMARY_SENTENCES,
    summary_words: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Summary length in words (replaces --summary-sentences).",
            show_default=False,
        ),
    ] = None,
    summary_model: Annotated[
        str | None,
        typer.Option(
            help="Write the summary with this model (hub id or folder; seq2seq or chat LM) "
            "instead of picking sentences.",
            show_default=False,
        ),
    ] = None,
    summary_prompt: Annotated[
        str | None,
        typer.Option(
            help="Prompt template for --summary-model: a built-in name or a file path "
            "(default: summary).",
            show_default=False,
        ),
    ] = None,
    segmenter: Annotated[
        str,
        typer.Option(
            help=f"Sentence splitter: {', '.join(SEGMENTER_NAMES)} (the last two if installed)."
        ),
    ] = DEFAULT_SEGMENTER,
    align_words: Annotated[
        bool,
        typer.Option(
            "--align-words",
            help="Link each English word to its German words (aligned.jsonl, HTML hover).",
        ),
    ] = False,
    formats: Annotated[
        str,
        typer.Option(help=f"Files to write, comma-separated: {', '.join(ALL_FORMATS)}, or all."),
    ] = "all",
    recursive: Annotated[
        bool, typer.Option("--recursive", "-r", help="Look for articles in sub-folders too.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Redo articles whose outputs are already up to date.")
    ] = False,
    cache: Annotated[
        bool,
        typer.Option(
            help="Use the translation cache ($TRANSLATE_CACHE_DIR, else ~/.cache/translate)."
        ),
    ] = True,
    window: Annotated[
        int,
        typer.Option(min=1, help="Sentences from consecutive articles translated together."),
    ] = DEFAULT_WINDOW,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only errors and warnings on stderr.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="One line per article under the progress bar.")
    ] = False,
    debug: Annotated[bool, typer.Option(help="Verbose logs, and tracebacks on errors.")] = False,
) -> None:
    """Translate articles; write one folder of aligned outputs and a summary per article.

    Example: translate run seeds/ --out outputs/

    Each article gets outputs/<name>/ with translation.en.txt, aligned.tsv, aligned.jsonl,
    side-by-side.md, side-by-side.html, aligned.tmx, summary.md and run.json (--formats picks).
    With `-`, the article comes from stdin and the side-by-side Markdown goes to stdout.

    In folders, .txt files are articles (--recursive: sub-folders too); other files are skipped.
    Articles already translated with the same settings are skipped (--force redoes them), and
    outputs/manifest.json lists every article of the run.
    """
    from translate.cli import progress
    from translate.render.formats import parse_formats
    from translate.run import batch as pipeline
    from translate.run.windows import BatchOptions

    to_stdout = STDIN in paths
    _configure_logging(quiet=quiet or to_stdout, debug=debug)
    try:
        chosen_formats = parse_formats(formats)
    except UsageError as error:
        raise _fail(error) from None
    options = Options(
        model=model,
        beams=beams,
        batch_size=batch_size,
        device=device.value,
        engine=engine.value,
        quantize=quantize,
        summary_sentences=summary_sentences,
        summary_words=summary_words,
        summary_model=summary_model,
        summary_prompt=summary_prompt,
        segmenter=segmenter,
        formats=chosen_formats,
        align_words=align_words,
    )
    try:
        if to_stdout:
            if len(paths) > 1:
                raise UsageError("`-` (stdin) cannot be combined with other paths.")
            sys.stdout.write(pipeline.translate_stdin(options))
            return
        batch = BatchOptions(window=window, use_cache=cache, force=force, recursive=recursive)
        with progress.observe(out, quiet=quiet, verbose=verbose) as observer:
            report = pipeline.process_paths(paths, options, out, batch=batch, observer=observer)
    except TranslateError as error:
        if debug:
            raise
        raise _fail(error) from None
    except KeyboardInterrupt:
        typer.echo("translate: interrupted", err=True)
        raise typer.Exit(130) from None
    if report.failures:
        single = len(report.failures) == 1 and not report.results and not report.skipped
        raise typer.Exit(report.failures[0].exit_code if single else 1)
