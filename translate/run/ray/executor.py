"""The Ray executor (`--ray`): the same sources, sinks, outputs, manifest and resume as a local
run, with the work done on a Ray cluster.

The driver (this process) keeps what must have one owner: the output folder's lock, the
manifest's journal, the resume check and the batch index. The source records the inputs that
are no articles and the articles already up to date (found before the dataset is built, so Ray
only sees what is left) and hands over requests for the rest (article files, or shards of corpus
rows), and the executor builds one Ray Data dataset of them:

    read_requests (tasks) -> Translate (actor pool) -> write_articles (tasks) -> driver

and records each article's outcome as it comes back. Ray Data retries a task whose worker died
and restarts a killed actor, retrying the batch it held (its own defaults); an article that
comes back twice is recorded once. Ctrl-C stops the job and leaves the manifest `interrupted`.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, TypeVar

from translate.engines.ct2_engine import carried_shortlist
from translate.errors import ClusterError, InputError, TranslateError, first_line
from translate.options import RayOptions
from translate.run.journal.entries import ArticleEntry, Status
from translate.run.journal.recorder import RunJournal
from translate.run.prelude import RunContext
from translate.run.ray.cluster import (
    ACTOR_CPUS,
    TASK_CPUS,
    RaySession,
    check_nodes_can_write,
    import_ray,
)
from translate.run.ray.records import Outcome, RayJob, pack, unpack
from translate.run.ray.stages import Translate, read_requests
from translate.run.ray.write import write_articles
from translate.run.sinks import Sink
from translate.run.sources import Request, Source

logger = logging.getLogger(__name__)

S = TypeVar("S", bound=Sink)

# Articles per read task, and per actor call: a window of about `--window` sentences, for
# articles of about this many sentences (a news article has 15-30).
READ_ARTICLES = 16
SENTENCES_PER_ARTICLE = 16


class RayExecutor:
    """Runs a source into a sink on a Ray cluster (see the module docstring)."""

    def __init__(self, context: RunContext, ray: RayOptions) -> None:
        self.context = context
        self.ray = ray
        self._actors = 0
        self._outstanding: dict[int, ArticleEntry] = {}  # position -> its pending entry

    @contextmanager
    def prepared(self) -> Iterator[None]:
        """Join (or start) the cluster, start its actors, and check every node can write."""
        with RaySession(self.ray) as session:
            self._actors = session.actors()
            check_nodes_can_write(self.context.out_dir.resolve(), self.context.token)
            yield

    def execute(self, source: Source[S], sink: S, journal: RunJournal) -> None:
        """Record what the source finds done or unreadable, then do the rest on Ray."""
        requests = list(source.requests(sink, journal, force=self.context.batch.force))
        for request in requests:
            for entry in request.waiting():
                self._outstanding[entry.position] = entry
        if requests:
            job = self.job(sink)
            self.consume(self.dataset(requests, job), sink, journal)
        sink.clear_retries([entry.name for request in requests for entry in request.waiting()])

    def in_flight(self) -> Iterator[ArticleEntry]:
        return iter(list(self._outstanding.values()))  # in input order: requests came so

    def job(self, sink: Sink) -> RayJob:
        """What the stages need: options, where to write, the run's token and signature."""
        context = self.context
        return RayJob(
            options=context.options,
            batch=context.batch,
            out_dir=str(context.out_dir.resolve()),
            token=context.token,
            signature=context.signature,
            files=sink.files,
            keep_results=context.keep_results and sink.target is None,
            corpus=sink.target,
            shortlist=carried_shortlist(context.translator),
        )

    def dataset(self, requests: Sequence[Request], job: RayJob) -> Any:
        """The Ray Data pipeline over `requests` (read, translate, write), not started yet."""
        ray = import_ray()
        largest = max(len(request.waiting()) for request in requests)
        per_block = max(1, READ_ARTICLES // largest)  # about READ_ARTICLES articles per task
        items = pack(requests)
        rows = [
            {"position": position, "item": item}
            for position, item in zip(items["position"], items["item"], strict=True)
        ]
        blocks = min(10_000, math.ceil(len(rows) / per_block))
        dataset = ray.data.from_items(rows, override_num_blocks=blocks)
        dataset = dataset.map_batches(
            read_requests, batch_size=per_block, fn_kwargs={"job": job}, num_cpus=TASK_CPUS
        )
        return translate_and_write(ray, dataset, job, self._actors, self.context.batch.window)

    def consume(self, dataset: Any, sink: Sink, journal: RunJournal) -> None:
        """Record each article's outcome as Ray hands it back (once, even if a retried task
        hands it back again); raise what stopped the run."""
        ray = import_ray()
        rows = dataset.iter_batches(batch_size=None, batch_format="numpy")
        last = time.monotonic()
        try:
            for batch in rows:
                for outcome in unpack(batch, Outcome):
                    last = self._take(outcome, sink, journal, last)
        except ray.exceptions.RayError as error:
            cause = _translate_error(error)
            if cause is not None:
                raise cause from None
            raise ClusterError(
                f"the Ray job stopped ({type(error).__name__}: {first_line(error)}); see the "
                "Ray logs (`ray logs`), or run again with --debug."
            ) from None
        finally:
            close = getattr(rows, "close", None)
            if close is not None:
                close()

    def _take(self, outcome: Outcome, sink: Sink, journal: RunJournal, last: float) -> float:
        if outcome.fatal is not None:
            raise outcome.fatal
        if outcome.entry is None or self._outstanding.pop(outcome.position, None) is None:
            return last
        if isinstance(outcome.error, InputError):
            logger.error("%s", outcome.error)  # logged where read in a local run; not here
        now = time.monotonic()
        journal.manifest.model_sentences += outcome.model_sentences
        self.context.observer.advance(outcome.entry.sentences)
        if outcome.result is not None:
            journal.keep(outcome.position, outcome.result)
        entry = replace(outcome.entry, seconds=now - last)
        if entry.status is Status.DONE:
            entry = replace(entry, consistency=journal.consistency.add(entry.name, outcome.pairs))
        sink.returned(entry, outcome.error, journal)
        sink.checkpoint(journal, final=False)
        return now


def translate_and_write(ray: Any, dataset: Any, job: RayJob, actors: int, window: int) -> Any:
    """The translate stage (an actor pool) and the write stage (tasks) after `dataset`.

    With a summary model, the actors also summarise and write (the model loads once per actor,
    as the translation model does), so there is no write stage.
    """
    per_call = max(1, window // SENTENCES_PER_ARTICLE)
    dataset = dataset.map_batches(
        Translate,
        batch_size=per_call,
        compute=ray.data.ActorPoolStrategy(size=actors),
        fn_constructor_kwargs={"job": job},
        num_cpus=ACTOR_CPUS,
    )
    if job.options.summary_model is not None:
        return dataset
    size = per_call if job.corpus is None else CORPUS_PART_ARTICLES
    return dataset.map_batches(
        write_articles,
        batch_size=size,
        fn_kwargs={"job": job},
        num_cpus=TASK_CPUS,
    )


# Articles per corpus part written by one task.
CORPUS_PART_ARTICLES = 256


def _translate_error(error: BaseException) -> TranslateError | None:
    """The TranslateError a task raised, if that is what stopped the job."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, TranslateError):
            return seen
        seen = seen.__cause__ or getattr(seen, "cause", None)
    return None
