"""A batch run on Ray (`--ray`): the same outputs, manifest and resume as a local run.

The driver (this process) keeps what must have one owner: the output folder's lock, the
manifest's journal, the resume check and the batch index. It records the inputs that are no
articles and the articles already up to date (found before the dataset is built, so Ray only
sees what is left), then builds one Ray Data dataset of the rest:

    read_articles (tasks) -> Translate (actor pool) -> write_articles (tasks) -> driver

and records each article's outcome as it comes back. Ray Data retries a task whose worker died
and restarts a killed actor, retrying the batch it held (its own defaults); an article that
comes back twice is recorded once. Ctrl-C stops the job and leaves the manifest `interrupted`.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from translate.engines.ct2_engine import carried_shortlist
from translate.errors import ClusterError, InputError, TranslateError, first_line
from translate.options import RayOptions
from translate.read import ArticlePath, is_url
from translate.run.journal.entries import ArticleEntry
from translate.run.journal.manifest import Manifest, ManifestState
from translate.run.journal.outcomes import skipped_entry
from translate.run.journal.report import BatchReport
from translate.run.local import BatchRun
from translate.run.prelude import RunContext
from translate.run.ray.cluster import (
    ACTOR_CPUS,
    TASK_CPUS,
    RaySession,
    check_nodes_can_write,
    import_ray,
)
from translate.run.ray.records import (
    Batch,
    Outcome,
    Positioned,
    RayJob,
    ReadRequest,
    pack,
    unpack,
)
from translate.run.ray.stages import Translate, read_articles
from translate.run.ray.write import write_articles
from translate.run.sources import ArticleStream, read_input
from translate.run.store.resume import remove_leftovers

logger = logging.getLogger(__name__)

# Articles per read task, and per actor call: a window of about `--window` sentences, for
# articles of about this many sentences (a news article has 15-30).
READ_ARTICLES = 16
SENTENCES_PER_ARTICLE = 16


class RayRun(BatchRun):
    """`BatchRun` with the articles done on a Ray cluster; see the module docstring."""

    def __init__(self, context: RunContext, ray: RayOptions) -> None:
        super().__init__(context)
        self.ray = ray
        self._outstanding: dict[int, tuple[str, str]] = {}  # position -> (source, name)

    def run(
        self,
        stream: ArticleStream,
        problems: Sequence[ArticleEntry],
        non_articles: tuple[str, ...],
        problem_errors: Sequence[TranslateError] = (),
    ) -> BatchReport:
        """Do the run on Ray; `problems` are the paths that were no articles at all."""
        self._first_position = len(problems) + 1
        manifest = self._new_manifest(len(stream.paths) + len(problems), non_articles)
        with RaySession(self.ray) as session:
            actors = session.actors()
            check_nodes_can_write(self.out_dir.resolve(), self.token)
            with manifest.running():
                self._record_problems(manifest, problems, problem_errors)
                self.observer.start(len(stream.paths), 0)
                requests = list(self._to_do(stream.paths, manifest))
                if requests:
                    self.consume(self.dataset(requests, actors), manifest)
                names = [request.name for request in requests]
                remove_leftovers(self.out_dir, names, {self.token})  # what killed tries left
                manifest.finish(ManifestState.COMPLETE)
                self._index(manifest, final=True)
        return self._report(manifest, non_articles)

    def job(self) -> RayJob:
        """What the stages need: options, where to write, the run's token and signature."""
        return RayJob(
            options=self.options,
            batch=self.batch,
            out_dir=str(self.out_dir.resolve()),
            token=self.token,
            signature=self.signature,
            files=self.files,
            keep_results=self.keep_results,
            shortlist=carried_shortlist(self.translator),
        )

    def dataset(self, requests: Sequence[Positioned], actors: int) -> Any:
        """The Ray Data pipeline over `requests` (read, translate, write), not started yet."""
        ray = import_ray()
        job = self.job()
        per_block = self.rows_per_block()
        items = pack(requests)
        rows = [
            {"position": position, "item": item}
            for position, item in zip(items["position"], items["item"], strict=True)
        ]
        blocks = min(10_000, math.ceil(len(rows) / per_block))
        dataset = ray.data.from_items(rows, override_num_blocks=blocks)
        dataset = dataset.map_batches(
            self.reader(), batch_size=per_block, fn_kwargs={"job": job}, num_cpus=TASK_CPUS
        )
        return translate_and_write(ray, dataset, job, actors, self.batch.window)

    def reader(self) -> Callable[[Batch, RayJob], Batch]:
        """The read stage's task function."""
        return read_articles

    def rows_per_block(self) -> int:
        """Dataset rows per read task."""
        return READ_ARTICLES

    def consume(self, dataset: Any, manifest: Manifest) -> None:
        """Record each article's outcome as Ray hands it back (once, even if a retried task
        hands it back again); raise what stopped the run."""
        ray = import_ray()
        rows = dataset.iter_batches(batch_size=None, batch_format="numpy")
        last = time.monotonic()
        try:
            for batch in rows:
                for outcome in unpack(batch, Outcome):
                    last = self._take(outcome, manifest, last)
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

    def _take(self, outcome: Outcome, manifest: Manifest, last: float) -> float:
        if outcome.fatal is not None:
            raise outcome.fatal
        if outcome.entry is None or self._outstanding.pop(outcome.position, None) is None:
            return last
        if isinstance(outcome.error, InputError):
            logger.error("%s", outcome.error)  # logged where read in a local run; not here
        now = time.monotonic()
        manifest.model_sentences += outcome.model_sentences
        self.observer.advance(outcome.entry.sentences)
        if outcome.result is not None:
            self.results.append((outcome.position, outcome.result))
        self._record(manifest, replace(outcome.entry, seconds=now - last), outcome.error)
        self._index(manifest, final=False)
        return now

    def _to_do(self, paths: Sequence[ArticlePath], manifest: Manifest) -> Iterator[ReadRequest]:
        """The articles Ray should do: those not up to date (which are recorded here)."""
        for index, path in enumerate(paths):
            position = self._first_position + index
            if not self.batch.force and self._unchanged(path):
                entry = skipped_entry(path.path, path.name, position, self.sink.outputs(path.name))
                self._record(manifest, entry)
                continue
            self._outstanding[position] = (path.path, path.name)
            location = path.path if is_url(path.path) else str(Path(path.path).absolute())
            yield ReadRequest(position, path.path, path.name, location)

    def _unchanged(self, path: ArticlePath) -> bool:
        """True when the article's folder is up to date (its input is read only then, whole:
        how it is read counts, as in a local run)."""
        if not self.sink.has_every_file(path.name):
            return False
        try:
            return self.sink.is_current(path.name, read_input(path.path, self.batch))
        except InputError:
            return False  # the read task reports it

    def _pending_entries(self) -> Iterator[ArticleEntry]:
        for position, (source, name) in list(self._outstanding.items()):
            yield ArticleEntry(source, name, position=position)


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
