"""Reading articles: the inputs a run was given, and the bytes of each turned into an Article."""

from __future__ import annotations

from translate.read.article import STDIN, parse_article, read_article, split_paragraphs
from translate.read.discover import ArticlePath, FoundArticles, Problem, find_articles

__all__ = [
    "STDIN",
    "ArticlePath",
    "FoundArticles",
    "Problem",
    "find_articles",
    "parse_article",
    "read_article",
    "split_paragraphs",
]
