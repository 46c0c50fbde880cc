"""Where a batch's articles come from: article files, URLs and stdin (`ArticleSource`), or the
rows of corpus files (`translate.run.corpus_source`).

A source answers the same two questions for every executor: which articles are left to do
(those that fail to read, and those its sink says are up to date, are recorded on the way), and
which are not reached yet (for the manifest). The local executor takes the articles read and
segmented (`pending`); the Ray executor takes `requests` that its tasks read, so the driver
never holds the text.

Discovery gives the paths (cheap: names and file types); reading, which is the costly part and
holds the text, happens as the run pulls articles into its windows: memory holds the current
window, not the archive, and the first article is written within seconds however many follow
it. A read error is logged when it is met, once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from translate.corpus.input import CorpusRow
from translate.document import Article, Sentence
from translate.errors import InputError
from translate.options import BatchOptions
from translate.read import ArticlePath, Problem, is_url, read_article
from translate.run.journal.entries import ArticleEntry
from translate.run.journal.outcomes import failed_entry, skipped_entry
from translate.run.journal.recorder import RunJournal
from translate.run.sinks import FolderSink
from translate.segment import Segmenter, segment_article

logger = logging.getLogger(__name__)

Input = tuple[ArticlePath, Article | InputError]

SinkT = TypeVar("SinkT", contravariant=True)


@dataclass(frozen=True, slots=True)
class Pending:
    """An article read and segmented, waiting for its window to be translated (`row`: the
    corpus row it came from)."""

    position: int
    found: ArticlePath
    article: Article
    sentences: list[Sentence]
    row: CorpusRow | None = None


@dataclass(frozen=True, slots=True)
class ReadRequest:
    """An article file for a Ray task to read: `source` as the user gave it, `location` its
    absolute path (or URL)."""

    position: int
    source: str
    name: str
    location: str

    def waiting(self) -> list[ArticleEntry]:
        """Its manifest entry while it is not done."""
        return [ArticleEntry(self.source, self.name, position=self.position)]


class Request(Protocol):
    """What a Ray read task is given: one or more articles to read, each with its position."""

    @property
    def position(self) -> int: ...

    def waiting(self) -> list[ArticleEntry]: ...


class Source(Protocol[SinkT]):
    """Where a run's articles come from; `SinkT` is the sink that says which are up to date."""

    @property
    def expected(self) -> int:
        """How many inputs the run has (the manifest's count)."""
        ...

    @property
    def articles(self) -> int:
        """How many of them are articles to read (the observer's count)."""
        ...

    @property
    def non_articles(self) -> tuple[str, ...]: ...

    def record_problems(self, journal: RunJournal) -> None:
        """Record the inputs that were no articles at all, first."""

    def pending(
        self, sink: SinkT, journal: RunJournal, split: Segmenter, *, force: bool
    ) -> Iterator[Pending | None]:
        """The articles to translate, read and segmented; those that fail or are up to date are
        recorded on the way and stand as None (so that windows can count them)."""
        ...

    def requests(self, sink: SinkT, journal: RunJournal, *, force: bool) -> Iterator[Request]:
        """The articles left to do, for a Ray task to read; the rest are recorded here."""
        ...

    def unread(self) -> Iterator[ArticleEntry]:
        """The inputs not reached yet, in order (the manifest lists them as pending)."""
        ...


def read_input(location: str, batch: BatchOptions) -> Article:
    """`read_article` with what the batch says of reading: the size cap, the encoding, the
    input format and the fetch time limit (a local run and a Ray task read alike)."""
    return read_article(
        location,
        max_bytes=batch.max_bytes,
        encoding=batch.encoding,
        input_format=batch.input_format,
        timeout=batch.fetch_timeout,
    )


class ArticleStream:
    """The articles `paths` name, read lazily and in order; `position` is how far it got."""

    def __init__(self, paths: Sequence[ArticlePath], batch: BatchOptions) -> None:
        self.paths = paths
        self.batch = batch
        self.position = 0  # the index of the next path to hand out
        self._read_ahead: list[Input] = []

    def has_readable_article(self) -> bool:
        """Read ahead until an article reads (kept for the run), False if none does.

        A run where nothing can be read writes nothing and loads no model.
        """
        while self.position + len(self._read_ahead) < len(self.paths):
            read = self._read(self.paths[self.position + len(self._read_ahead)])
            self._read_ahead.append(read)
            if not isinstance(read[1], InputError):
                return True
        return False

    def failures(self) -> list[InputError]:
        """The read errors met so far while reading ahead (all of them, when nothing reads)."""
        return [read for _, read in self._read_ahead if isinstance(read, InputError)]

    def __iter__(self) -> Iterator[Input]:
        while self.position < len(self.paths):
            read = (
                self._read_ahead.pop(0)
                if self._read_ahead
                else self._read(self.paths[self.position])
            )
            self.position += 1
            yield read

    def _read(self, path: ArticlePath) -> Input:
        try:
            return path, read_input(path.path, self.batch)
        except InputError as error:
            logger.error("%s", error)
            return path, error


class ArticleSource:
    """Article files, URLs or stdin (`stream`), after the `problems` found among the paths
    given and the files that are `non_articles`; a `FolderSink` says which are up to date."""

    def __init__(
        self,
        stream: ArticleStream,
        problems: Sequence[Problem] = (),
        non_articles: tuple[str, ...] = (),
    ) -> None:
        self.stream = stream
        self.problems = problems
        self.non_articles = non_articles
        self._first = len(problems) + 1  # the position of the stream's first article
        self._in_flight = 0  # the paths handed to Ray: none of them is unread

    @property
    def expected(self) -> int:
        return len(self.stream.paths) + len(self.problems)

    @property
    def articles(self) -> int:
        return len(self.stream.paths)

    def record_problems(self, journal: RunJournal) -> None:
        for position, problem in enumerate(self.problems, start=1):
            journal.record(failed_entry(problem.path, "", position, problem.error), problem.error)

    def pending(
        self, sink: FolderSink, journal: RunJournal, split: Segmenter, *, force: bool
    ) -> Iterator[Pending | None]:
        for index, (found, article) in enumerate(self.stream):
            position = self._first + index
            if isinstance(article, InputError):
                journal.record(failed_entry(found.path, found.name, position, article), article)
                yield None
            elif not force and sink.is_current(found.name, article):
                outputs = sink.outputs(found.name)
                journal.record(
                    skipped_entry(article.source, found.name, position, outputs, article.metadata)
                )
                yield None
            else:
                sink.prepare(found.name)
                yield Pending(position, found, article, segment_article(article, split))

    def requests(
        self, sink: FolderSink, journal: RunJournal, *, force: bool
    ) -> Iterator[ReadRequest]:
        for index, found in enumerate(self.stream.paths):
            position = self._first + index
            self._in_flight = index + 1  # reached: recorded here, or given to Ray
            if not force and self._is_current(sink, found):
                journal.record(
                    skipped_entry(found.path, found.name, position, sink.outputs(found.name))
                )
                continue
            sink.prepare(found.name)
            location = found.path if is_url(found.path) else str(Path(found.path).absolute())
            yield ReadRequest(position, found.path, found.name, location)

    def unread(self) -> Iterator[ArticleEntry]:
        start = max(self.stream.position, self._in_flight)
        paths = self.stream.paths
        for index in range(start, len(paths)):
            yield ArticleEntry(paths[index].path, paths[index].name, position=self._first + index)

    def _is_current(self, sink: FolderSink, found: ArticlePath) -> bool:
        """True when the article's folder is up to date (its input is read only then, whole:
        how it is read counts, as in a local run)."""
        if not sink.has_every_file(found.name):
            return False
        try:
            return sink.is_current(found.name, read_input(found.path, self.stream.batch))
        except InputError:
            return False  # the read task reports it
