"""Pairing each German sentence with its English one, and the review flags on each pair."""

from __future__ import annotations

from translate.align.pairing import align
from translate.align.review import DEFAULT_CONFIDENCE_THRESHOLD, FLAG_REASONS, review_flags

__all__ = ["DEFAULT_CONFIDENCE_THRESHOLD", "FLAG_REASONS", "align", "review_flags"]
