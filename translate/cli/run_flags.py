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
    Format,
    SegmenterName,
)


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
    ),
]

Model = Annotated[
    str,
    typer.Option(
        envvar="TRANSLATE_MODEL", metavar="ID|DIR", help="Hugging Face model id or folder."
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
    ),
]

BatchSize = Annotated[
    int,
    typer.Option(min=1, max=MAX_BATCH_SIZE, metavar="N", help="Sentences per batch."),
]

Device = Annotated[options.Device, typer.Option(help="Where the model runs.")]

Engine = Annotated[
    options.Engine,
    typer.Option(
        help="ct2: CTranslate2 (the model is converted once, on first use); torch: transformers."
    ),
]

Quantize = Annotated[
    bool | None,
    typer.Option(
        "--quantize/--no-quantize",
        help="int8 weights (default: on for ct2, off for torch).",
        show_default=False,
    ),
]

Shortlist = Annotated[
    bool,
    typer.Option(
        "--shortlist",
        help="Decode with the vocabulary shortlist built for this model by `translate shortlist "
        "build` (ct2 only): faster, and as exact as its build report says.",
    ),
]

SummarySentences = Annotated[
    int, typer.Option(min=1, metavar="N", help="Sentences in the summary.")
]

SummaryWords = Annotated[
    int | None,
    typer.Option(
        min=1,
        metavar="N",
        help="Summary length in words (replaces --summary-sentences).",
        show_default=False,
    ),
]

SummaryModel = Annotated[
    str | None,
    typer.Option(
        metavar="ID|DIR",
        help="Write the summary with this model (hub id or folder; seq2seq or chat LM) "
        "instead of picking sentences.",
        show_default=False,
    ),
]

SummaryPrompt = Annotated[
    str | None,
    typer.Option(
        metavar="NAME|PATH",
        help="Prompt template for --summary-model: a built-in name or a file path "
        "(default: summary).",
        show_default=False,
    ),
]

Segmenter = Annotated[
    SegmenterName,
    typer.Option(help="Sentence splitter (pysbd and somajo if installed)."),
]

AlignWords = Annotated[
    bool,
    typer.Option(
        "--align-words",
        help="Link each English word to its German words (aligned.jsonl, HTML hover).",
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
    ),
]

Formats = Annotated[
    str | None,
    typer.Option(
        metavar="LIST",
        help=f"Files to write, comma-separated: {', '.join(Format)}, or all (default: all; "
        "md on stdout).",
        show_default=False,
    ),
]

Recursive = Annotated[
    bool, typer.Option("--recursive", "-r", help="Look for articles in sub-folders too.")
]

Force = Annotated[
    bool, typer.Option("--force", help="Redo articles whose outputs are already up to date.")
]

Cache = Annotated[
    bool,
    typer.Option(help="Use the translation cache ($TRANSLATE_CACHE_DIR, else ~/.cache/translate)."),
]

Window = Annotated[
    int,
    typer.Option(
        min=1, metavar="N", help="Sentences from consecutive articles translated together."
    ),
]

MaxBytes = Annotated[
    int,
    typer.Option(min=1, metavar="N", help="Refuse an article larger than this many bytes."),
]

Encoding = Annotated[
    str | None,
    typer.Option(
        metavar="NAME",
        help="Read the inputs' bytes in this encoding, e.g. cp1252 (default: UTF-8 or a BOM's, "
        "else the legacy encoding detected).",
        show_default=False,
    ),
]

InputFormat = Annotated[
    options.InputFormat | None,
    typer.Option(
        help="Read inputs as text or as web pages (default: html for .html/.htm files and "
        "pages a URL serves, text otherwise and for stdin).",
        show_default=False,
    ),
]

FetchTimeout = Annotated[
    float,
    typer.Option(min=0.001, metavar="SECONDS", help="Give up on a URL after this long."),
]

Ray = Annotated[
    bool,
    typer.Option(
        "--ray",
        help="Run the batch on a Ray cluster (--ray-address, else RAY_ADDRESS, else a Ray "
        "started here); needs the ray extra.",
    ),
]

RayAddress = Annotated[
    str | None,
    typer.Option(
        metavar="ADDR",
        help="The Ray cluster to join with --ray (e.g. ray://head:10001).",
        show_default=False,
    ),
]

RayActors = Annotated[
    int | None,
    typer.Option(
        min=1,
        metavar="N",
        help="Actors holding a model with --ray (default: one per CPU of the cluster).",
        show_default=False,
    ),
]

Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and warnings on stderr.")]

Verbose = Annotated[
    bool, typer.Option("--verbose", "-v", help="One line per article under the progress bar.")
]

Debug = Annotated[bool, typer.Option("--debug", help="Verbose logs, and tracebacks on errors.")]
