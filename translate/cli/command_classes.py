"""Typer's command classes, adjusted: one-line usage errors, `PATH...` and grouped options in
the help.

typer vendors click since 0.29 (pyproject.toml's floor); its usage errors are click's classes.
"""

from __future__ import annotations

import shlex
import sys
from typing import Any

import typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperArgument, TyperCommand, TyperGroup

from translate.cli.printable import printable
from translate.errors import INTERRUPTED_EXIT

# The one command, which a path given without it was surely meant for.
RUN = "run"
# The section of `translate run --help` for options without a panel (`--help` itself).
OTHER_OPTIONS = "Other options"


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

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """Find the command; `translate seeds/` (a path where the command goes) suggests
        `translate run seeds/`, unless a command's name is close to it."""
        try:
            return super().resolve_command(ctx, args)
        except UsageError as error:
            meant = args[0] if args else ""
            if RUN in self.commands and meant and "Did you mean" not in error.message:
                shown = " ".join(shlex.quote(arg) for arg in args)
                error.message = (
                    f"{error.message.rstrip('.')}; to translate it, run `translate {RUN} {shown}`"
                )
            raise


class PlainArgument(TyperArgument):
    """An argument shown by its metavar alone (`PATH...`), without typer's `<list[str]>`."""

    def display_type_rich(self, ctx: Any) -> str | None:
        """No type label: the metavar says it."""
        return None

    def get_usage_pieces(self, ctx: Any) -> list[str]:
        """`PATH...` in the usage line, not `{PATH...}...`."""
        return [self.display_name_raw]


class RunCommand(TyperCommand):
    """`translate run`, with its arguments shown as `PlainArgument`s, and its options in the
    groups their `rich_help_panel` names (`run_flags.PANELS` first, in that order).

    Typer draws panels only in its rich help, which this CLI turns off (it would triple
    `--help`'s start-up time); the plain help gets the same groups as sections here.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = PlainArgument

    def format_options(self, ctx: Any, formatter: Any) -> None:
        """One section per panel: its arguments, then its options; unpanelled ones last."""
        from translate.cli.run_flags import PANELS

        groups: dict[str, list[tuple[str, str]]] = {panel: [] for panel in PANELS}
        for param in sorted(self.get_params(ctx), key=lambda p: p.param_type_name != "argument"):
            record = param.get_help_record(ctx)
            if record is not None:
                panel = getattr(param, "rich_help_panel", None) or OTHER_OPTIONS
                groups.setdefault(panel, []).append(record)
        groups[OTHER_OPTIONS] = groups.pop(OTHER_OPTIONS, [])
        for panel, records in groups.items():
            if records:
                with formatter.section(panel):
                    formatter.write_dl(records)
