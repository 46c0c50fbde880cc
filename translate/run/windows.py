"""Cross-article batching, the cache in front of the model, and the resume check of batch runs.

Sentences of several articles (a window) share length-sorted batches, so a folder of short
articles fills batches as well as one long article does; each sentence is looked up in the cache
first, and each batch's translations are stored as soon as it is done, so a crash loses at most
the batch in flight.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from translate.document import RunInfo, Translation
from translate.engines.batching import Translator, translate_sentences
from translate.options import DEFAULT_WINDOW as DEFAULT_WINDOW
from translate.render.formats import RUN_FILE
from translate.run.cache import SentenceCache
from translate.run.manifest import ArticleEntry, Status

logger = logging.getLogger(__name__)

# RunInfo fields that say how a run went, not what it produced: they do not block a resume.
_NOT_SETTINGS = frozenset({"date", "device", "batch_size", "input_sha256"})

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How a batch run goes: window size, cache, resume and folder walking.

    `window` is how many sentences (from as many consecutive articles as it takes) are translated
    together; 1 translates one article at a time. `cache_dir=None` is the default location (see
    `translate.run.cache.default_cache_dir`); `use_cache=False` keeps translations for this run
    only.
    `force` redoes articles whose outputs are up to date.
    """

    window: int = DEFAULT_WINDOW
    use_cache: bool = True
    cache_dir: Path | None = None
    force: bool = False
    recursive: bool = False


class BatchObserver(Protocol):
    """Told about a batch run's progress (the CLI draws a progress bar or prints lines)."""

    def start(self, articles: int, sentences: int) -> None:
        """Work is about to begin: this many articles and sentences are to be translated."""

    def advance(self, sentences: int) -> None:
        """This many more sentences are translated (from the model or the cache)."""

    def finish_article(self, entry: ArticleEntry) -> None:
        """An article is written, found up to date, or failed."""


class LogObserver:
    """One log line per finished article (INFO), for a stderr that is not a terminal."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir

    def start(self, articles: int, sentences: int) -> None:
        """Say how much there is to do."""
        if articles:
            logger.info("%d article(s), %d sentence(s) to translate", articles, sentences)

    def advance(self, sentences: int) -> None:
        """Nothing to show between articles."""

    def finish_article(self, entry: ArticleEntry) -> None:
        """Log a written or skipped article (failures are logged as errors where they happen)."""
        if entry.status is not Status.FAILED:
            logger.info("%s", describe_entry(entry, self.out_dir))


def describe_entry(entry: ArticleEntry, out_dir: Path) -> str:
    """One line about a finished article: translated and written, skipped, or failed."""
    if entry.status is Status.SKIPPED:
        return f"{entry.source}: unchanged since the last run, skipped (--force redoes it)"
    if entry.status is Status.FAILED:
        return f"{entry.source}: failed: {entry.reason}"
    cached = f" ({entry.cache_hits} from the cache)" if entry.cache_hits else ""
    flagged = f"; {entry.flagged} flagged for review (see aligned.jsonl)" if entry.flagged else ""
    return (
        f"{entry.source}: {entry.sentences} sentences translated{cached}, "
        f"written to {out_dir / entry.name}/{flagged}"
    )


@dataclass(frozen=True, slots=True)
class ArticleTranslation:
    """One article of a window, translated: its place in the window and where the English came
    from. `model_sentences` counts the distinct sentences the model translated for it (a
    sentence shared with an earlier article of the window counts there)."""

    index: int
    translations: tuple[Translation, ...]
    cache_hits: int
    model_sentences: int


def windows(sizes: Sequence[int], window: int) -> Iterator[range]:
    """Consecutive runs of items whose sizes add up to at least `window` (the last may be less).

    >>> [list(r) for r in windows([3, 1, 5, 2], 4)]
    [[0, 1], [2], [3]]
    """
    start, total = 0, 0
    for index, size in enumerate(sizes):
        total += size
        if total >= window:
            yield range(start, index + 1)
            start, total = index + 1, 0
    if start < len(sizes):
        yield range(start, len(sizes))


def translate_window(
    articles: Sequence[Sequence[str]],
    translator: Translator,
    cache: SentenceCache,
    *,
    num_beams: int,
    batch_size: int,
    advance: Callable[[int], None] | None = None,
) -> Iterator[ArticleTranslation]:
    """Translate the sentences of several articles together; yield each article once complete.

    Each distinct sentence is looked up in `cache`; the rest are sorted by length (longest first)
    and translated `batch_size` at a time, each batch stored in the cache as it completes. An
    article is yielded as soon as its last sentence is translated (articles found entirely in
    the cache first), so the caller can write it while the rest of the window is translated.
    `advance(n)` is called with the sentence slots done (cache hits first, then batch by batch).
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
            batch, translator, num_beams=num_beams, batch_size=batch_size
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


def is_up_to_date(folder: Path, files: Sequence[str], expected: RunInfo) -> bool:
    """True when `folder` holds every output file and its `run.json` matches `expected`.

    Matching means the same input (sha256) and the same settings: the same run signature
    (model, revision, engine, beams, input limit, segmenter, summary, tool version) and the same
    value for every other `RunInfo` field run.json records, except those that only describe how
    the run went (date, device, batch size).
    """
    if not all((folder / name).is_file() for name in files):
        return False
    try:
        recorded = json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    if not isinstance(recorded, dict):
        return False
    if recorded.get("input_sha256") != expected.input_sha256:
        return False
    if recorded.get("signature") != expected.signature():
        return False
    return all(
        recorded[field.name] == getattr(expected, field.name)
        for field in dataclasses.fields(expected)
        if field.name in recorded and field.name not in _NOT_SETTINGS
    )
