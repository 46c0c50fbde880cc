"""One article's place in a batch run: its status, and the entry the manifest lists for it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from translate.check.batch import BatchFinding
from translate.document import SourceMetadata

# A JSON object as the journal and the manifest hold it (values as `json` reads and writes
# them): the one place the journal's records are left untyped.
JsonRecord = dict[str, Any]


class Status(StrEnum):
    """Where an article stands in a batch run."""

    PENDING = "pending"
    DONE = "done"
    SKIPPED = "skipped-unchanged"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    """One article of a batch: its input, output folder (relative to `--out`) and outcome.

    `cache_hits` counts the article's sentences whose translation was already in the cache;
    `memory` those the translation memory gave (recorded only when there are any);
    `flagged` the pairs with a review flag (`translate.align.review`);
    `consistency` its pairs that disagree with an earlier article of the run
    (`translate.check.batch`: a name respelled, a German sentence translated otherwise);
    `seconds` is the wall time from the previous article's completion to this one's (articles
    are translated together, so this is the time the run spent to get this one done; the times
    of a run's articles add up to its translating time).
    """

    source: str
    name: str
    status: Status = Status.PENDING
    reason: str | None = None
    sentences: int = 0
    cache_hits: int = 0
    memory: int = 0
    flagged: int = 0
    seconds: float = 0.0
    outputs: tuple[str, ...] = ()
    metadata: SourceMetadata | None = None  # how the input was read, what a page stated
    position: int = 0  # 1-based place among the run's inputs; the manifest lists them so
    consistency: tuple[BatchFinding, ...] = ()

    @classmethod
    def from_record(cls, record: JsonRecord) -> ArticleEntry:
        """An entry back from its `record()` (a journal line)."""
        return cls(
            source=str(record.get("source", "")),
            name=str(record.get("name", "")),
            position=int(record.get("position", 0)),
            status=Status(record.get("status", Status.PENDING)),
            reason=record.get("reason"),
            sentences=int(record.get("sentences", 0)),
            cache_hits=int(record.get("cache_hits", 0)),
            memory=int(record.get("memory", 0)),
            flagged=int(record.get("flagged_for_review", 0)),
            seconds=float(record.get("seconds", 0.0)),
            outputs=tuple(record.get("outputs", ())),
            metadata=_metadata(record.get("metadata")),
            consistency=_findings(record.get("consistency")),
        )

    def record(self) -> JsonRecord:
        """The entry as it appears in `manifest.json`."""
        return {
            "position": self.position,
            "source": self.source,
            "name": self.name,
            "status": str(self.status),
            "reason": self.reason,
            "sentences": self.sentences,
            "cache_hits": self.cache_hits,
            **({"memory": self.memory} if self.memory else {}),
            "flagged_for_review": self.flagged,
            "seconds": round(self.seconds, 3),
            "outputs": list(self.outputs),
            **({"metadata": self.metadata.record()} if self.metadata is not None else {}),
            **(
                {"consistency": [finding.record() for finding in self.consistency]}
                if self.consistency
                else {}
            ),
        }


def _findings(records: object) -> tuple[BatchFinding, ...]:
    """A journal line's `consistency` back as findings (none in an older journal)."""
    if not isinstance(records, list):
        return ()
    return tuple(
        BatchFinding(
            str(item.get("pair", "")), str(item.get("flag", "")), str(item.get("reason", ""))
        )
        for item in records
        if isinstance(item, dict)
    )


def _metadata(record: object) -> SourceMetadata | None:
    """A journal line's `metadata` back as SourceMetadata (unknown keys left out)."""
    if not isinstance(record, dict):
        return None
    known = SourceMetadata.__dataclass_fields__
    return SourceMetadata(**{key: str(value) for key, value in record.items() if key in known})
