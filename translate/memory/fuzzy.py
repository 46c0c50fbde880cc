"""Fuzzy matches: memory entries whose words are close to a sentence's, found through an index.

Similarity is word-level: 1 - (word edit distance / the longer sentence's word count), on
case-folded words without punctuation, what CAT tools call a fuzzy match percentage. A scan of
the whole memory per sentence would be quadratic over an archive, so an inverted index (word ->
entries) yields candidates with prefix filtering: an entry within the threshold shares at least
`ceil(t * n)` of the sentence's `n` words, so it must contain at least one of the sentence's
`n - ceil(t * n) + 1` rarest words, and only those words' entry lists are read. Candidates are
then cut by length, and the edit distance, with an early exit, decides.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from translate.memory.model import FuzzyMatch
from translate.memory.normalise import normalise, words

FUZZY_THRESHOLD = 0.75


class FuzzyIndex:
    """An index of a memory's German sentences by their words, for `best` lookups."""

    def __init__(self, pairs: Iterable[tuple[str, str, str]]) -> None:
        """`pairs` are (key, German, English), as `Memory.pairs` yields them."""
        self._entries: list[tuple[str, str, str, tuple[str, ...]]] = []
        self._postings: dict[str, list[int]] = {}
        for key, source, target in pairs:
            tokens = words(key)
            index = len(self._entries)
            self._entries.append((key, source, target, tokens))
            for token in set(tokens):
                self._postings.setdefault(token, []).append(index)

    def __len__(self) -> int:
        return len(self._entries)

    def best(self, sentence: str, threshold: float = FUZZY_THRESHOLD) -> FuzzyMatch | None:
        """The closest entry at or above `threshold`, other than an exact match; None if none.

        Ties go to the entry stored first.
        """
        key = normalise(sentence)
        query = words(key)
        size = len(query)
        if size == 0:
            return None
        needed = math.ceil(threshold * size - 1e-9)
        rarest = sorted(set(query), key=lambda token: len(self._postings.get(token, ())))
        candidates: set[int] = set()
        for token in rarest[: size - needed + 1]:
            candidates.update(self._postings.get(token, ()))
        best: tuple[float, int] | None = None
        for index in sorted(candidates):
            entry_key, _, _, tokens = self._entries[index]
            longer = max(size, len(tokens))
            if entry_key == key or min(size, len(tokens)) < threshold * longer - 1e-9:
                continue
            allowed = math.floor((1 - threshold) * longer + 1e-9)
            distance = word_distance(query, tokens, allowed)
            if distance is None:
                continue
            similarity = 1 - distance / longer
            if best is None or similarity > best[0]:
                best = (similarity, index)
        if best is None:
            return None
        _, source, target, _ = self._entries[best[1]]
        return FuzzyMatch(source=source, target=target, similarity=round(best[0], 4))


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
