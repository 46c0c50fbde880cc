"""The articles of a batch, read one at a time as the run reaches them.

Discovery gives the paths (cheap: names and file types); reading, which is the costly part and
holds the text, happens here, in input order, as the run pulls articles into its windows: memory
holds the current window, not the archive, and the first article is written within seconds
however many follow it. A read error is logged when it is met, once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from translate.document import Article
from translate.errors import InputError
from translate.options import BatchOptions
from translate.read import ArticlePath, read_article

logger = logging.getLogger(__name__)

Input = tuple[ArticlePath, Article | InputError]


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
