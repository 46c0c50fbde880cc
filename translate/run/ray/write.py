"""The last stage of a Ray run: summarise, render and write the translated articles.

A plain Ray task per batch (`write_articles`); with a summary model the translating actor holds
an `ArticleWriter` of its own instead, so the model loads once per actor. An article is written
into its folder with the run's token, or (corpus mode) the batch's articles into one part.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from translate.corpus.input import CorpusRow
from translate.corpus.output import write_articles_part
from translate.errors import TranslateError, UsageError
from translate.files import clear_temporary, write_article_folder
from translate.ownership import is_our_temporary, temp_name
from translate.pipeline import ArticleResult, compose_article, render_outputs
from translate.run.journal.outcomes import done_entry, failed_entry, relative_outputs
from translate.run.ray.records import Batch, Outcome, RayJob, Work, pack, unpack
from translate.run.store.resume import ARTICLE_FILES
from translate.summary import Summariser, load_summariser


class ArticleWriter:
    """Summarise, render and write translated articles: into their folders, or a corpus part."""

    def __init__(self, job: RayJob) -> None:
        self.job = job
        self.summariser: Summariser = load_summariser(job.options)

    def write(self, works: Sequence[Work]) -> list[Outcome]:
        """The outcome of each article, in the order given."""
        outcomes = [self._compose(work) for work in works]
        if self.job.corpus is None or not works:
            return [outcome for outcome, _ in outcomes]
        return self._write_part(works, outcomes)

    def _compose(self, work: Work) -> tuple[Outcome, ArticleResult | None]:
        if work.fatal is not None:
            return Outcome(work.position, fatal=work.fatal), None
        if work.error is not None or work.article is None:
            error = work.error or UsageError(f"{work.source}: was not read.")
            return self._failed(work, error), None
        run = self.job.signature.for_input(work.article, device=work.device)
        try:
            result = compose_article(
                work.article,
                work.sentences,
                work.translations,
                self.summariser,
                run,
                work.alignments,
                glossary=self.job.options.glossary,
            )
            if self.job.corpus is not None:
                return Outcome(work.position, model_sentences=work.model_sentences), result
            folder = write_into(self.job, work.name, render_outputs(result, self.job.options))
        except TranslateError as error:
            return self._failed(work, error), None
        outputs = relative_outputs(work.name, self.job.files)
        entry = replace(
            done_entry(work.name, work.position, result, outputs),
            cache_hits=work.cache_hits,
            memory=work.memory,
        )
        kept = replace(result, folder=folder) if self.job.keep_results else None
        outcome = Outcome(
            work.position,
            entry,
            model_sentences=work.model_sentences,
            result=kept,
            pairs=tuple(result.document.pairs),
        )
        return outcome, result

    def _failed(self, work: Work, error: TranslateError) -> Outcome:
        entry = failed_entry(work.source, work.name, work.position, error, len(work.sentences))
        return Outcome(work.position, entry, error=error, model_sentences=work.model_sentences)

    def _write_part(
        self, works: Sequence[Work], outcomes: list[tuple[Outcome, ArticleResult | None]]
    ) -> list[Outcome]:
        """Corpus mode: the batch's translated articles into one part, then their entries."""
        assert self.job.corpus is not None
        written: list[tuple[Work, CorpusRow, ArticleResult]] = [
            (work, work.row, result)
            for work, (outcome, result) in zip(works, outcomes, strict=True)
            if result is not None and outcome.entry is None and work.row is not None
        ]
        written.sort(key=lambda kept: kept[0].position)
        if not written:  # every article of the batch failed: no part to write
            return [outcome for outcome, _ in outcomes]
        try:
            write_articles_part(
                self.job.corpus,
                min(work.position for work in works),
                [(row, result) for _, row, result in written],
            )
        except TranslateError as error:
            return [
                self._failed(work, error)
                if result is not None and outcome.entry is None
                else outcome
                for work, (outcome, result) in zip(works, outcomes, strict=True)
            ]
        finished = []
        for work, (outcome, result) in zip(works, outcomes, strict=True):
            if outcome.entry is None and outcome.fatal is None and result is not None:
                entry = replace(
                    done_entry(work.name, work.position, result, self.job.corpus.outputs()),
                    source=work.source,
                    cache_hits=work.cache_hits,
                    memory=work.memory,
                )
                outcome = replace(outcome, entry=entry, pairs=tuple(result.document.pairs))
            finished.append(outcome)
        return finished


def write_articles(batch: Batch, job: RayJob) -> Batch:
    """Ray task: summarise, render and write a batch of translated articles."""
    try:
        writer = ArticleWriter(job)
    except TranslateError as error:
        return pack([Outcome(work.position, fatal=error) for work in unpack(batch, Work)])
    return pack(writer.write(unpack(batch, Work)))


def write_into(job: RayJob, name: str, files: Mapping[str, str | bytes]) -> Path:
    """Write an article folder; first clear what a killed try of this same task left there
    (its temporary folder carries this run's token, so it is provably ours)."""
    out_dir = Path(job.out_dir)
    staging = (out_dir / name).parent / temp_name(Path(name).name, job.token, "tmp")
    if is_our_temporary(staging):
        clear_temporary(staging, ARTICLE_FILES)  # what is not ours stays, and is named
    return write_article_folder(out_dir, name, files, allowed=ARTICLE_FILES, token=job.token)
