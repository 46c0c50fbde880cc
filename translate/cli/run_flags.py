"""The `run` command's arguments and flags, as `Annotated` types: their help text is what
`translate run --help` (and the README's options table, generated from it) says."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from translate import options
from translate.options import (
    MAX_BATCH_SIZE,
    MAX_BEAMS,
    MAX_WINDOW,
    Format,
    SegmenterName,
)

# The groups of `translate run --help` (Typer's `rich_help_panel`; `RunCommand` shows them as
# sections of the plain help too), in the order a person looks for them.
INPUTS = "Inputs"
OUTPUTS = "Outputs"
MODEL = "Model and engine"
SUMMARY = "Summary"
BATCH = "Batch"
RAY = "Ray"
MESSAGES = "Messages"
PANELS = (INPUTS, OUTPUTS, MODEL, SUMMARY, BATCH, RAY, MESSAGES)


def non_empty_path(value: str) -> Path:
    """A path option's value; `""` (an unset `$OUT`) would be `Path(".")`, the current folder."""
    if not value:
        raise typer.BadParameter("an empty path (an unset variable?); give a path.")
    return Path(value)


Paths = Annotated[
    list[str],
    typer.Argument(
        help="German articles (.txt in any encoding, saved .html pages), folders or globs of "
        "them, http(s):// URLs; `-` reads one from stdin.",
        metavar="PATH...",
        show_default=False,
        rich_help_panel=INPUTS,
    ),
]

Out = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        metavar="DIR",
        parser=non_empty_path,
        help="Folder for the results, one subfolder per article (default: outputs); "
        "`-` writes one article's --formats to stdout.",
        show_default=False,
        rich_help_panel=OUTPUTS,
    ),
]

Model = Annotated[
    str,
    typer.Option(
        envvar="TRANSLATE_MODEL",
        metavar="ID|DIR",
        help="Hugging Face model id or folder.",
        rich_help_panel=MODEL,
    ),
]

Beams = Annotated[
    int | None,
    typer.Option(
        min=1,
        max=MAX_BEAMS,
        metavar="N",
        help=f"Beam size, 1-{MAX_BEAMS} (default: the model's own, 4 for opus-mt).",
        show_default=False,
        rich_help_panel=MODEL,
    ),
]

BatchSize = Annotated[
    int,
    typer.Option(
        min=1, max=MAX_BATCH_SIZE, metavar="N", help="Sentences per batch.", rich_help_panel=MODEL
    ),
]

Device = Annotated[
    options.Device, typer.Option(help="Where the model runs.", rich_help_panel=MODEL)
]

Engine = Annotated[
    options.Engine,
    typer.Option(
        help="ct2: CTranslate2 (the model is converted once, on first use); torch: transformers.",
        rich_help_panel=MODEL,
    ),
]

Quantize = Annotated[
    bool | None,
    typer.Option(
        "--quantize/--no-quantize",
        help="int8 weights (default: on for ct2, off for torch).",
        show_default=False,
        rich_help_panel=MODEL,
    ),
]

Shortlist = Annotated[
    bool,
    typer.Option(
        "--shortlist",
        help="Decode with the vocabulary shortlist built for this model by `translate shortlist "
        "build` (ct2 only): faster, and as exact as its build report says.",
        rich_help_panel=MODEL,
    ),
]

SummarySentences = Annotated[
    int, typer.Option(min=1, metavar="N", help="Sentences in the summary.", rich_help_panel=SUMMARY)
]

SummaryWords = Annotated[
    int | None,
    typer.Option(
        min=1,
        metavar="N",
        help="Summary length in words (replaces --summary-sentences).",
        show_default=False,
        rich_help_panel=SUMMARY,
    ),
]

SummaryModel = Annotated[
    str | None,
    typer.Option(
        metavar="ID|DIR",
        help="Write the summary with this model (hub id or folder; seq2seq or chat LM) "
        "instead of picking sentences.",
        show_default=False,
        rich_help_panel=SUMMARY,
    ),
]

SummaryPrompt = Annotated[
    str | None,
    typer.Option(
        metavar="NAME|PATH",
        help="Prompt template for --summary-model: a built-in name or a file path "
        "(default: summary).",
        show_default=False,
        rich_help_panel=SUMMARY,
    ),
]

Segmenter = Annotated[
    SegmenterName,
    typer.Option(help="Sentence splitter (pysbd and somajo if installed).", rich_help_panel=MODEL),
]

AlignWords = Annotated[
    bool,
    typer.Option(
        "--align-words",
        help="Link each English word to its German words (aligned.jsonl, HTML hover).",
        rich_help_panel=OUTPUTS,
    ),
]

Glossary = Annotated[
    Path | None,
    typer.Option(
        metavar="TSV",
        parser=non_empty_path,
        help="Terms the English must use: German<TAB>English per line (a term mapped to "
        "itself stays untranslated).",
        show_default=False,
        rich_help_panel=MODEL,
    ),
]

Formats = Annotated[
    str | None,
    typer.Option(
        metavar="LIST",
        help=f"Files to write, comma-separated: {', '.join(Format)}, or all (default: all; "
        "md on stdout). all is every file of an article's folder; xlsx, one spreadsheet of the "
        "whole batch (pairs.xlsx), is asked for by name: all,xlsx.",
        show_default=False,
        rich_help_panel=OUTPUTS,
    ),
]

Recursive = Annotated[
    bool,
    typer.Option(
        "--recursive", "-r", help="Look for articles in sub-folders too.", rich_help_panel=INPUTS
    ),
]

Memory = Annotated[
    Path | None,
    typer.Option(
        "--memory",
        metavar="PATH",
        help="The translation memory: sentences found there take a person's English "
        "(default: $TRANSLATE_MEMORY, else $XDG_DATA_HOME/translate/memory.sqlite3).",
        show_default=False,
        rich_help_panel=MODEL,
    ),
]

NoMemory = Annotated[
    bool,
    typer.Option(
        "--no-memory",
        help="Use no translation memory: all English from the model.",
        rich_help_panel=MODEL,
    ),
]

Force = Annotated[
    bool,
    typer.Option(
        "--force", help="Redo articles whose outputs are already up to date.", rich_help_panel=BATCH
    ),
]

Cache = Annotated[
    bool,
    typer.Option(
        help="Use the translation cache ($TRANSLATE_CACHE_DIR, else ~/.cache/translate).",
        rich_help_panel=BATCH,
    ),
]

Window = Annotated[
    int,
    typer.Option(
        min=1,
        max=MAX_WINDOW,
        metavar="N",
        help="Sentences from consecutive articles translated together.",
        rich_help_panel=BATCH,
    ),
]

MaxBytes = Annotated[
    int,
    typer.Option(
        min=1,
        metavar="N",
        help="Refuse an article larger than this many bytes.",
        rich_help_panel=INPUTS,
    ),
]

Encoding = Annotated[
    str | None,
    typer.Option(
        metavar="NAME",
        help="Read the inputs' bytes in this encoding, e.g. cp1252 (default: UTF-8 or a BOM's, "
        "else the legacy encoding detected).",
        show_default=False,
        rich_help_panel=INPUTS,
    ),
]

InputFormat = Annotated[
    options.InputFormat | None,
    typer.Option(
        help="Read inputs as text, web pages or documents (default: as the suffix says, "
        ".html/.htm, .docx, .odt or .pdf, or a URL's content type; text otherwise and for stdin).",
        show_default=False,
        rich_help_panel=INPUTS,
    ),
]

FetchTimeout = Annotated[
    float,
    typer.Option(
        min=0.001,
        metavar="SECONDS",
        help="Give up on a URL after this long.",
        rich_help_panel=INPUTS,
    ),
]

Ray = Annotated[
    bool,
    typer.Option(
        "--ray",
        help="Run the batch on a Ray cluster (--ray-address, else RAY_ADDRESS, else a Ray "
        "started here); needs the ray extra.",
        rich_help_panel=RAY,
    ),
]

RayAddress = Annotated[
    str | None,
    typer.Option(
        metavar="ADDR",
        help="The Ray cluster to join with --ray (e.g. ray://head:10001).",
        show_default=False,
        rich_help_panel=RAY,
    ),
]

RayActors = Annotated[
    int | None,
    typer.Option(
        min=1,
        metavar="N",
        help="Actors holding a model with --ray (default: one per CPU of the cluster).",
        show_default=False,
        rich_help_panel=RAY,
    ),
]

Quiet = Annotated[
    bool,
    typer.Option(
        "--quiet", "-q", help="Only errors and warnings on stderr.", rich_help_panel=MESSAGES
    ),
]

Verbose = Annotated[
    bool,
    typer.Option(
        "--verbose",
        "-v",
        help="One line per article under the progress bar.",
        rich_help_panel=MESSAGES,
    ),
]

Debug = Annotated[
    bool,
    typer.Option(
        "--debug", help="Verbose logs, and tracebacks on errors.", rich_help_panel=MESSAGES
    ),
]
