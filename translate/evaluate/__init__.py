"""Evaluation: the whole pipeline's BLEU and chrF on a line-aligned test set (sacrebleu).

`read_evaluation_set` or `fetch_test_set` gives the lines, `evaluate` translates and scores them
with one engine or several, `render_report` prints the result. Names are imported from their
modules on first use, so the command line can name `ReportFormat` without importing the
pipeline; sacrebleu (the `eval` extra) is imported only when a score is computed or a test set
fetched.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from translate.evaluate.evaluation import (
        Comparison,
        EngineResult,
        Evaluation,
        compare,
        evaluate,
        evaluate_engine,
        line_translations,
    )
    from translate.evaluate.lines import EvaluationSet, read_evaluation_set, split_lines
    from translate.evaluate.report import ReportFormat, render_json, render_report, render_text
    from translate.evaluate.sacre import (
        EVAL_EXTRA,
        Scores,
        de_en_test_sets,
        fetch_test_set,
        load_evaluation_set,
        score,
    )

_MODULES = {
    "Comparison": "translate.evaluate.evaluation",
    "EngineResult": "translate.evaluate.evaluation",
    "Evaluation": "translate.evaluate.evaluation",
    "compare": "translate.evaluate.evaluation",
    "evaluate": "translate.evaluate.evaluation",
    "evaluate_engine": "translate.evaluate.evaluation",
    "line_translations": "translate.evaluate.evaluation",
    "EvaluationSet": "translate.evaluate.lines",
    "read_evaluation_set": "translate.evaluate.lines",
    "split_lines": "translate.evaluate.lines",
    "ReportFormat": "translate.evaluate.report",
    "render_json": "translate.evaluate.report",
    "render_report": "translate.evaluate.report",
    "render_text": "translate.evaluate.report",
    "EVAL_EXTRA": "translate.evaluate.sacre",
    "Scores": "translate.evaluate.sacre",
    "de_en_test_sets": "translate.evaluate.sacre",
    "fetch_test_set": "translate.evaluate.sacre",
    "load_evaluation_set": "translate.evaluate.sacre",
    "score": "translate.evaluate.sacre",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module when it is first used."""
    if name not in _MODULES:
        raise AttributeError(f"module 'translate.evaluate' has no attribute {name!r}")
    value = getattr(importlib.import_module(_MODULES[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "EVAL_EXTRA",
    "Comparison",
    "EngineResult",
    "Evaluation",
    "EvaluationSet",
    "ReportFormat",
    "Scores",
    "compare",
    "de_en_test_sets",
    "evaluate",
    "evaluate_engine",
    "fetch_test_set",
    "line_translations",
    "load_evaluation_set",
    "read_evaluation_set",
    "render_json",
    "render_report",
    "render_text",
    "score",
    "split_lines",
]
