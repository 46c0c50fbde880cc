"""The `translate` command: parses the flags into `Options`, and hands them to `jobs`.

The flags are parsed and checked here (and the choices that depend on several flags made, such
as which job a run is); the work is done in `jobs` and the library. What escapes the command
becomes an exit code in `exits`: 0 ok, 1 some articles failed, 2 bad input or usage, 3 model
unavailable, 4 an unexpected error (a bug, or the machine ran out of memory or disk), 130
interrupted, 143 stopped by SIGTERM.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from translate.cli import run_flags as flags
from translate.cli.apply import apply_cli
from translate.cli.check import check_cli
from translate.cli.command_classes import OneLineErrors, RunCommand
from translate.cli.evaluate import evaluate_cli
from translate.cli.exits import errors_as_exit_codes
from translate.cli.jobs import check_flag_combinations, run_batch, write_stdout
from translate.cli.memory import memory_app
from translate.cli.shortlist import shortlist_app
from translate.glossary import load_glossary
from translate.options import (
    ALL_FORMATS,
    DEFAULT_BATCH_SIZE,
    DEFAULT_ENGINE,
    DEFAULT_FETCH_TIMEOUT,
    DEFAULT_MAX_BYTES,
    DEFAULT_MODEL,
    DEFAULT_SEGMENTER,
    DEFAULT_SUMMARY_SENTENCES,
    DEFAULT_WINDOW,
    BatchOptions,
    Device,
    Format,
    Options,
    RayOptions,
    parse_formats,
)
from translate.version import __version__

STDIO = "-"
DEFAULT_OUT = Path("outputs")


app = typer.Typer(
    cls=OneLineErrors,
    name="translate",
    help="Translate German news articles into English: aligned bilingual output and a summary.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help and usage errors: rich's formatting would triple `--help`'s start-up time, and
    # a usage error then stays one line on stderr like every other error.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"translate {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_show_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """Translate German news articles into English: aligned bilingual output and a summary."""


@app.command(
    "run",
    cls=RunCommand,
    # The top-level help's line for the command: whole, where click would cut the docstring's.
    short_help="Translate articles: aligned German/English outputs and a summary for each.",
)
def run_cli(
    paths: flags.Paths,
    out: flags.Out = None,
    model: flags.Model = DEFAULT_MODEL,
    beams: flags.Beams = None,
    batch_size: flags.BatchSize = DEFAULT_BATCH_SIZE,
    device: flags.Device = Device.auto,
    engine: flags.Engine = DEFAULT_ENGINE,
    quantize: flags.Quantize = None,
    shortlist: flags.Shortlist = False,
    summary_sentences: flags.SummarySentences = DEFAULT_SUMMARY_SENTENCES,
    summary_words: flags.SummaryWords = None,
    summary_model: flags.SummaryModel = None,
    summary_prompt: flags.SummaryPrompt = None,
    segmenter: flags.Segmenter = DEFAULT_SEGMENTER,
    align_words: flags.AlignWords = False,
    glossary: flags.Glossary = None,
    memory: flags.Memory = None,
    no_memory: flags.NoMemory = False,
    formats: flags.Formats = None,
    recursive: flags.Recursive = False,
    force: flags.Force = False,
    cache: flags.Cache = True,
    window: flags.Window = DEFAULT_WINDOW,
    max_bytes: flags.MaxBytes = DEFAULT_MAX_BYTES,
    encoding: flags.Encoding = None,
    input_format: flags.InputFormat = None,
    fetch_timeout: flags.FetchTimeout = DEFAULT_FETCH_TIMEOUT,
    ray: flags.Ray = False,
    ray_address: flags.RayAddress = None,
    ray_actors: flags.RayActors = None,
    quiet: flags.Quiet = False,
    verbose: flags.Verbose = False,
    debug: flags.Debug = False,
) -> None:
    """Translate articles; write one folder of aligned outputs and a summary per article.

    Example: translate run seeds/ --out outputs/

    Each article gets outputs/<name>/ with translation.en.txt, aligned.tsv, aligned.jsonl,
    side-by-side.md, side-by-side.html, aligned.tmx, aligned.xlf, summary.md and run.json
    (--formats picks).
    With `-` and no --out, the article comes from stdin and one format (--formats, default md)
    goes to stdout; `--out -` does the same for one article file.

    In folders, .txt and .html files are articles (--recursive: sub-folders too); other files
    are skipped. A URL is fetched, and its page kept beside the outputs (source.html).
    Articles already translated with the same settings are skipped (--force redoes them), and
    outputs/manifest.json lists every article of the run.
    """
    from translate.cli.logs import configure_logging
    from translate.memory.store import memory_path

    to_stdout = out == Path(STDIO) or (out is None and STDIO in paths)
    configure_logging(quiet=quiet or to_stdout, debug=debug)
    with errors_as_exit_codes(debug=debug, resumable=not to_stdout):
        chosen = parse_formats(formats) if formats is not None else None
        check_flag_combinations(
            paths,
            chosen,
            to_stdout=to_stdout,
            memory=memory is not None and no_memory,
            ray_settings=(ray_address is not None or ray_actors is not None) and not ray,
        )
        terms = load_glossary(glossary) if glossary is not None else None
        options = Options(
            model=model,
            beams=beams,
            batch_size=batch_size,
            device=device,
            engine=engine,
            quantize=quantize,
            summary_sentences=summary_sentences,
            summary_words=summary_words,
            summary_model=summary_model,
            summary_prompt=summary_prompt,
            segmenter=segmenter,
            formats=chosen or ((Format.md,) if to_stdout else ALL_FORMATS),
            align_words=align_words,
            glossary=terms,
            memory=None if no_memory else memory_path(memory),
            shortlist=shortlist,
        )
        batch = BatchOptions(
            window=window,
            use_cache=cache,
            force=force,
            recursive=recursive,
            max_bytes=max_bytes,
            encoding=encoding,
            input_format=input_format,
            fetch_timeout=fetch_timeout,
        )
        cluster = RayOptions(address=ray_address, actors=ray_actors) if ray else None
        if STDIO in paths and not quiet and sys.stdin.isatty():  # else it looks like a hang
            typer.echo(
                "translate: reading the article from the terminal: paste or type it, then "
                "press Ctrl-D on a line of its own.",
                err=True,
            )
        if to_stdout:
            write_stdout(paths, options, batch)
        else:
            run_batch(
                paths,
                out or DEFAULT_OUT,
                options,
                batch,
                quiet=quiet,
                verbose=verbose,
                ray=cluster,
                debug=debug,
            )


# The other commands, after run in --help: check, apply and memory close the reader's loop.
app.command("check", no_args_is_help=True)(check_cli)
app.add_typer(
    memory_app, name="memory", short_help="The translation memory: what a person translated."
)
app.command(
    "apply",
    cls=RunCommand,
    no_args_is_help=True,
    short_help="Bring a post-edited aligned.xlf back into its article folder.",
)(apply_cli)
app.command("evaluate")(evaluate_cli)
app.add_typer(
    shortlist_app, short_help="Vocabulary shortlists learned from your articles: faster ct2."
)
