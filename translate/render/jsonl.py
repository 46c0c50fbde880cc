"""`aligned.jsonl`: one JSON object per sentence pair, for `jq` and data pipelines.

Every line names its article, so the files of a batch can be concatenated into one stream
(`cat outputs/*/aligned.jsonl`) and each pair still says where it comes from.
"""

from __future__ import annotations

import json

from translate.document import AlignedDocument, Origin, SentencePair

JSONL_FILE = "aligned.jsonl"


def render_jsonl(document: AlignedDocument) -> str:
    """One JSON object per sentence pair: article, id, paragraph, sentence, de, en, confidence,
    flags, `reasons` (flag → what exactly is wrong, in words) when a flag has a specific one,
    `alignment` ([German word, English word] index pairs) when word alignment was asked for,
    `origin: "memory"` for English from the translation memory, and `memory_match` (de, en,
    similarity) for a close memory entry offered beside the model's.
    """
    lines = [
        json.dumps(_jsonl_record(document.name, pair), ensure_ascii=False)
        for pair in document.pairs
    ]
    return "".join(line + "\n" for line in lines)


def _jsonl_record(article: str, pair: SentencePair) -> dict[str, object]:
    record: dict[str, object] = {
        "article": article,
        "id": pair.id,
        "paragraph": pair.paragraph,
        "sentence": pair.sentence,
        "de": pair.source,
        "en": pair.target,
        "confidence": None if pair.confidence is None else round(pair.confidence, 4),
        "flags": list(pair.flags),
    }
    if pair.reasons:
        record["reasons"] = {
            flag: reason for flag, reason in zip(pair.flags, pair.reasons, strict=True) if reason
        }
    if pair.alignment is not None:
        record["alignment"] = [list(link) for link in pair.alignment]
    if pair.origin is not Origin.model:
        record["origin"] = pair.origin.value  # "memory": a person's English, not the model's
    if pair.match is not None:
        record["memory_match"] = {
            "de": pair.match.source,
            "en": pair.match.target,
            "similarity": pair.match.similarity,
        }
    return record
