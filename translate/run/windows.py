"""Cross-article batching: the sentences of consecutive articles share the model's batches.

Sentences of several articles (a window) share length-sorted batches, so a folder of short
articles fills batches as well as one long article does; each sentence is looked up in the cache
first, and each batch's translations are stored as soon as it is done, so a crash loses at most
the batch in flight.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from translate.document import Origin, Translation
from translate.engines import Translator, translate_sentences
from translate.glossary import Glossary
from translate.run.store.cache import SentenceCache

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ArticleTranslation:
    """One article of a window, translated: its place in the window and where the English came
    from. `cache_hits` counts its sentences the cache had, `memory` those the translation
    memory had (it sits in front of the cache, a person's English is no cache hit);
    `model_sentences` the distinct sentences the model translated for it (a sentence shared
    with an earlier article of the window counts there)."""

    index: int
    translations: tuple[Translation, ...]
    cache_hits: int
    model_sentences: int
    memory: int = 0


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
    book = _Bookkeeping(articles, done)
    if advance is not None and len(missing) < len(unique):
        advance(book.cached_slots)
    yield from (book.finished(index) for index in book.complete_at_start())
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
            advance(sum(book.slots[sentence] for sentence in new))
        yield from (book.finished(index) for index in book.complete_after(batch))


class _Bookkeeping:
    """Which sentences each article of a window still waits for, and who owns each one.

    Every step costs what its own sentences cost (an article's, or a batch's), never a
    rescan of the window, so a window 16 times larger costs 16 times as much.
    """

    def __init__(self, articles: Sequence[Sequence[str]], done: dict[str, Translation]) -> None:
        self.articles = articles
        self.done = done
        self.owner: dict[str, int] = {}  # the first article of the window that holds it
        self.holders: dict[str, list[int]] = {}
        self.slots: Counter[str] = Counter()  # sentence slots of the window holding it
        self.waiting: list[set[str]] = []
        for index, article in enumerate(articles):
            self.slots.update(article)
            self.waiting.append({sentence for sentence in article if sentence not in done})
            for sentence in self.waiting[-1]:
                self.owner.setdefault(sentence, index)
                self.holders.setdefault(sentence, []).append(index)
        self.cached_slots = sum(
            count for sentence, count in self.slots.items() if sentence not in self.owner
        )

    def complete_at_start(self) -> list[int]:
        """The articles found entirely in the cache."""
        return [index for index, waiting in enumerate(self.waiting) if not waiting]

    def complete_after(self, batch: Sequence[str]) -> list[int]:
        """The articles that `batch`'s translations complete, in window order."""
        completed: set[int] = set()
        for sentence in batch:
            for index in self.holders[sentence]:
                self.waiting[index].discard(sentence)
                if not self.waiting[index]:
                    completed.add(index)
        return sorted(completed)

    def finished(self, index: int) -> ArticleTranslation:
        article = self.articles[index]
        found = [self.done[sentence] for sentence in article if sentence not in self.owner]
        memory = sum(translation.origin is Origin.memory for translation in found)
        return ArticleTranslation(
            index=index,
            translations=tuple(self.done[sentence] for sentence in article),
            cache_hits=len(found) - memory,
            model_sentences=sum(self.owner.get(sentence) == index for sentence in set(article)),
            memory=memory,
        )


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
