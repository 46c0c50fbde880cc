"""`run.json`: the run signature and what came out of it, the record a re-run compares with."""

from __future__ import annotations

import json
from dataclasses import asdict

from translate.document import AlignedDocument, Origin, RunInfo, Summary
from translate.ownership import RUN_FILE as RUN_FILE
from translate.ownership import WRITTEN_BY, WRITTEN_BY_FIELD
from translate.render.articleinfo import article_date, article_title


def render_run(run: RunInfo, document: AlignedDocument, summary: Summary) -> str:
    """The run signature and what came out of it, as JSON."""
    flags = {pair.id: pair.flags for pair in document.pairs if pair.flags}
    record = {
        WRITTEN_BY_FIELD: WRITTEN_BY,
        "signature": run.signature(),
        **asdict(run),
        "metadata": run.metadata.record(),
        "paragraphs": len(document.paragraphs()),
        "sentences": len(document.pairs),
        "sentences_split_to_fit": sum(1 for pair in document.pairs if pair.pieces > 1),
        "flagged_for_review": count_flags(document),
        # What the batch index (outputs/index.html) shows, so it reads one small file per article.
        "flagged_pairs": sum(1 for pair in document.pairs if pair.flags),
        # Pairs whose English is a person's: post-edited (`translate apply`), from the memory.
        "edited_pairs": sum(1 for pair in document.pairs if pair.origin is Origin.edited),
        "memory_pairs": sum(1 for pair in document.pairs if pair.origin is Origin.memory),
        "title": article_title(document),
        "article_date": article_date(document),
        "summary_method": summary.method,
        "summary": {
            "signature": summary.signature(),
            "method": summary.method,
            "budget": summary.budget,
            "model": summary.model,
            "model_revision": summary.model_revision,
            "template": summary.template,
            "template_sha256": summary.template_sha256,
            "sentences": len(summary.sentences),
            "text": [sentence.text for sentence in summary.sentences],
            # Per sentence, the review flags of the pair it was taken from (the index marks them).
            "flags": [
                list(flags.get(sentence.pair_id or "", ())) for sentence in summary.sentences
            ],
        },
    }
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def count_flags(document: AlignedDocument) -> dict[str, int]:
    """How many pairs carry each review flag (only flags that occur)."""
    counts: dict[str, int] = {}
    for pair in document.pairs:
        for flag in pair.flags:
            counts[flag] = counts.get(flag, 0) + 1
    return dict(sorted(counts.items()))
