"""The CLI's stderr: `translate: ...` lines for progress, `translate: error: ...` for problems."""

from __future__ import annotations

import logging
import os
import sys
import warnings

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


def quiet_ray(*, debug: bool) -> None:
    """Keep Ray's own chatter (its C++ core's log lines, Ray Data's progress) off stderr, where
    the run's progress is; `--debug` shows it all. A Ray that is not installed is left to the
    library to report."""
    if debug:
        return
    # Ray's C++ core logs one alarming but harmless line per actor otherwise (ray#53727).
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    os.environ.setdefault("RAY_LOGGER_LEVEL", "error")
    warnings.filterwarnings("ignore", module=r"ray(\.|$)")
    try:
        import ray.data
    except ImportError:
        return
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
