"""The CLI's stderr: `translate: ...` lines for progress, `translate: error: ...` for problems."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from translate.cli.printable import printable


class StderrFormatter(logging.Formatter):
    """`translate: message` for progress, `translate: error: message` for problems."""

    def format(self, record: logging.LogRecord) -> str:
        message = printable(record.getMessage())
        if record.levelno >= logging.WARNING:
            return f"translate: {record.levelname.lower()}: {message}"
        return f"translate: {message}"


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A log handler that writes to whatever `sys.stderr` is when a record comes.

    While a progress bar is live, rich swaps `sys.stderr` for a proxy that prints above the bar;
    a handler holding on to the original stream would draw through it.
    """

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def configure_logging(*, quiet: bool, debug: bool) -> None:
    """Send the package's log records to stderr, at the level the flags ask for."""
    handler = StderrHandler(sys.stderr)
    handler.setFormatter(StderrFormatter())
    package_logger = logging.getLogger("translate")
    package_logger.handlers = [handler]
    package_logger.propagate = False
    package_logger.setLevel(logging.DEBUG if debug else logging.WARNING if quiet else logging.INFO)
    if not debug:
        # transformers' own advice and warnings are noise to a user of this tool.
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def quiet_ray(*, debug: bool) -> Callable[[], AbstractContextManager[object]]:
    """Keep Ray's own chatter (its C++ core's log lines, Ray Data's progress) off stderr, where
    the run's progress is; `--debug` shows it all. A Ray that is not installed is left to the
    library to report. Returns what to wrap Ray's start in (`RayOptions.starting`)."""
    if debug:
        return nullcontext
    # Ray's C++ core logs one alarming but harmless line per actor otherwise (ray#53727).
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    os.environ.setdefault("RAY_LOGGER_LEVEL", "error")
    warnings.filterwarnings("ignore", module=r"ray(\.|$)")
    try:
        import ray.data
    except ImportError:
        return without_log_level_line
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    return without_log_level_line


@contextmanager
def without_log_level_line() -> Iterator[None]:
    """Keep off stderr the one line Ray's C++ core writes there as it starts when
    `RAY_BACKEND_LOG_LEVEL` is set (`Set ray log level from environment variable ...`), and
    pass on anything else written meanwhile. (The variable is how Ray's core is told to keep
    its own chatter quiet; `quiet_ray` sets it.) File descriptor 2 is the process's: this is
    the command line's to change, never the library's."""
    if "RAY_BACKEND_LOG_LEVEL" not in os.environ:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as captured:
        os.dup2(captured.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            captured.seek(0)
            kept = [
                line
                for line in captured.read().splitlines(keepends=True)
                if _LEVEL_LINE not in line
            ]
            if kept:
                os.write(2, b"".join(kept))


_LEVEL_LINE = b"Set ray log level from environment variable"
