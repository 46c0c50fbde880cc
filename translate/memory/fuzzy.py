"""Fuzzy matches: memory entries whose words are close to a sentence's, found through an index.

Similarity is word-level: 1 - (word edit distance / the longer sentence's word count), on
case-folded words without punctuation, what CAT tools call a fuzzy match percentage. A scan of
the whole memory per sentence would be quadratic over an archive, so the index follows the
AllPairs prefix filter (Bayardo et al., 2007): an entry within the threshold `t` of an `n`-word
sentence shares at least `ceil(t * max(n, m))` of its words (counted with repeats: the k-th
`der` of a sentence is its own token), and two sets that share that many have a common token
among the first `size - ceil(t * size) + 1` of each, ordered by one global order, rarest first.
So each entry is indexed under its few rarest tokens only, a lookup reads the lists of the
sentence's few rarest tokens, and the common words that would make candidates of everything are
never read. Candidates are then cut by length, and a banded edit distance decides.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

from translate.document import MemoryMatch
from translate.memory.normalise import normalise, words

FUZZY_THRESHOLD = 0.75
_EPSILON = 1e-9

Token = tuple[str, int]


class FuzzyIndex:
    """An index of a memory's German sentences by their rarest words, for `best` lookups.

    Built for one threshold (the prefixes depend on it); `best` takes no other.
    """

    def __init__(
        self, pairs: Iterable[tuple[str, str, str]], threshold: float = FUZZY_THRESHOLD
    ) -> None:
        """`pairs` are (key, German, English), as `Memory.pairs` yields them."""
        self.threshold = threshold
        self._entries: list[tuple[str, str, str, tuple[str, ...]]] = []
        self._frequency: Counter[Token] = Counter()
        for key, source, target in pairs:
            tokens = words(key)
            self._entries.append((key, source, target, tokens))
            self._frequency.update(_numbered(tokens))
        self._postings: dict[Token, list[int]] = {}
        for index, (_, _, _, tokens) in enumerate(self._entries):
            for token in self._prefix(tokens):
                self._postings.setdefault(token, []).append(index)

    def __len__(self) -> int:
        return len(self._entries)

    def best(self, sentence: str) -> MemoryMatch | None:
        """The closest entry at or above the threshold, other than an exact match; None if
        none. Ties go to the entry stored first."""
        key = normalise(sentence)
        query = words(key)
        size = len(query)
        if size == 0:
            return None
        candidates: set[int] = set()
        for token in self._prefix(query):
            candidates.update(self._postings.get(token, ()))
        best: tuple[float, int] | None = None
        for index in sorted(candidates):
            entry_key, _, _, tokens = self._entries[index]
            longer = max(size, len(tokens))
            if entry_key == key or min(size, len(tokens)) < self.threshold * longer - _EPSILON:
                continue
            allowed = math.floor((1 - self.threshold) * longer + _EPSILON)
            distance = word_distance(query, tokens, allowed)
            if distance is None:
                continue
            similarity = 1 - distance / longer
            if best is None or similarity > best[0]:
                best = (similarity, index)
        if best is None:
            return None
        _, source, target, _ = self._entries[best[1]]
        return MemoryMatch(source=source, target=target, similarity=round(best[0], 4))

    def _prefix(self, tokens: tuple[str, ...]) -> list[Token]:
        """The rarest `n - ceil(t * n) + 1` of a sentence's tokens, in the global order."""
        size = len(tokens)
        length = size - math.ceil(self.threshold * size - _EPSILON) + 1
        numbered = sorted(_numbered(tokens), key=lambda t: (self._frequency[t], t))
        return numbered[:length]


def _numbered(tokens: Sequence[str]) -> list[Token]:
    """Each word with its occurrence number, so that repeats count as tokens of their own."""
    seen: Counter[str] = Counter()
    numbered = []
    for token in tokens:
        seen[token] += 1
        numbered.append((token, seen[token]))
    return numbered


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
