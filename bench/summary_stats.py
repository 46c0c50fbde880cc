"""Paired statistics for the summary benchmark: per-article wins and a bootstrap interval.

Two systems summarise the same articles, so they are compared article by article: how often one
scores higher, and the mean of the differences with a percentile bootstrap interval (articles
resampled with replacement, a fixed seed so that a rerun prints the same figures).
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

RESAMPLES = 10_000
SEED = 18
# Scores closer than this are a tie (ROUGE F1 of two equal summaries can differ in the last bit).
_TIE = 1e-9


@dataclass(frozen=True, slots=True)
class Paired:
    """`ours - other` over the same articles: the mean difference, its 95% interval, and counts."""

    mean: float
    low: float
    high: float
    wins: int
    ties: int
    losses: int


def paired(ours: Sequence[float], other: Sequence[float], resamples: int = RESAMPLES) -> Paired:
    """Compare two systems' per-article scores (same articles, same order)."""
    differences = [a - b for a, b in zip(ours, other, strict=True)]
    if not differences:
        raise ValueError("no articles to compare")
    rng = random.Random(SEED)
    size = len(differences)
    means = sorted(statistics.fmean(rng.choices(differences, k=size)) for _ in range(resamples))
    wins, ties, losses = tally(ours, other)
    return Paired(
        mean=statistics.fmean(differences),
        low=means[int(0.025 * resamples)],
        high=means[min(resamples - 1, int(0.975 * resamples))],
        wins=wins,
        ties=ties,
        losses=losses,
    )


def tally(ours: Sequence[float], other: Sequence[float]) -> tuple[int, int, int]:
    """In how many articles ours scored higher, the same, lower than the other system."""
    differences = [a - b for a, b in zip(ours, other, strict=True)]
    return (
        sum(1 for d in differences if d > _TIE),
        sum(1 for d in differences if abs(d) <= _TIE),
        sum(1 for d in differences if d < -_TIE),
    )


def by_group(keys: Sequence[str], values: Sequence[float]) -> dict[str, list[float]]:
    """The values grouped by their key, groups in the order the keys first appear."""
    groups: dict[str, list[float]] = {}
    for key, value in zip(keys, values, strict=True):
        groups.setdefault(key, []).append(value)
    return groups
