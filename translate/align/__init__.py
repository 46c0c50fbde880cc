"""Pairing each German sentence with its English one, and the review flags on each pair."""

from __future__ import annotations

from translate.align.numbers import NumberDifference, number_differences
from translate.align.pairing import align
from translate.align.review import (
    DEFAULT_CONFIDENCE_THRESHOLD,
    FLAG_REASONS,
    review_flags,
    review_pair,
)

__all__ = [
    "DEFAULT_CONFIDENCE_THRESHOLD",
    "FLAG_REASONS",
    "NumberDifference",
    "align",
    "number_differences",
    "review_flags",
    "review_pair",
]
