"""Running the stages: one article (the notebook API), a batch with resume (here or on a Ray
cluster: `ray_run`), corpus files of rows (`corpus_run`), and stdin."""

from __future__ import annotations

from translate.pipeline import (
    ArticleResult,
    process_article,
    translate_article,
    translate_text,
    translate_to_stdout,
)
from translate.run.batch import process_paths
from translate.run.journal.entries import ArticleEntry, Status
from translate.run.journal.index import write_index
from translate.run.journal.observer import BatchObserver, LogObserver, describe_entry
from translate.run.journal.report import BatchReport

__all__ = [
    "ArticleEntry",
    "ArticleResult",
    "BatchObserver",
    "BatchReport",
    "LogObserver",
    "Status",
    "describe_entry",
    "process_article",
    "process_paths",
    "translate_article",
    "translate_text",
    "translate_to_stdout",
    "write_index",
]
