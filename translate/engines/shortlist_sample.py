"""The German sentences a shortlist is learned from: a sample of the user's own archive.

Articles (files and folders, as `translate run` finds them) are read in an order shuffled with a
fixed seed, so a sample of an archive of thousands spreads over all of it and is the same on
every build, and only as many are read as the sample needs. A corpus file (`.jsonl`, `.parquet`)
is read as `translate run` reads it (`translate.corpus`: a line or a batch of rows at a time, each
row's `text` one article) from its first row until the sample is full, so an archive far larger
than memory is never held whole; a row that cannot be an article is skipped as `run` skips it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from pathlib import Path

from translate.corpus.input import CORPUS_FORMATS, CorpusFormat, CorpusRow
from translate.document import Article
from translate.errors import InputError, TranslateError
from translate.options import DEFAULT_MAX_BYTES

DEFAULT_SAMPLE = 2000
_SEED = 28


def sample_sentences(
    paths: Sequence[str], size: int, *, recursive: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[str]:
    """Up to `size` distinct German sentences from the articles or corpus files in `paths`.

    An input that cannot be read is skipped unless nothing can be read at all; no sentence
    at all is an `InputError`.
    """
    from translate.segment import segment_article

    found: dict[str, None] = {}
    problems: list[TranslateError] = []
    for article in _articles(paths, recursive=recursive, max_bytes=max_bytes, problems=problems):
        for sentence in segment_article(article):
            found.setdefault(sentence.text)
            if len(found) >= size:
                return list(found)
    if not found:
        reason = f" ({problems[0]})" if problems else ""
        raise InputError(
            f"no German sentence found in {', '.join(paths)}{reason}; give article files, "
            "folders of them, or corpus files (.jsonl, .parquet) with `id` and `text`."
        )
    return list(found)


def _articles(
    paths: Sequence[str], *, recursive: bool, max_bytes: int, problems: list[TranslateError]
) -> Iterator[Article]:
    from translate.read.article import read_article
    from translate.read.discover import find_articles

    corpora = [path for path in paths if Path(path).suffix.lower() in CORPUS_FORMATS]
    articles = [path for path in paths if path not in corpora]
    for corpus in corpora:
        try:
            for row in _corpus_rows(corpus, max_bytes=max_bytes):
                if row.article is not None:
                    yield row.article
                elif row.error is not None:
                    problems.append(row.error)
        except InputError as error:  # the file itself: missing, not a corpus
            problems.append(error)
    if not articles:
        return
    discovered = find_articles(articles, recursive=recursive)
    problems.extend(problem.error for problem in discovered.problems)
    order = list(discovered.articles)
    random.Random(_SEED).shuffle(order)
    for found in order:
        try:
            yield read_article(found.path, max_bytes=max_bytes)
        except InputError as error:
            problems.append(error)


def _corpus_rows(path: str, *, max_bytes: int) -> Iterator[CorpusRow]:
    """The rows of one corpus file, streamed by the reader `translate run` uses for it."""
    if CORPUS_FORMATS[Path(path).suffix.lower()] is CorpusFormat.parquet:
        from translate.corpus.parquet import read_parquet

        return read_parquet([path], max_bytes=max_bytes)
    from translate.corpus.input import read_jsonl

    return read_jsonl([path], max_bytes=max_bytes)
