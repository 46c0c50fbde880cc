"""How much each sentence of an article is worth to its summary: one linear pass, no graph.

A sentence's score is a weighted sum of eight features:

- `centrality`: how much of the article's vocabulary it shares, the cosine of its TF-IDF vector
  with the sum of all the other sentences' unit vectors (the degree of the sentence in the
  cosine-similarity graph, computed through the centroid, so no sentence is compared with every
  other), divided by the mean over the article;
- `log_length`: the log of its word count (a reference summary restates several facts, and
  long sentences hold more of them);
- `number`, `speech`, `dated`, `age`: the surface cues of `translate.summary.cues`;
- `first` and `log_position`: where it stands. This is the only lead prior, and a small one:
  the news is first in a classic report, a scene or a quote is first in a feature, and the other
  features tell the two apart.

The weights were fitted by ridge regression of each sentence's ROUGE-2 recall against the
reference summaries of the benchmark's dev halves only (`python bench/summary_weights.py`, which
also reports their bootstrap intervals and a leave-one-genre-out check).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from translate.summary.cues import read_cues
from translate.summary.words import content_words, count_words

FEATURES = (
    "centrality",
    "log_length",
    "number",
    "speech",
    "dated",
    "age",
    "first",
    "log_position",
)
WEIGHTS = (0.0225, 0.0312, 0.0334, -0.0319, 0.0417, -0.0087, -0.001, -0.0106)

Vector = dict[str, float]


@dataclass(frozen=True, slots=True)
class Scored:
    """The scores of an article's sentences, their unit TF-IDF vectors and the words read.

    `words_read` counts the content words of the article; each step of the pass visits each of
    them a fixed number of times, so it measures the pass's work.
    """

    scores: tuple[float, ...]
    vectors: tuple[Vector, ...]
    words_read: int


def sentence_features(
    targets: Sequence[str], sources: Sequence[str] | None = None
) -> tuple[list[tuple[float, ...]], list[Vector], int]:
    """The `FEATURES` of each English sentence (German cues from `sources` if given).

    Also returns each sentence's unit TF-IDF vector and the number of content words read.
    """
    words = [content_words(text) for text in targets]
    vectors = _unit_tfidf(words)
    total: Counter[str] = Counter()
    for vector in vectors:
        total.update(vector)
    degrees = [
        sum(weight * (total[word] - weight) for word, weight in vector.items())
        for vector in vectors
    ]
    mean_degree = sum(degrees) / len(degrees) if degrees else 0.0
    features: list[tuple[float, ...]] = []
    for position, text in enumerate(targets):
        cues = read_cues(text, sources[position] if sources is not None else None)
        features.append(
            (
                degrees[position] / mean_degree if mean_degree > 0 else 0.0,
                math.log(max(1, count_words(text))),
                float(cues.number),
                float(cues.speech),
                float(cues.dated),
                float(cues.age),
                1.0 if position == 0 else 0.0,
                math.log1p(position),
            )
        )
    return features, vectors, sum(len(sentence) for sentence in words)


def score_sentences(
    targets: Sequence[str],
    sources: Sequence[str] | None = None,
    *,
    weights: Sequence[float] = WEIGHTS,
) -> Scored:
    """Each sentence's worth to the summary (higher is better), in document order."""
    features, vectors, words_read = sentence_features(targets, sources)
    scores = tuple(
        sum(weight * value for weight, value in zip(weights, row, strict=True)) for row in features
    )
    return Scored(scores=scores, vectors=tuple(vectors), words_read=words_read)


def similarity(a: Vector, b: Vector) -> float:
    """Cosine similarity of two unit vectors."""
    if len(b) < len(a):
        a, b = b, a
    return sum(weight * b[word] for word, weight in a.items() if word in b)


def _unit_tfidf(words: list[list[str]]) -> list[Vector]:
    """TF-IDF vectors of unit length; a word in every sentence still weighs a little."""
    counts = [Counter(sentence) for sentence in words]
    document_frequency = Counter(word for count in counts for word in count)
    size = len(counts)
    vectors = []
    for count in counts:
        vector = {
            word: frequency * math.log((1 + size) / document_frequency[word])
            for word, frequency in count.items()
        }
        norm = math.sqrt(sum(weight * weight for weight in vector.values()))
        vectors.append({word: weight / norm for word, weight in vector.items()} if norm else {})
    return vectors
