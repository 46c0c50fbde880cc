"""An extractive English summary: the sentences worth most to it, in document order.

`translate.summary.ranking` scores every sentence in one linear pass (centrality through the
centroid, surface cues, a small position prior); the best ones are taken in score order,
skipping a sentence that nearly repeats one already taken, until the budget is full. Sentences
from pairs the review checks distrust (`translate.summary.trust`) come after every trusted one,
so they fill the summary only where the trusted ones cannot.
`pick_summary_sentences` (for benchmarks and notebooks) and `summarise` (for the pipeline) share
`choose_sentences`, so both make the same choice. Pure and dependency-free, so it runs anywhere
the translation ran; `bench/summaries.py` measures it against Lead-3 and sumy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from translate.document import AlignedDocument, SentencePair, Summary, SummarySentence
from translate.errors import UsageError
from translate.options import DEFAULT_SUMMARY_SENTENCES as DEFAULT_SUMMARY_SENTENCES
from translate.summary.ranking import WEIGHTS, score_sentences, similarity
from translate.summary.trust import is_trusted
from translate.summary.words import count_words as count_words

METHOD = "centroid-cues"
# Sentences this similar (cosine of TF-IDF vectors) to one already chosen add nothing.
_NEAR_DUPLICATE = 0.7
# Headlines, bylines and datelines are too short to stand as summary sentences.
_MIN_WORDS = 5
# A candidate is checked against at most this many chosen sentences (the best ones), so that a
# huge word budget on a huge article still costs work in proportion to the article.
_MAX_COMPARED = 64


@dataclass(frozen=True, slots=True)
class Choice:
    """The chosen sentences (indices, in document order) and the work it took.

    `words_read` is the content words the scoring pass read; `comparisons` counts the
    sentence-to-sentence similarity evaluations of the near-duplicate check (at most).
    """

    indices: tuple[int, ...]
    words_read: int
    comparisons: int


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
    the summary on its own: one sentence over the budget says more than an empty summary. The
    German side of each pair lends its cues (speech marks, dates, numbers) to the ranking.
    A pair the review checks distrust (a loop, a copy, a lost protected span, low confidence)
    gives a sentence only when the trusted ones cannot fill the budget.
    """
    pairs = document.pairs
    choice = choose_sentences(
        [pair.target for pair in pairs],
        [pair.source for pair in pairs],
        sentences=sentences,
        words=words,
        distrusted=[not is_trusted(pair) for pair in pairs],
    )
    return Summary(
        sentences=tuple(_summary_sentence(pairs[index]) for index in choice.indices),
        method=METHOD,
        budget=f"words:{words}" if words is not None else f"sentences:{sentences}",
    )


def pick_summary_sentences(
    sentences: Sequence[str], n: int = 3, *, sources: Sequence[str] | None = None
) -> list[int]:
    """The indices of the `n` English sentences the summary would take, in document order.

    The same choice the pipeline makes for an article with these English sentences; pass the
    German originals as `sources` (one per sentence) to let their cues count too, as the pipeline
    does. Fewer than `n` come back when the article has fewer usable sentences.
    """
    for given in (sentences, sources):
        if isinstance(given, str):  # it would be read as a list of its characters
            raise UsageError(
                f"pick_summary_sentences takes a list of sentences, not the single str "
                f"{given[:40]!r}; split the text into sentences first (or pass [text])."
            )
    if n < 1:
        raise UsageError(f"A summary needs at least one sentence; n={n} asks for none.")
    if sources is not None and len(sources) != len(sentences):
        raise UsageError(
            f"sources has {len(sources)} sentences for {len(sentences)} English ones; "
            "pass one German sentence per English sentence, or none."
        )
    return list(choose_sentences(sentences, sources, sentences=n).indices)


def choose_sentences(
    targets: Sequence[str],
    sources: Sequence[str] | None = None,
    *,
    sentences: int = DEFAULT_SUMMARY_SENTENCES,
    words: int | None = None,
    weights: Sequence[float] = WEIGHTS,
    distrusted: Sequence[bool] | None = None,
) -> Choice:
    """The best sentences of `targets` within the budget (see `summarise`), with the work done.

    `weights` are the ranking's (`translate.summary.ranking.WEIGHTS`); the benchmark's fitting
    script passes others to check them on articles they were not fitted on. A sentence marked
    in `distrusted` (one per target) is ranked after every other one: it fills a sentence
    budget the others leave short, and a word budget only when no other sentence is chosen.
    """
    candidates = candidate_sentences(targets, 1 if words is not None else sentences)
    scored = score_sentences(
        [targets[index] for index in candidates],
        [sources[index] for index in candidates] if sources is not None else None,
        weights=weights,
    )
    last = [bool(distrusted[index]) if distrusted else False for index in candidates]
    chosen: list[int] = []
    used_words = 0
    comparisons = 0
    for rank in sorted(range(len(candidates)), key=lambda k: (last[k], -scored.scores[k], k)):
        if words is None and len(chosen) == sentences:
            break
        if words is not None and last[rank] and chosen and not last[chosen[0]]:
            break
        compared = chosen[:_MAX_COMPARED]
        comparisons += len(compared)
        vector = scored.vectors[rank]
        if any(similarity(vector, scored.vectors[other]) >= _NEAR_DUPLICATE for other in compared):
            continue
        length = count_words(targets[candidates[rank]])
        if words is not None and chosen and used_words + length > words:
            continue
        chosen.append(rank)
        used_words += length
    return Choice(
        indices=tuple(sorted(candidates[rank] for rank in chosen)),
        words_read=scored.words_read,
        comparisons=comparisons,
    )


def candidate_sentences(targets: Sequence[str], wanted: int) -> list[int]:
    """The sentences that may stand in a summary: those of five words or more, unless fewer than
    `wanted` are, then every sentence that is not blank."""
    candidates = [index for index, text in enumerate(targets) if count_words(text) >= _MIN_WORDS]
    if len(candidates) < wanted:
        candidates = [index for index, text in enumerate(targets) if text.strip()]
    return candidates


def _summary_sentence(pair: SentencePair) -> SummarySentence:
    return SummarySentence(text=pair.target, pair_id=pair.id)
