"""`translate check FILE...`: the review checks on bilingual files, reported like a linter.

A thin layer over `translate.check.check_files`; the library is imported when the command runs,
so `translate --help` stays fast.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from translate.cli.exits import errors_as_exit_codes

# Exit code when the files were read and something was flagged (0: nothing flagged; 2: bad
# input, as for every command).
FLAGGED_EXIT = 1


class InputFormat(StrEnum):
    """What `--input-format` reads the files as (`translate.check.INPUT_FORMATS`)."""

    tmx = "tmx"
    xliff = "xliff"
    jsonl = "jsonl"
    tsv = "tsv"


class ReportFormat(StrEnum):
    """How findings are printed: linter lines or JSON lines."""

    text = "text"
    jsonl = "jsonl"


def check_cli(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE...",
            help="TMX, XLIFF, JSONL (with de and en) or TSV (with German and English columns); "
            "- reads standard input.",
            show_default=False,
        ),
    ],
    input_format: Annotated[
        InputFormat | None,
        typer.Option(
            "--input-format",
            help="Read the files as this format (default: from the extension, else from the "
            "first character: < XML, { JSON lines, else TSV).",
            show_default=False,
        ),
    ] = None,
    glossary: Annotated[
        Path | None,
        typer.Option(
            "--glossary",
            "-g",
            help="TSV of German terms and their English (as for `translate run`): checked too.",
            show_default=False,
        ),
    ] = None,
    report: Annotated[
        ReportFormat,
        typer.Option("--format", help="text: file:unit: flag: reason lines; jsonl: JSON lines."),
    ] = ReportFormat.text,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
) -> None:
    """Review bilingual files: TMX, XLIFF, TSV, JSONL.

    German → English pairs, checked for what a reviewer should look at.

    Example: translate check outputs/*/aligned.tmx memory.xlf

    Example: xsel -b | translate check - --input-format tsv

    Every review flag of `translate run` (numbers, protected spans, names and acronyms,
    questions, brackets and quotes, mojibake...) on files any tool wrote; the files given
    together are one document set for the consistency checks. One line per finding on stdout;
    exit 0 when nothing is flagged, 1 when something is, 2 when a file cannot be read.
    """
    with errors_as_exit_codes(debug=debug):
        from translate.check import check_files, finding_json, finding_line
        from translate.glossary import load_glossary

        terms = load_glossary(glossary) if glossary is not None else None
        findings = check_files(
            files,
            glossary=terms,
            input_format=input_format.value if input_format is not None else None,
        )
        show = finding_json if report is ReportFormat.jsonl else finding_line
        for finding in findings:
            typer.echo(show(finding))
    if findings:
        raise typer.Exit(FLAGGED_EXIT)
