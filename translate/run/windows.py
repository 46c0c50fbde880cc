"""Cross-article batching: the sentences of consecutive articles share the model's batches.

Sentences of several articles (a window) share length-sorted batches, so a folder of short
articles fills batches as well as one long article does; each sentence is looked up in the cache
first, and each batch's translations are stored as soon as it is done, so a crash loses at most
the batch in flight.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from translate.document import Translation
from translate.engines import Translator, translate_sentences
from translate.glossary import Glossary
from translate.run.cache import SentenceCache

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ArticleTranslation:
    """One article of a window, translated: its place in the window and where the English came
    from. `model_sentences` counts the distinct sentences the model translated for it (a
    sentence shared with an earlier article of the window counts there)."""

    index: int
    translations: tuple[Translation, ...]
    cache_hits: int
    model_sentences: int


def windows(
    items: Iterable[T], size: Callable[[T], int], window: int, max_items: int | None = None
) -> Iterator[list[T]]:
    """Consecutive runs of items whose sizes add up to at least `window` (the last may be less),
    or that reach `max_items` items, taken from `items` as they come: one window at a time.

    >>> list(windows([3, 1, 5, 2], lambda n: n, 4))
    [[3, 1], [5], [2]]
    """
    current: list[T] = []
    total = 0
    for item in items:
        current.append(item)
        total += size(item)
        if total >= window or (max_items is not None and len(current) >= max_items):
            yield current
            current, total = [], 0
    if current:
        yield current


def translate_window(
    articles: Sequence[Sequence[str]],
    translator: Translator,
    cache: SentenceCache,
    *,
    num_beams: int,
    batch_size: int,
    advance: Callable[[int], None] | None = None,
    glossary: Glossary | None = None,
) -> Iterator[ArticleTranslation]:
    """Translate the sentences of several articles together; yield each article once complete.

    Each distinct sentence is looked up in `cache`; the rest are sorted by length (longest first)
    and translated `batch_size` at a time, each batch stored in the cache as it completes. An
    article is yielded as soon as its last sentence is translated (articles found entirely in
    the cache first), so the caller can write it while the rest of the window is translated.
    `advance(n)` is called with the sentence slots done (cache hits first, then batch by batch).
    `glossary` goes to `translate_sentences` (the cache's settings must name it too).
    """
    unique = list(dict.fromkeys(sentence for article in articles for sentence in article))
    done = cache.get_many(unique)
    missing = [sentence for sentence in unique if sentence not in done]
    owner: dict[str, int] = {}  # the first article of the window that holds each sentence
    holders: dict[str, list[int]] = {}
    waiting: list[set[str]] = []
    for index, article in enumerate(articles):
        waiting.append({sentence for sentence in article if sentence not in done})
        for sentence in waiting[-1]:
            owner.setdefault(sentence, index)
            holders.setdefault(sentence, []).append(index)

    def finished(index: int) -> ArticleTranslation:
        article = articles[index]
        return ArticleTranslation(
            index=index,
            translations=tuple(done[sentence] for sentence in article),
            cache_hits=sum(sentence not in owner for sentence in article),
            model_sentences=sum(owner[sentence] == index for sentence in set(article) & set(owner)),
        )

    if advance is not None and len(missing) < len(unique):
        advance(sum(sentence not in owner for article in articles for sentence in article))
    yield from (finished(index) for index in range(len(articles)) if not waiting[index])
    lengths = translator.count_tokens(missing) if missing else []
    by_length = [missing[i] for i in sorted(range(len(missing)), key=lambda i: -lengths[i])]
    for batch in _chunks(by_length, batch_size):
        translated = translate_sentences(
            batch, translator, num_beams=num_beams, batch_size=batch_size, glossary=glossary
        )
        new = dict(zip(batch, translated, strict=True))
        cache.put_many(new)
        done.update(new)
        if advance is not None:
            advance(_occurrences(articles, set(new)))
        completed: set[int] = set()
        for sentence in batch:
            for index in holders[sentence]:
                waiting[index].discard(sentence)
                if not waiting[index]:
                    completed.add(index)
        yield from (finished(index) for index in sorted(completed))


def _occurrences(articles: Sequence[Sequence[str]], sentences: set[str]) -> int:
    """How many sentence slots of the articles hold one of `sentences` (repeats count)."""
    return sum(sentence in sentences for article in articles for sentence in article)


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
