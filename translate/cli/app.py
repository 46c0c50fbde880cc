"""The `translate` command: parses options, calls the library, maps its errors to exit codes.

No logic lives here. Library errors (`TranslateError`) become one `translate: error: ...` line on
stderr and the error's exit code: 0 ok, 1 some articles failed, 2 bad input or usage,
3 model unavailable, 4 an unexpected error (a bug, or the machine ran out of memory or disk),
130 interrupted. `--debug` shows the traceback instead.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from translate.cli.command_classes import OneLineErrors, RunCommand
from translate.errors import INTERNAL_ERROR_EXIT, INTERRUPTED_EXIT, TranslateError, first_line
from translate.errors import UsageError as TranslateUsageError
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
    MAX_BATCH_SIZE,
    MAX_BEAMS,
    BatchOptions,
    Device,
    Engine,
    Format,
    InputFormat,
    Options,
    RayOptions,
    SegmenterName,
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


def _fail(error: TranslateError) -> typer.Exit:
    typer.echo(f"translate: error: {error}", err=True)
    return typer.Exit(error.exit_code)


def _unexpected(error: Exception) -> typer.Exit:
    """One line for an error no part of translate expected: what it was, and how to see more."""
    if isinstance(error, MemoryError):
        what = "out of memory"
    else:
        what = f"unexpected {type(error).__name__}: {first_line(error) or 'no message'}"
    typer.echo(
        f"translate: error: {what}; run again with --debug for the details, and report it if "
        "it is a bug.",
        err=True,
    )
    return typer.Exit(INTERNAL_ERROR_EXIT)


class Terminated(KeyboardInterrupt):
    """SIGTERM (`timeout`, `docker stop`, a scheduler), handled like Ctrl-C: the run stops, and
    the manifest says it was interrupted."""

    exit_code = 128 + signal.SIGTERM


@contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """Raise `Terminated` on SIGTERM while the command runs (the main thread can only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


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


@app.command("run", cls=RunCommand)
def run_cli(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="German articles (.txt in any encoding, saved .html pages), folders or globs of "
            "them, http(s):// URLs; `-` reads one from stdin.",
            metavar="PATH...",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            help="Folder for the results, one subfolder per article (default: outputs); "
            "`-` writes one article's --formats to stdout.",
            show_default=False,
        ),
    ] = None,
    model: Annotated[
        str,
        typer.Option(
            envvar="TRANSLATE_MODEL", metavar="ID|DIR", help="Hugging Face model id or folder."
        ),
    ] = DEFAULT_MODEL,
    beams: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=MAX_BEAMS,
            metavar="N",
            help=f"Beam size, 1-{MAX_BEAMS} (default: the model's own, 4 for opus-mt).",
            show_default=False,
        ),
    ] = None,
    batch_size: Annotated[
        int,
        typer.Option(min=1, max=MAX_BATCH_SIZE, metavar="N", help="Sentences per batch."),
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
        int, typer.Option(min=1, metavar="N", help="Sentences in the summary.")
    ] = DEFAULT_SUMMARY_SENTENCES,
    summary_words: Annotated[
        int | None,
        typer.Option(
            min=1,
            metavar="N",
            help="Summary length in words (replaces --summary-sentences).",
            show_default=False,
        ),
    ] = None,
    summary_model: Annotated[
        str | None,
        typer.Option(
            metavar="ID|DIR",
            help="Write the summary with this model (hub id or folder; seq2seq or chat LM) "
            "instead of picking sentences.",
            show_default=False,
        ),
    ] = None,
    summary_prompt: Annotated[
        str | None,
        typer.Option(
            metavar="NAME|PATH",
            help="Prompt template for --summary-model: a built-in name or a file path "
            "(default: summary).",
            show_default=False,
        ),
    ] = None,
    segmenter: Annotated[
        SegmenterName,
        typer.Option(help="Sentence splitter (pysbd and somajo if installed)."),
    ] = DEFAULT_SEGMENTER,
    align_words: Annotated[
        bool,
        typer.Option(
            "--align-words",
            help="Link each English word to its German words (aligned.jsonl, HTML hover).",
        ),
    ] = False,
    glossary: Annotated[
        Path | None,
        typer.Option(
            metavar="TSV",
            help="Terms the English must use: German<TAB>English per line (a term mapped to "
            "itself stays untranslated).",
            show_default=False,
        ),
    ] = None,
    formats: Annotated[
        str | None,
        typer.Option(
            metavar="LIST",
            help=f"Files to write, comma-separated: {', '.join(Format)}, or all (default: all; "
            "md on stdout).",
            show_default=False,
        ),
    ] = None,
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
        typer.Option(
            min=1, metavar="N", help="Sentences from consecutive articles translated together."
        ),
    ] = DEFAULT_WINDOW,
    max_bytes: Annotated[
        int,
        typer.Option(min=1, metavar="N", help="Refuse an article larger than this many bytes."),
    ] = DEFAULT_MAX_BYTES,
    encoding: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="Read the inputs' bytes in this encoding, e.g. cp1252 (default: UTF-8 or a BOM's, "
            "else the legacy encoding detected).",
            show_default=False,
        ),
    ] = None,
    input_format: Annotated[
        InputFormat | None,
        typer.Option(
            help="Read inputs as text or as web pages (default: html for .html/.htm files and "
            "pages a URL serves, text otherwise and for stdin).",
            show_default=False,
        ),
    ] = None,
    fetch_timeout: Annotated[
        float,
        typer.Option(min=0.001, metavar="SECONDS", help="Give up on a URL after this long."),
    ] = DEFAULT_FETCH_TIMEOUT,
    ray: Annotated[
        bool,
        typer.Option(
            "--ray",
            help="Run the batch on a Ray cluster (--ray-address, else RAY_ADDRESS, else a Ray "
            "started here); needs the ray extra.",
        ),
    ] = False,
    ray_address: Annotated[
        str | None,
        typer.Option(
            metavar="ADDR",
            help="The Ray cluster to join with --ray (e.g. ray://head:10001).",
            show_default=False,
        ),
    ] = None,
    ray_actors: Annotated[
        int | None,
        typer.Option(
            min=1,
            metavar="N",
            help="Actors holding a model with --ray (default: one per CPU of the cluster).",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only errors and warnings on stderr.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="One line per article under the progress bar.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Verbose logs, and tracebacks on errors.")
    ] = False,
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

    to_stdout = out == Path(STDIO) or (out is None and STDIO in paths)
    configure_logging(quiet=quiet or to_stdout, debug=debug)
    try:
        chosen = parse_formats(formats) if formats is not None else None
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
        if (ray_address is not None or ray_actors is not None) and not ray:
            raise TranslateUsageError("--ray-address and --ray-actors go with --ray; add --ray.")
        if formats is not None and not to_stdout and _is_corpus(paths):
            raise TranslateUsageError(
                "--formats picks the files of an article's folder; a corpus run writes "
                "pairs.* and summaries.*: leave --formats out."
            )
        cluster = RayOptions(address=ray_address, actors=ray_actors) if ray else None
        with _stop_on_sigterm():
            if to_stdout:
                _write_stdout(paths, options, batch)
            else:
                _run_batch(
                    paths,
                    out or DEFAULT_OUT,
                    options,
                    batch,
                    quiet=quiet,
                    verbose=verbose,
                    ray=cluster,
                    debug=debug,
                )
    except TranslateError as error:
        if debug:
            raise
        raise _fail(error) from None
    except Terminated:
        typer.echo("translate: interrupted (SIGTERM)", err=True)
        raise typer.Exit(Terminated.exit_code) from None
    except KeyboardInterrupt:
        typer.echo("translate: interrupted", err=True)
        raise typer.Exit(INTERRUPTED_EXIT) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as error:
        if debug:
            raise
        raise _unexpected(error) from None


def _is_corpus(paths: list[str]) -> bool:
    from translate.run.corpus_input import corpus_format

    return corpus_format(paths) is not None


def _write_stdout(paths: list[str], options: Options, batch: BatchOptions) -> None:
    """One article (a file, a URL, or `-` for stdin) in the one format asked for, on stdout."""
    from translate.run import translate_to_stdout

    if len(paths) != 1:
        raise TranslateUsageError(
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


def _run_batch(
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

        quiet_ray(debug=debug)
    with progress.observe(out_dir, quiet=quiet, verbose=verbose) as observer:
        report = process_paths(
            paths, options, out_dir, batch=batch, observer=observer, keep_results=False, ray=ray
        )
    failed = report.counts.get(str(Status.FAILED), 0)
    if failed:
        written = report.counts.get(str(Status.DONE), 0) + report.counts.get(str(Status.SKIPPED), 0)
        single = failed == 1 and not written
        raise typer.Exit(report.failures[0].exit_code if single and report.failures else 1)
