"""Running a batch with resume: `process_paths` (`batch`) composes one prelude (`prelude`), a
source of articles (`sources`) or corpus rows (`corpus_source`), a sink (`sinks`: article folders,
corpus parts) and an executor (`local`, window by window, or `ray/`), recording into `journal/`
and keeping `store/`. The one-article API lives in `translate.pipeline` and is re-exported
here for the callers that import it from `translate.run`."""

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
