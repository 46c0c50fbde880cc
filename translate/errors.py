"""The errors the library raises; the CLI maps each to one stderr line and an exit code.

Every message is a complete sentence that names the file or model and says what to do, so the
CLI can print it as it is.
"""

# Exit codes besides those of the errors below: an error nothing in translate expected (a bug,
# or the machine out of memory or disk), and a run stopped by Ctrl-C or SIGTERM (128 + SIGINT).
INTERNAL_ERROR_EXIT = 4
INTERRUPTED_EXIT = 130


class TranslateError(Exception):
    """Base class: something the user can fix, reported without a traceback."""

    exit_code = 1


class InputError(TranslateError):
    """An article cannot be read: missing, unreadable, empty, binary or not UTF-8."""

    exit_code = 2


class UsageError(TranslateError):
    """An option or argument is invalid."""

    exit_code = 2


class ModelUnavailableError(TranslateError):
    """The translation model is neither a local folder nor in the cache, and cannot be fetched."""

    exit_code = 3


class TemplateError(TranslateError):
    """A prompt template is missing, uses a placeholder that does not exist, or lacks `$text`."""

    exit_code = 2


class OutputError(TranslateError):
    """A result cannot be written (permissions, full disk, a file where a folder should be)."""

    exit_code = 1


class OutputBusyError(OutputError):
    """Another run holds the output folder's lock: nothing ran, so not "some articles failed"
    (1) but a usage problem (2): wait, or give another --out."""

    exit_code = 2


class ClusterError(TranslateError):
    """A Ray job stopped for a reason of the cluster's (a node lost, a task crashing again)."""

    exit_code = 1


def first_line(error: BaseException) -> str:
    """The first line of a library exception's message, to quote inside a one-line error."""
    message = str(error).strip()
    return message.splitlines()[0] if message else ""
