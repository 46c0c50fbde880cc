"""The German sentences a shortlist is learned from: a sample of the user's own archive.

Articles (files and folders, as `translate run` finds them) are read in an order shuffled with a
fixed seed, so a sample of an archive of thousands spreads over all of it and is the same on
every build, and only as many are read as the sample needs. A JSONL corpus is read row by row
(its `text` field) from the top.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from pathlib import Path

from translate.document import Article
from translate.errors import InputError
from translate.options import DEFAULT_MAX_BYTES

DEFAULT_SAMPLE = 2000
_SEED = 28


def sample_sentences(
    paths: Sequence[str], size: int, *, recursive: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[str]:
    """Up to `size` distinct German sentences from the articles or JSONL corpora in `paths`.

    An input that cannot be read is skipped unless nothing can be read at all; no sentence
    at all is an `InputError`.
    """
    from translate.segment import segment_article

    found: dict[str, None] = {}
    problems: list[InputError] = []
    for article in _articles(paths, recursive=recursive, max_bytes=max_bytes, problems=problems):
        for sentence in segment_article(article):
            found.setdefault(sentence.text)
            if len(found) >= size:
                return list(found)
    if not found:
        reason = f" ({problems[0]})" if problems else ""
        raise InputError(
            f"no German sentence found in {', '.join(paths)}{reason}; give article files, "
            "folders of them, or a .jsonl corpus with a `text` field."
        )
    return list(found)


def _articles(
    paths: Sequence[str], *, recursive: bool, max_bytes: int, problems: list[InputError]
) -> Iterator[Article]:
    from translate.read.article import parse_article, read_article
    from translate.read.discover import find_articles

    corpora = [path for path in paths if Path(path).suffix.lower() == ".jsonl"]
    articles = [path for path in paths if path not in corpora]
    for corpus in corpora:
        for number, text in _corpus_texts(corpus):
            try:
                yield parse_article(text.encode("utf-8"), name=str(number), source=corpus)
            except InputError as error:
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


def _corpus_texts(path: str) -> Iterator[tuple[int, str]]:
    """(line number, text) of each JSONL row with a non-empty string `text`."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError:
                    raise InputError(
                        f"{path}:{number}: is not JSON; a corpus has one JSON object per line."
                    ) from None
                text = record.get("text") if isinstance(record, dict) else None
                if isinstance(text, str) and text.strip():
                    yield number, text
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror}).") from None
