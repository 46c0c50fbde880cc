"""The work a Ray run does on the cluster: read, translate, and write, one stage each.

Reading and writing are plain Ray tasks; translating is the callable class Ray documents for
batch inference, `Translate`, which loads the model once per actor (a CTranslate2 `Translator`
cannot be pickled, so each actor builds its own) and translates a batch of articles per call
through the same windows and cache as a local run. Every stage catches an article's
`TranslateError` and hands it on as that article's failure; an error that stops the whole run
(no model on a node, a cache that cannot be used) travels as `fatal` to the driver, which
raises it. Only the driver writes the manifest.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Sequence
from dataclasses import replace

from translate.corpus.input import CorpusRow
from translate.engines import ModelTranslator, load_translator
from translate.errors import TranslateError, UsageError
from translate.memory import RunMemory
from translate.pipeline import run_info, word_alignments
from translate.run.corpus_source import Shard
from translate.run.journal.outcomes import open_run_cache
from translate.run.ray.records import Batch, RayJob, Work, pack, unpack
from translate.run.ray.write import ArticleWriter
from translate.run.sources import ReadRequest, read_input
from translate.run.store.cache import SentenceCache
from translate.run.windows import translate_window
from translate.segment import Segmenter, get_segmenter, segment_article

logger = logging.getLogger(__name__)


def read_requests(batch: Batch, job: RayJob) -> Batch:
    """Ray task: read and segment what a batch of requests names (article files, or shards of
    corpus rows)."""
    split = get_segmenter(job.options.segmenter)
    works: list[Work] = []
    for request in unpack(batch, object):
        if isinstance(request, Shard):
            works += segment_rows(request.read(job.batch.max_bytes), split)
        elif isinstance(request, ReadRequest):
            works.append(read_article_work(request, job, split))
        else:
            raise TypeError(f"a read task was given a {type(request).__name__}")
    return pack(works)


def read_article_work(request: ReadRequest, job: RayJob, split: Segmenter) -> Work:
    """An article file read and segmented, or why it could not be."""
    work = Work(request.position, request.source, request.name)
    try:
        article = read_input(request.location, job.batch)
    except TranslateError as error:
        return replace(work, error=error)
    article = replace(article, source=request.source)  # as the user gave it
    return replace(work, article=article, sentences=tuple(segment_article(article, split)))


def segment_rows(rows: Sequence[CorpusRow], segmenter: Segmenter) -> list[Work]:
    """Corpus rows as work for the translate stage (a failed row passes through as failed)."""
    works = []
    for row in rows:
        work = Work(row.position, row.source, row.name, row=row, error=row.error)
        if row.article is not None:
            sentences = tuple(segment_article(row.article, segmenter))
            work = replace(work, article=row.article, sentences=sentences)
        works.append(work)
    return works


class Translate:
    """The actor: one model per actor, loaded in `__init__`; a batch of articles per call."""

    def __init__(self, job: RayJob) -> None:
        self.job = job
        self.problem: TranslateError | None = None
        self.writer: ArticleWriter | None = None
        try:
            if job.shortlist is not None:
                from translate.engines.ct2_engine import install_carried_shortlist

                install_carried_shortlist(job.options, job.shortlist)
            self.translator = load_translator(job.options, threads=assigned_threads())
            check_settings(self.translator, job)
            self._caches = threading.local()
            self.cache()  # a cache that cannot be used fails the actor now, not its first batch
            if job.options.summary_model is not None:  # a model too: loaded once, here
                self.writer = ArticleWriter(job)
        except TranslateError as error:
            self.problem = error

    def __call__(self, batch: Batch) -> Batch:
        """Translate the articles of a batch (and, with a summary model, write them)."""
        works = unpack(batch, Work)
        if self.problem is not None:
            return pack([replace(work, fatal=self.problem) for work in works])
        try:
            cache = self.cache()
        except TranslateError as error:
            return pack([replace(work, fatal=error) for work in works])
        works = translate_works(works, self.translator, cache, self.job)
        return pack(self.writer.write(works) if self.writer is not None else works)

    def cache(self) -> SentenceCache:
        """This thread's connection to the cache: Ray may call the actor from another thread
        than the one that built it, and an SQLite connection belongs to its thread."""
        cache: SentenceCache | None = getattr(self._caches, "cache", None)
        if cache is None:
            cache = open_run_cache(
                self.translator,
                self.job.batch,
                self.job.signature.beams,
                self.job.signature.glossary,
            )
            if self.job.options.memory is not None:  # a person's English first, as locally
                cache = RunMemory(self.job.options.memory).cache(cache)
            self._caches.cache = cache
        return cache


def translate_works(
    works: Sequence[Work], translator: ModelTranslator, cache: SentenceCache, job: RayJob
) -> list[Work]:
    """The articles of `works` translated together, as one window of a local run."""
    ready = [
        index for index, work in enumerate(works) if work.article is not None and not work.error
    ]
    done = {}
    try:
        for translated in translate_window(
            [[sentence.text for sentence in works[index].sentences] for index in ready],
            translator,
            cache,
            num_beams=job.signature.beams,
            batch_size=job.options.batch_size,
            glossary=job.options.glossary,
        ):
            done[ready[translated.index]] = translated
    except TranslateError as error:  # as in a local run: the cache or the model failed
        return [replace(work, fatal=error) for work in works]
    finished = list(works)
    for index, translated in done.items():
        work = replace(
            works[index],
            translations=translated.translations,
            cache_hits=translated.cache_hits,
            memory=translated.memory,
            model_sentences=translated.model_sentences,
            device=translator.device,
        )
        if job.options.align_words:
            try:
                links = word_alignments(
                    translator, work.sentences, work.translations, job.options.batch_size
                )
                work = replace(work, alignments=tuple(links))
            except TranslateError as error:
                work = replace(work, error=error)
        finished[index] = work
    return finished


def assigned_threads() -> int:
    """The CPU threads this actor may use: Ray sets OMP_NUM_THREADS to its CPUs (at least 1)."""
    try:
        return max(1, int(os.environ.get("OMP_NUM_THREADS", "1")))
    except ValueError:
        return 1


def check_settings(translator: ModelTranslator, job: RayJob) -> None:
    """Raise `UsageError` unless this node runs the model as the driver does (same revision,
    engine and quantisation), so every article of the run has the same signature."""
    mine = run_info(
        translator,
        job.options,
        summary_signature=job.signature.summary_signature,
        memory=job.signature.memory,
    ).settings()
    theirs = job.signature.settings()
    differing = [key for key in theirs if mine.get(key) != theirs[key]]
    if differing:
        shown = ", ".join(f"{key} {mine.get(key)!r} (driver: {theirs[key]!r})" for key in differing)
        raise UsageError(
            f"the Ray worker on {socket.gethostname()} runs the model with other settings than "
            f"the driver: {shown}; give --device cpu or cuda and the same model on every node."
        )
