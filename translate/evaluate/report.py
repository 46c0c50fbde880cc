"""An evaluation as text for people or as one JSON object for scripts (pure renderers)."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from translate.evaluate.evaluation import Comparison, EngineResult, Evaluation


class ReportFormat(StrEnum):
    """What `translate evaluate` prints: a few lines of text, or one JSON object."""

    text = "text"
    json = "json"


def render_report(evaluation: Evaluation, chosen: ReportFormat) -> str:
    """The report in the format asked for, ending with a newline."""
    if chosen is ReportFormat.json:
        return render_json(evaluation)
    return render_text(evaluation)


def render_text(evaluation: Evaluation) -> str:
    """Per engine: BLEU and chrF with sacrebleu's signatures, the run signature, the speed and
    the review flags; then each comparison with the first engine."""
    lines = [f"test set: {evaluation.name} ({_count(evaluation.lines, 'line')})"]
    for result in evaluation.results:
        lines += [
            f"{result.engine}:",
            f"  BLEU   {result.scores.bleu:6.2f}  {result.scores.bleu_signature}",
            f"  chrF   {result.scores.chrf:6.2f}  {result.scores.chrf_signature}",
            f"  run    {result.run_signature}",
            f"  speed  {result.sentences_per_second:.1f} sentences/s "
            f"({_count(result.sentences, 'sentence')} in {result.seconds:.1f} s)",
            f"  flags  {_flags(result)}",
        ]
    lines += [_comparison(comparison) for comparison in evaluation.comparisons]
    return "\n".join(lines) + "\n"


def render_json(evaluation: Evaluation) -> str:
    """One object with `bleu` and `chrf` as numbers (rounded to 2 decimals, as sacrebleu
    reports them); with several engines, one such object per engine under its name, each later
    one with its differences from the first."""
    objects = {
        result.engine.value: _result_object(evaluation, result) for result in evaluation.results
    }
    for comparison in evaluation.comparisons:
        objects[comparison.other.value].update(_comparison_object(comparison))
    report: dict[str, Any] = objects if len(objects) > 1 else next(iter(objects.values()))
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def _result_object(evaluation: Evaluation, result: EngineResult) -> dict[str, Any]:
    return {
        "bleu": round(result.scores.bleu, 2),
        "chrf": round(result.scores.chrf, 2),
        "bleu_signature": result.scores.bleu_signature,
        "chrf_signature": result.scores.chrf_signature,
        "run_signature": result.run_signature,
        "test_set": evaluation.name,
        "lines": evaluation.lines,
        "sentences": result.sentences,
        "seconds": round(result.seconds, 3),
        "sentences_per_second": round(result.sentences_per_second, 2),
        "flagged_pairs": result.flagged,
        "flags": dict(result.flags),
    }


def _comparison_object(comparison: Comparison) -> dict[str, Any]:
    return {
        "compared_with": comparison.baseline.value,
        "bleu_delta": round(comparison.bleu_delta, 2),
        "chrf_delta": round(comparison.chrf_delta, 2),
        "identical_lines": comparison.identical,
        "identical_share": round(comparison.identical_share, 4),
    }


def _flags(result: EngineResult) -> str:
    if not result.flagged:
        return f"none of {_count(result.sentences, 'pair')}"
    kinds = ", ".join(f"{kind} {count}" for kind, count in result.flags)
    return f"{result.flagged} of {_count(result.sentences, 'pair')} flagged: {kinds}"


def _comparison(comparison: Comparison) -> str:
    return (
        f"{comparison.other} vs {comparison.baseline}: BLEU {comparison.bleu_delta:+.2f}, "
        f"chrF {comparison.chrf_delta:+.2f}, identical lines {comparison.identical} of "
        f"{comparison.lines} ({comparison.identical_share:.1%})"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
