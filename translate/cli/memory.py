"""`translate memory`: what the translation memory holds, `import` into it, `export` it as TMX.

Thin: each command calls one function of `translate.memory`; errors become one line and an
exit code in `exits`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from translate.cli.command_classes import OneLineErrors, RunCommand
from translate.cli.exits import errors_as_exit_codes

MemoryPath = Annotated[
    Path | None,
    typer.Option(
        "--memory",
        metavar="PATH",
        help="The memory file (default: $TRANSLATE_MEMORY, else "
        "$XDG_DATA_HOME/translate/memory.sqlite3).",
    ),
]
Debug = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]

memory_app = typer.Typer(
    cls=OneLineErrors,
    help="The translation memory: human translations a run uses before the model.",
    invoke_without_command=True,
    rich_markup_mode=None,
)


@memory_app.callback()
def memory_cli(ctx: typer.Context, memory: MemoryPath = None, debug: Debug = False) -> None:
    """Print what the translation memory holds (with a subcommand: import into it, export it).

    Example: translate memory
    """
    ctx.obj = memory
    if ctx.invoked_subcommand is not None:
        return
    from translate.memory import Memory, memory_path

    with errors_as_exit_codes(debug=debug):
        path = memory_path(memory)
        with Memory(path) as opened:
            stats = opened.stats()
    if not stats.exists:
        typer.echo(f"{path}: no memory yet (translate memory import FILE... starts one).")
        return
    latest = f", the latest from {stats.latest}" if stats.latest else ""
    typer.echo(f"{path}: {stats.units} pairs from {stats.files} files{latest}.")


@memory_app.command("import", cls=RunCommand)
def import_cli(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(metavar="FILE...", help="Post-edited XLIFF, TMX or TSV files."),
    ],
    memory: MemoryPath = None,
    debug: Debug = False,
) -> None:
    """Add the human translations in FILEs to the memory: all of them, or none on an error.

    Example: translate memory import outputs/article/aligned.xlf corrections.tmx

    XLIFF 1.2 (ours after post-editing, or any CAT tool's), TMX 1.4 and TSV (German and English
    columns). Machine drafts nobody touched stay out. Of two Englishes for one German sentence,
    the one its file dates later wins (the later imported on equal dates). A file that holds
    no pair is named in a warning.
    """
    from translate.cli.printable import printable
    from translate.memory import import_files, memory_path

    with errors_as_exit_codes(debug=debug):
        report = import_files(files, memory_path(memory or ctx.obj))
    for name in report.empty:
        typer.echo(
            printable(
                f"translate: warning: {name}: holds no German-English pair a person translated"
            ),
            err=True,
        )
    typer.echo(
        f"imported {report.units} pairs from {report.files} files ({report.changed} new or "
        f"changed, {report.units - report.changed} already there); the memory holds "
        f"{report.total} pairs.",
        err=True,
    )


@memory_app.command("export")
def export_cli(
    ctx: typer.Context,
    out: Annotated[
        Path, typer.Argument(metavar="OUT.tmx", help="The TMX file to write; - for stdout.")
    ],
    memory: MemoryPath = None,
    debug: Debug = False,
) -> None:
    """Write the whole memory as a TMX 1.4 file, for a CAT tool or another machine.

    Example: translate memory export memory.tmx
    """
    from translate.memory import export_memory, memory_path

    with errors_as_exit_codes(debug=debug):
        count = export_memory(memory_path(memory or ctx.obj), out)
    if str(out) != "-":
        typer.echo(f"exported {count} pairs to {out}.", err=True)
