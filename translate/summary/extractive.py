"""An extractive English summary: the most central sentences, in document order.

TextRank-style: sentences are nodes, cosine similarity of their TF-IDF vectors (stop words out,
plural and verb endings stripped) weights the edges, and a PageRank whose random jumps favour the
first sentences (news puts the essentials first) scores them. Pure and dependency-free, so it
runs anywhere the translation ran. `bench/summaries.py` measures it against Lead-3 and sumy; the
constants below were chosen on the benchmark's dev split only.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from translate.document import AlignedDocument, SentencePair, Summary, SummarySentence
from translate.options import DEFAULT_SUMMARY_SENTENCES as DEFAULT_SUMMARY_SENTENCES

METHOD = "textrank"
_DAMPING = 0.85
# The random jump lands on the sentence at position k (0-based) with weight 1 / (k + 1) ** 0.5.
_PRIOR_EXPONENT = 0.5
_ITERATIONS = 100
_TOLERANCE = 1e-9
# Sentences this similar to one already chosen add nothing and are skipped.
_NEAR_DUPLICATE = 0.8
# Headlines, bylines and datelines are too short to stand as summary sentences.
_MIN_WORDS = 5
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_COUNTED_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:['’][^\W_]+)?")
# Function words carry no topic; leaving them out makes similarity mean shared content.
_STOPWORD_TEXT = """
a about after again against all also an and any are as at be because been before being between
both but by can could did do does doing down during each few for from further had has have
having he her here hers him his how i if in into is it its itself just me more most my no nor
not now of off on once only or other our out over own same she should so some such than that
the their them then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# (suffix, replacement, shortest stem left): plural and verb endings, longest first.
_SUFFIXES = (
    ("ies", "y", 2),
    ("ing", "", 3),
    ("ed", "", 3),
    ("es", "", 3),
    ("s", "", 3),
)


def summarise(
    document: AlignedDocument,
    *,
    sentences: int = DEFAULT_SUMMARY_SENTENCES,
    words: int | None = None,
) -> Summary:
    """The English sentences that best cover the article, in document order, within a budget.

    The budget is `sentences` sentences, or, when `words` is given, as many of the best sentences
    as fit in `words` words together (a sentence that does not fit is passed over for a shorter
    one further down the ranking). If even the best sentence alone is longer than `words`, it is
    the summary on its own: one sentence over the budget says more than an empty summary.
    """
    wanted = 1 if words is not None else sentences
    candidates = [pair for pair in document.pairs if count_words(pair.target) >= _MIN_WORDS]
    if len(candidates) < wanted:
        candidates = [pair for pair in document.pairs if pair.target.strip()]
    vectors = _tfidf_vectors([pair.target for pair in candidates])
    similarity = [
        [0.0 if i == j else _cosine(vectors[i], vectors[j]) for j in range(len(vectors))]
        for i in range(len(vectors))
    ]
    scores = _pagerank(similarity)
    chosen: list[int] = []
    used_words = 0
    for index in sorted(range(len(candidates)), key=lambda i: (-scores[i], i)):
        if words is None and len(chosen) == sentences:
            break
        if any(similarity[index][other] >= _NEAR_DUPLICATE for other in chosen):
            continue
        length = count_words(candidates[index].target)
        if words is not None and chosen and used_words + length > words:
            continue
        chosen.append(index)
        used_words += length
    return Summary(
        sentences=tuple(_summary_sentence(candidates[i]) for i in sorted(chosen)),
        method=METHOD,
        budget=f"words:{words}" if words is not None else f"sentences:{sentences}",
    )


def count_words(text: str) -> int:
    """Words as a reader counts them: `don't` is one word, and so is `5,000` or `3.8`."""
    return len(_COUNTED_WORD.findall(text))


def _summary_sentence(pair: SentencePair) -> SummarySentence:
    return SummarySentence(text=pair.target, pair_id=pair.id)


def _words(text: str) -> list[str]:
    return [_stem(word) for word in _WORD.findall(text.lower()) if word not in _STOPWORDS]


def _stem(word: str) -> str:
    """A light English suffix stripper, so `schools` and `school` count as the same word."""
    word = word.removesuffix("'s").removesuffix("’s")
    for suffix, replacement, shortest in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            return word[: len(word) - len(suffix)] + replacement
    return word


def _tfidf_vectors(texts: Sequence[str]) -> list[dict[str, float]]:
    counts = [Counter(_words(text)) for text in texts]
    document_frequency = Counter(word for count in counts for word in count)
    total = len(texts)
    return [
        {
            word: frequency * math.log((1 + total) / (1 + document_frequency[word])) + frequency
            for word, frequency in count.items()
        }
        for count in counts
    ]


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(weight * b[word] for word, weight in a.items() if word in b)
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def _pagerank(similarity: list[list[float]]) -> list[float]:
    """PageRank over the weighted sentence graph, jumping preferentially to early sentences."""
    size = len(similarity)
    if size == 0:
        return []
    prior = [1.0 / (position + 1) ** _PRIOR_EXPONENT for position in range(size)]
    prior_total = sum(prior)
    prior = [weight / prior_total for weight in prior]
    out_weight = [sum(row) for row in similarity]
    scores = prior[:]
    for _ in range(_ITERATIONS):
        updated = [
            (1 - _DAMPING) * prior[target]
            + _DAMPING
            * sum(
                scores[source] * similarity[source][target] / out_weight[source]
                if out_weight[source]
                else scores[source] * prior[target]
                for source in range(size)
            )
            for target in range(size)
        ]
        converged = (
            sum(abs(new - old) for new, old in zip(updated, scores, strict=True)) < _TOLERANCE
        )
        scores = updated
        if converged:
            break
    return scores
