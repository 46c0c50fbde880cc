"""`translate evaluate`: BLEU and chrF of the whole pipeline on a test set, for one engine or two.

A thin layer over `translate.evaluate`; sacrebleu and the model are imported when it runs.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from translate.cli import run_flags as flags
from translate.cli.exits import errors_as_exit_codes
from translate.errors import UsageError
from translate.evaluate.report import ReportFormat
from translate.options import DEFAULT_BATCH_SIZE, DEFAULT_MODEL, DEFAULT_SEGMENTER, Device, Engine

Source = Annotated[
    Path | None,
    typer.Option(
        metavar="FILE",
        parser=flags.non_empty_path,
        help="German test file, one segment (a sentence, or a few) per line, UTF-8.",
        show_default=False,
    ),
]

Reference = Annotated[
    list[Path] | None,
    typer.Option(
        metavar="FILE",
        parser=flags.non_empty_path,
        help="English reference, line for line with --source (repeat it for several).",
        show_default=False,
    ),
]

TestSet = Annotated[
    str | None,
    typer.Option(
        metavar="NAME",
        help="A de-en test set sacrebleu downloads, e.g. wmt19 (newstest2019), instead of "
        "--source/--reference.",
        show_default=False,
    ),
]

Engines = Annotated[
    list[Engine] | None,
    typer.Option(
        "--engine",
        metavar="ct2|torch",
        help="Engine to evaluate; give it twice (ct2 and torch) to compare them "
        f"(default: {Engine.ct2}).",
        show_default=False,
    ),
]

Compare = Annotated[
    bool, typer.Option("--compare", help="Evaluate both engines and show their differences.")
]

ReportFormatOption = Annotated[
    ReportFormat,
    typer.Option("--format", help="text, or json: one object with bleu and chrf as numbers."),
]


def evaluate_cli(
    source: Source = None,
    reference: Reference = None,
    test_set: TestSet = None,
    engine: Engines = None,
    compare: Compare = False,
    model: flags.Model = DEFAULT_MODEL,
    beams: flags.Beams = None,
    batch_size: flags.BatchSize = DEFAULT_BATCH_SIZE,
    device: flags.Device = Device.auto,
    quantize: flags.Quantize = None,
    segmenter: flags.Segmenter = DEFAULT_SEGMENTER,
    glossary: flags.Glossary = None,
    report_format: ReportFormatOption = ReportFormat.text,
    quiet: flags.Quiet = False,
    debug: flags.Debug = False,
) -> None:
    """BLEU and chrF of the whole pipeline on a test set.

    Example: translate evaluate --source de.txt --reference en.txt

    The pipeline is run's own: segmentation, placeholders, batching, the chosen engine.
    Each line of --source is one segment (a sentence, or a few: the pipeline splits it, and its
    English is the sentences' translations joined). Prints sacrebleu's BLEU and chrF with their
    signatures, the run signature, sentences per second and the review flags; --test-set wmt19
    fetches newstest2019 through sacrebleu (needs the network once). Needs the eval extra.
    """
    from translate.cli.logs import configure_logging
    from translate.evaluate import evaluate, load_evaluation_set, render_report
    from translate.glossary import load_glossary
    from translate.options import Options

    configure_logging(quiet=quiet, debug=debug)
    if not debug:
        # sacrebleu logs its download failures before exiting; ours is the one line that says so.
        logging.getLogger("sacrebleu").setLevel(logging.CRITICAL)
    with errors_as_exit_codes(debug=debug):
        options = Options(
            model=model,
            beams=beams,
            batch_size=batch_size,
            device=device,
            quantize=quantize,
            segmenter=segmenter,
            glossary=load_glossary(glossary) if glossary is not None else None,
        )
        if compare and engine:
            raise UsageError("--compare runs both engines; leave --engine out, or give it twice.")
        chosen = list(Engine) if compare else engine or []
        evaluation_set = load_evaluation_set(source, reference or [], test_set)
        typer.echo(
            render_report(evaluate(evaluation_set, options, chosen), report_format), nl=False
        )
