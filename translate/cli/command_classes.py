"""Typer's command classes, adjusted: one-line usage errors, and `PATH...` in the help.

typer vendors click since 0.29 (pyproject.toml's floor); its usage errors are click's classes.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperArgument, TyperCommand, TyperGroup

from translate.cli.printable import printable
from translate.errors import INTERRUPTED_EXIT


class OneLineErrors(TyperGroup):
    """Usage errors (a bad option value, a missing argument) as one line, like every other error.

    Click prints the usage, a hint and the error over four lines; here it is
    `translate: error: <what> (see translate run --help).` and exit code 2.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command, turning click's usage errors into our one-line form."""
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except NoArgsIsHelpError as error:
            error.show()
            sys.exit(error.exit_code)
        except UsageError as error:
            command = error.ctx.command_path if error.ctx is not None else "translate"
            message = error.format_message().replace("Value error, ", "").rstrip(".")
            line = f"translate: error: {message} (see `{command} --help`)."
            typer.echo(printable(line), err=True)
            sys.exit(error.exit_code)
        except typer.Abort:
            typer.echo("translate: interrupted", err=True)
            sys.exit(INTERRUPTED_EXIT)
        sys.exit(code if isinstance(code, int) else 0)


class PlainArgument(TyperArgument):
    """An argument shown by its metavar alone (`PATH...`), without typer's `<list[str]>`."""

    def display_type_rich(self, ctx: Any) -> str | None:
        """No type label: the metavar says it."""
        return None

    def get_usage_pieces(self, ctx: Any) -> list[str]:
        """`PATH...` in the usage line, not `{PATH...}...`."""
        return [self.display_name_raw]


class RunCommand(TyperCommand):
    """`translate run`, with its arguments shown as `PlainArgument`s."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = PlainArgument
