"""How the command ends: a library error as one `translate: error: ...` line and its exit code,
an unexpected one as one line too (the traceback only with `--debug`), Ctrl-C and SIGTERM as
`interrupted`."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import typer

from translate.cli.printable import printable
from translate.errors import INTERNAL_ERROR_EXIT, INTERRUPTED_EXIT, TranslateError, first_line

# What an interrupted batch says: the same command picks it up where it stopped.
RESUME_HINT = "run the same command again to resume: finished articles are kept"


@contextmanager
def errors_as_exit_codes(*, debug: bool, resumable: bool = False) -> Iterator[None]:
    """Run the command's body; turn what escapes it into the line and the exit code it means.

    `resumable`: the command writes a batch that a rerun resumes, so an interruption says so.
    """
    hint = f"; {RESUME_HINT}" if resumable else ""
    try:
        with _stop_on_sigterm():
            yield
    except TranslateError as error:
        if debug:
            raise
        raise _fail(error) from None
    except Terminated:
        typer.echo(f"translate: interrupted (SIGTERM){hint}", err=True)
        raise typer.Exit(Terminated.exit_code) from None
    except KeyboardInterrupt:
        typer.echo(f"translate: interrupted{hint}", err=True)
        raise typer.Exit(INTERRUPTED_EXIT) from None
    except (typer.Exit, typer.Abort):
        raise
    except BrokenPipeError:
        # The reader of stdout went away (`translate check ... | head`): stop quietly, as other
        # filters do, with the shell's code for it; stdout goes to /dev/null so that the final
        # flush does not fail again.
        _silence_stdout()
        raise typer.Exit(128 + signal.SIGPIPE) from None
    except Exception as error:
        if debug:
            raise
        raise _unexpected(error) from None


def _silence_stdout() -> None:
    try:
        descriptor = os.open(os.devnull, os.O_WRONLY)
        os.dup2(descriptor, sys.stdout.fileno())
        os.close(descriptor)
    except (OSError, ValueError):  # no real stdout (a test runner's): nothing to flush there
        pass


def _fail(error: TranslateError) -> typer.Exit:
    typer.echo(f"translate: error: {printable(str(error))}", err=True)
    return typer.Exit(error.exit_code)


def _unexpected(error: Exception) -> typer.Exit:
    """One line for an error no part of translate expected: what it was, and how to see more."""
    if isinstance(error, MemoryError):
        what = "out of memory"
    else:
        what = f"unexpected {type(error).__name__}: {printable(first_line(error)) or 'no message'}"
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
