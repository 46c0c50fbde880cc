"""`translate apply`: post-edited XLIFF files of ours brought back into their article folders.

Thin: calls `translate.postedit.apply_files`; errors become one line and an exit code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from translate.cli.exits import errors_as_exit_codes
from translate.cli.memory import Debug, MemoryPath


def apply_cli(
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE.xlf...", help="Post-edited aligned.xlf files.")
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            help="Where the article folders are, when an XLIFF is no longer in its own "
            "(default: beside the XLIFF, else outputs/).",
            show_default=False,
        ),
    ] = None,
    glossary: Annotated[
        Path | None,
        typer.Option(
            "--glossary",
            metavar="FILE",
            help="The glossary the articles were translated with: the edited English is "
            "checked with it too.",
            show_default=False,
        ),
    ] = None,
    memory: MemoryPath = None,
    no_memory: Annotated[
        bool, typer.Option("--no-memory", help="Keep the edits out of the translation memory.")
    ] = False,
    debug: Debug = False,
) -> None:
    """Re-render article folders from the English a person corrected in their XLIFF.

    Example: translate apply outputs/artikel/aligned.xlf

    Every format of the folder shows the edited English, the summary is chosen again from it,
    and run.json counts the edited pairs; nothing is translated again. The edits also go into
    the translation memory (--no-memory: not).
    """
    from translate.errors import UsageError
    from translate.glossary import load_glossary
    from translate.memory import memory_path
    from translate.postedit import apply_files

    with errors_as_exit_codes(debug=debug):
        if memory is not None and no_memory:
            raise UsageError("--memory and --no-memory contradict each other; pick one.")
        terms = load_glossary(glossary) if glossary is not None else None
        remember = None if no_memory else memory_path(memory)
        for result in apply_files(files, out, remember, terms):
            typer.echo(f"{result.folder}: {result.edited} pairs edited by a person.", err=True)
