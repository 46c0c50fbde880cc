"""What a batch run hands back to its caller."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from translate.errors import TranslateError
from translate.pipeline import ArticleResult
from translate.run.journal.entries import ArticleEntry, Status

# Failures kept in a report (all are in the manifest): an archive run can have many.
MAX_KEPT_FAILURES = 1000


@dataclass(frozen=True, slots=True)
class BatchReport:
    """What a batch run did: how many articles were written, found up to date and failed.

    `failures` holds the errors (the first `MAX_KEPT_FAILURES` of them, and `counts` says how
    many there were). With `keep_results` (the default for the library; the command line does
    not keep them), `results` holds every article written and `entries` every manifest entry,
    in input order; an archive run leaves them empty and keeps its memory flat.
    `manifest` is the manifest's path, or None when no article could be read.
    """

    results: tuple[ArticleResult, ...]
    failures: tuple[TranslateError, ...]
    entries: tuple[ArticleEntry, ...] = ()
    non_articles: tuple[str, ...] = ()
    manifest: Path | None = None
    # Articles per status, by its name (`counts[Status.DONE]` and `counts["done"]` alike).
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def skipped(self) -> tuple[ArticleEntry, ...]:
        """The articles whose outputs were already up to date (with `keep_results`)."""
        return tuple(entry for entry in self.entries if entry.status is Status.SKIPPED)
