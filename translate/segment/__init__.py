"""German sentence segmentation: our rules (pure, with character spans) and optional libraries.

`split_sentences` is what the shared evaluation kit calls (`translate.segment:split_sentences`).
"""

from __future__ import annotations

from translate.segment.registry import Segmenter, get_segmenter, segmenter_signature
from translate.segment.rules import sentence_spans, split_sentences
from translate.segment.sentences import segment_article

__all__ = [
    "Segmenter",
    "get_segmenter",
    "segment_article",
    "segmenter_signature",
    "sentence_spans",
    "split_sentences",
]
