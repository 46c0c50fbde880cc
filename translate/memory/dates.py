"""A unit's date, the one way the memory keeps it: ISO 8601 in UTC, to the second.

Files state dates many ways (TMX's `20261125T090338Z`, XLIFF's `2023-05-01T10:00:00.5+02:00`
or a bare `2023-05-01`); the memory keeps the newer of two Englishes by comparing dates, and
only dates written alike compare as strings.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utc_date(value: str | None) -> str | None:
    """`value` as `YYYY-MM-DDTHH:MM:SS+00:00`; None when it is no ISO 8601 date (`gestern`).
    A date without an offset is taken as UTC, and a bare date as its midnight."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).replace(microsecond=0).isoformat()
    except (ValueError, OverflowError):
        return None
