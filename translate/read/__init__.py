"""Reading articles: the inputs a run was given, and the bytes of each turned into an Article."""

from __future__ import annotations

from translate.read.article import parse_article, read_article, split_paragraphs
from translate.read.discover import ArticlePath, FoundArticles, Problem, find_articles
from translate.read.names import safe_output_name
from translate.read.source import DEFAULT_MAX_BYTES, STDIN, read_source

__all__ = [
    "DEFAULT_MAX_BYTES",
    "STDIN",
    "ArticlePath",
    "FoundArticles",
    "Problem",
    "find_articles",
    "parse_article",
    "read_article",
    "read_source",
    "safe_output_name",
    "split_paragraphs",
]
