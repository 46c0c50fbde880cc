"""The local executor: a batch's articles translated window by window on this machine.

The source hands over articles read and segmented, in input order (those that fail to read or
are up to date it records itself); the executor gathers them into windows of about `--window`
sentences, translates each window's sentences together through the cache (and the memory in
front of it), assembles each article the moment its last sentence is done, and gives it to the
sink, which writes and records it. Memory holds one window, and the cost of an article does not
depend on how many came before it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TypeVar

from translate.errors import TranslateError
from translate.pipeline import assemble_article
from translate.run.journal.entries import ArticleEntry
from translate.run.journal.outcomes import done_entry, failed_entry, open_run_cache
from translate.run.journal.recorder import RunJournal
from translate.run.prelude import RunContext
from translate.run.sinks import Sink
from translate.run.sources import Pending, Source
from translate.run.store.cache import SentenceCache
from translate.run.windows import ArticleTranslation, translate_window, windows
from translate.segment import get_segmenter

S = TypeVar("S", bound=Sink)


class LocalExecutor:
    """Runs a source into a sink on this machine (see the module docstring)."""

    def __init__(self, context: RunContext) -> None:
        self.context = context
        self._window: list[Pending] = []
        self._unfinished: set[int] = set()

    @contextmanager
    def prepared(self) -> Iterator[None]:
        """Open the cache (before the manifest is written: a bad cache changes nothing)."""
        context = self.context
        cache = open_run_cache(
            context.translator, context.batch, context.signature.beams, context.signature.glossary
        )
        memory = context.memory
        self._cache: SentenceCache = memory.cache(cache) if memory is not None else cache
        try:
            yield
        finally:
            cache.close()

    def execute(self, source: Source[S], sink: S, journal: RunJournal) -> None:
        """Translate every article the source has left to do, window by window."""
        split = get_segmenter(self.context.options.segmenter)
        planned = source.pending(sink, journal, split, force=self.context.batch.force)
        for window in self._windows(planned):
            self._translate(window, sink, journal)
            sink.checkpoint(journal, final=False)

    def in_flight(self) -> Iterator[ArticleEntry]:
        """The current window's articles not finished yet, in input order."""
        for index in sorted(self._unfinished):
            item = self._window[index]
            yield ArticleEntry(item.article.source, item.found.name, position=item.position)

    def _windows(self, planned: Iterable[Pending | None]) -> Iterator[list[Pending]]:
        """The articles to translate together: about `window` sentences each, and at most `window`
        inputs however many were skipped (the `None`s), which bounds how far the manifest's
        order can be off (see `manifest.in_input_order`)."""
        size = self.context.batch.window
        for window in windows(planned, _size, size, max_items=size):
            yield [item for item in window if item is not None]

    def _translate(self, window: list[Pending], sink: Sink, journal: RunJournal) -> None:
        """Translate one window, handing each article to the sink as it completes."""
        context = self.context
        self._window = window
        self._unfinished = set(range(len(window)))
        context.observer.planned(len(window), sum(len(item.sentences) for item in window))
        last = time.monotonic()
        for translated in translate_window(
            [[sentence.text for sentence in item.sentences] for item in window],
            context.translator,
            self._cache,
            num_beams=context.signature.beams,
            batch_size=context.options.batch_size,
            advance=context.observer.advance,
            glossary=context.options.glossary,
        ):
            journal.manifest.model_sentences += translated.model_sentences
            now = time.monotonic()
            self._unfinished.discard(translated.index)  # before it is recorded: listed once
            self._finish(window[translated.index], translated, now - last, sink, journal)
            last = now
        self._window = []

    def _finish(
        self,
        item: Pending,
        translated: ArticleTranslation,
        seconds: float,
        sink: Sink,
        journal: RunJournal,
    ) -> None:
        """Assemble one translated article and give it to the sink; an error here fails only
        this one."""
        context = self.context
        try:
            result = assemble_article(
                item.article,
                item.sentences,
                translated.translations,
                context.translator,
                context.options,
                context.summariser,
                context.memory,
            )
        except TranslateError as error:
            entry = failed_entry(
                item.article.source, item.found.name, item.position, error, len(item.sentences)
            )
            entry = replace(
                entry, cache_hits=translated.cache_hits, memory=translated.memory, seconds=seconds
            )
            sink.fail(entry, error, item.row, journal)
            return
        name = item.found.name
        found = journal.consistency.add(name, result.document.pairs)
        entry = done_entry(name, item.position, result, sink.outputs(name), found)
        entry = replace(
            entry, cache_hits=translated.cache_hits, memory=translated.memory, seconds=seconds
        )
        sink.write(entry, result, item.row, journal)


def _size(item: Pending | None) -> int:
    return len(item.sentences) if item is not None else 0
