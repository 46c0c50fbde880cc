"""The records the memory holds: a German sentence, the English a person gave it, and whence."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class UnitState(StrEnum):
    """Who said the English is right: the XLIFF 1.2 state of the unit it came from.

    TMX and TSV carry no state (`unspecified`): a file of human translations by definition.
    """

    final = "final"
    signed_off = "signed-off"
    translated = "translated"
    needs_review_translation = "needs-review-translation"
    needs_review_l10n = "needs-review-l10n"
    needs_review_adaptation = "needs-review-adaptation"
    needs_l10n = "needs-l10n"
    needs_adaptation = "needs-adaptation"
    unspecified = "unspecified"

    @classmethod
    def parse(cls, value: str) -> UnitState:
        """The state a file names; `unspecified` for none, or a custom `x-` one."""
        try:
            return cls(value)
        except ValueError:
            return cls.unspecified


@dataclass(frozen=True, slots=True)
class MemoryUnit:
    """One human translation: `origin` is the file it came from (its name as given), `unit` the
    id of the unit there (a trans-unit id, a TMX tuid or a TSV line number), `date` when the
    file says it was made (else when it was imported), ISO 8601 (in UTC once imported)."""

    source: str
    target: str
    origin: str
    unit: str
    date: str
    state: UnitState = UnitState.unspecified


@dataclass(frozen=True, slots=True)
class MemoryStats:
    """What `translate memory` prints: how many pairs, from how many files, the latest date."""

    path: str
    units: int
    files: int
    latest: str | None
    exists: bool
