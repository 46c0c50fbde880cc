"""Fuzzy matches: memory entries whose words are close to a sentence's, found through an index.

Similarity is word-level: 1 - (word edit distance / the longer sentence's word count), on
case-folded words without punctuation, what CAT tools call a fuzzy match percentage. A scan of
the whole memory per sentence would be quadratic over an archive. Instead the memory keeps an
inverted index (`translate.memory.index`: each word -> the entries holding it, with how many
do), filled as pairs are imported, and a lookup uses prefix filtering: an entry within the
threshold `t` of an `n`-word sentence shares at least `ceil(t * n)` of its words (counted with
repeats: the k-th `der` of a sentence is a token of its own), so it holds at least one of the
sentence's `n - ceil(t * n) + 1` rarest tokens, and only those tokens' entry lists are read.
Candidates are cut by length, and a banded edit distance decides.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

from translate.document import MemoryMatch

FUZZY_THRESHOLD = 0.75
_EPSILON = 1e-9


def tokens(words: Sequence[str]) -> list[str]:
    """Each word with its occurrence number (`der#1`, `der#2`), so repeats count apart."""
    seen: Counter[str] = Counter()
    numbered = []
    for word in words:
        seen[word] += 1
        numbered.append(f"{word}#{seen[word]}")
    return numbered


def prefix_size(size: int, threshold: float = FUZZY_THRESHOLD) -> int:
    """How many of an `size`-word sentence's rarest tokens a close entry must share one of."""
    return size - math.ceil(threshold * size - _EPSILON) + 1


def length_range(size: int, threshold: float = FUZZY_THRESHOLD) -> tuple[int, int]:
    """The word counts an entry can have and still be within `threshold` of `size` words."""
    return math.ceil(threshold * size - _EPSILON), math.floor(size / threshold + _EPSILON)


def best_match(
    key: str,
    query: Sequence[str],
    candidates: Iterable[tuple[str, str, str, Sequence[str]]],
    threshold: float = FUZZY_THRESHOLD,
) -> MemoryMatch | None:
    """The closest of `candidates` (key, German, English, words) to the sentence with `key` and
    words `query`, at or above `threshold` and not the same sentence; the first of equals."""
    best: tuple[float, str, str] | None = None
    for candidate_key, source, target, candidate in candidates:
        longer = max(len(query), len(candidate))
        if candidate_key == key or longer == 0:
            continue
        allowed = math.floor((1 - threshold) * longer + _EPSILON)
        distance = word_distance(query, candidate, allowed)
        if distance is None:
            continue
        similarity = 1 - distance / longer
        if best is None or similarity > best[0]:
            best = (similarity, source, target)
    if best is None:
        return None
    return MemoryMatch(source=best[1], target=best[2], similarity=round(best[0], 4))


def word_distance(a: Sequence[str], b: Sequence[str], limit: int) -> int | None:
    """The Levenshtein distance between two word sequences, None when it exceeds `limit`.

    Only the diagonal band of width `limit` is filled (Ukkonen), so a sentence pair costs
    O(n * limit), not O(n * m).
    """
    if abs(len(a) - len(b)) > limit:
        return None
    far = limit + 1
    previous = [j if j <= limit else far for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        current = [far] * (len(b) + 1)
        current[0] = i if i <= limit else far
        low, high = max(1, i - limit), min(len(b), i + limit)
        for j in range(low, high + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost, far)
        if min(current[max(0, low - 1) : high + 1]) > limit:
            return None
        previous = current
    return previous[len(b)] if previous[len(b)] <= limit else None
