"""Check the model against its model card: the whole pipeline's BLEU and chrF on a test set.

The opus-mt-de-en model card reports BLEU 40.1 and chrF 0.642 (64.2 on sacrebleu 2's 0-100
scale) on newstest2019 de-en, and CTranslate2 reports int8 within about 0.3 BLEU of float32.
This runs `translate evaluate`'s library function three times on the same lines: ct2 int8 (the
default), ct2 float32 (the baseline: the unquantised model) and torch float32, and reports each
one's BLEU and chrF, its BLEU against the baseline's, the lines it translates exactly like the
baseline, and its speed against torch's, all measured in the same run.

    python bench/model_card.py [--model ID|DIR] [--test-set wmt19 | --source de.txt
        --reference en.txt] [--device auto] [--out bench/results-model-card.md]

Needs the eval extra, the model (the hub or a folder) and, for --test-set, the network once (the
test set stays in sacrebleu's cache). The report goes to `--out` and to stdout; the last stdout
lines are `<configuration>.bleu=<x>` and `int8_minus_float32.bleu=<delta>`.
"""

from __future__ import annotations

import argparse
import datetime
import platform
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.errors import TranslateError
from translate.evaluate import (
    EngineResult,
    compare,
    evaluate_engine,
    fetch_test_set,
    read_evaluation_set,
)
from translate.files import write_text_atomic
from translate.options import DEFAULT_MODEL, Device, Engine, Options
from translate.version import __version__

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "bench" / "results-model-card.md"
# What the model card of Helsinki-NLP/opus-mt-de-en states for newstest2019 de-en.
CARD_BLEU = 40.1
CARD_CHRF = 64.2


@dataclass(frozen=True, slots=True)
class Configuration:
    """One way to run the model: its label in the report, engine and quantisation."""

    label: str
    engine: Engine
    quantize: bool


CONFIGURATIONS = (
    Configuration("ct2-int8", Engine.ct2, True),
    Configuration("ct2-float32", Engine.ct2, False),
    Configuration("torch-float32", Engine.torch, False),
)
BASELINE = "ct2-float32"
SPEED_BASELINE = "torch-float32"


def report(
    model: str, test_set: str, lines: int, results: dict[str, EngineResult], device: str
) -> str:
    """The Markdown report."""
    baseline, torch = results[BASELINE], results[SPEED_BASELINE]
    rows = [
        "# Model card check: the whole pipeline's BLEU and chrF",
        "",
        f"`{model}` on `{test_set}` ({lines} lines), device {device}; translate {__version__}, "
        f"Python {platform.python_version()}, {datetime.date.today().isoformat()}. "
        "`python bench/model_card.py` rewrites this file.",
        "",
        f"The model card (newstest2019 de-en, `wmt19`): BLEU {CARD_BLEU}, chrF {CARD_CHRF / 100}"
        f" ({CARD_CHRF} here); int8 within about 0.3 BLEU of float32.",
        "",
        "| configuration | BLEU | chrF | BLEU − ct2-float32 | lines identical to ct2-float32 "
        "| sentences/s | speed × torch-float32 |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, result in results.items():
        difference = compare(baseline, result)
        speed = result.sentences_per_second / torch.sentences_per_second
        rows.append(
            f"| {label} | {result.scores.bleu:.2f} | {result.scores.chrf:.2f} | "
            f"{difference.bleu_delta:+.2f} | {difference.identical_share:.1%} | "
            f"{result.sentences_per_second:.1f} | {speed:.2f} |"
        )
    rows += [
        "",
        f"sacrebleu: `{baseline.scores.bleu_signature}`, `{baseline.scores.chrf_signature}`.",
    ]
    rows += [f"- {label}: `{result.run_signature}`" for label, result in results.items()]
    return "\n".join([*rows, ""])


def main(argv: Sequence[str] | None = None) -> int:
    """Evaluate each configuration, write the report, print the headline figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--test-set", default="wmt19")
    parser.add_argument("--source", type=Path)
    parser.add_argument("--reference", type=Path)
    parser.add_argument("--device", type=Device, default=Device.auto)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    try:
        evaluation_set = (
            read_evaluation_set(args.source, [args.reference])
            if args.source is not None and args.reference is not None
            else fetch_test_set(args.test_set)
        )
        results = {
            configuration.label: evaluate_engine(
                evaluation_set,
                Options(
                    model=args.model,
                    device=args.device,
                    engine=configuration.engine,
                    quantize=configuration.quantize,
                ),
            )
            for configuration in CONFIGURATIONS
        }
    except TranslateError as error:
        print(f"model_card: error: {error}", file=sys.stderr)
        return error.exit_code
    text = report(
        args.model, evaluation_set.name, len(evaluation_set.sources), results, args.device
    )
    write_text_atomic(args.out, text)
    print(text)
    for label, result in results.items():
        print(f"{label}.bleu={result.scores.bleu:.2f}")
    delta = results["ct2-int8"].scores.bleu - results[BASELINE].scores.bleu
    print(f"int8_minus_float32.bleu={delta:+.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
