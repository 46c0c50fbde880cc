"""Pairing each German sentence with its English one, and the review flags on each pair."""

from __future__ import annotations

from translate.align.document_review import document_findings, review_across, review_document
from translate.align.numbers import NumberDifference, number_differences
from translate.align.pairing import align
from translate.align.review import (
    CROSS_PAIR_FLAGS,
    DEFAULT_CONFIDENCE_THRESHOLD,
    FLAG_REASONS,
    flag_reason,
    pair_reasons,
    review_findings,
    review_flags,
    review_pair,
)

__all__ = [
    "CROSS_PAIR_FLAGS",
    "DEFAULT_CONFIDENCE_THRESHOLD",
    "FLAG_REASONS",
    "NumberDifference",
    "align",
    "document_findings",
    "flag_reason",
    "number_differences",
    "pair_reasons",
    "review_across",
    "review_document",
    "review_findings",
    "review_flags",
    "review_pair",
]
