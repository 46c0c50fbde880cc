"""Reading articles: the inputs a run was given (files, folders, URLs, stdin), and the bytes of
each turned into an Article: text in any encoding German is written in, a web page reduced to
its article, or a Word, OpenDocument or PDF file reduced to its body text."""

from __future__ import annotations

from translate.read.article import (
    SAVED_PAGE_FILES,
    parse_article,
    read_article,
    split_paragraphs,
)
from translate.read.discover import ArticlePath, FoundArticles, Problem, find_articles
from translate.read.names import safe_output_name, url_output_name
from translate.read.source import DEFAULT_MAX_BYTES, STDIN, is_url, read_source

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SAVED_PAGE_FILES",
    "STDIN",
    "ArticlePath",
    "FoundArticles",
    "Problem",
    "find_articles",
    "is_url",
    "parse_article",
    "read_article",
    "read_source",
    "safe_output_name",
    "split_paragraphs",
    "url_output_name",
]
