"""The one way this package writes a moment in time: UTC, ISO 8601, whole seconds."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> str:
    """Now, e.g. `2026-12-01T09:38:00+00:00`: what run.json, the manifest and caches record."""
    return datetime.now(UTC).isoformat(timespec="seconds")
