"""Size limits on what is read, in a module of their own: `options` and `read/` both need them,
and `options` imports the glossary, which reads its file through `read/`."""

from __future__ import annotations

# The most bytes one article may have (a news article is a few kilobytes; 10 MiB is a book).
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# The largest --max-bytes: 1 TiB, far past any article, and a size Python can read up to.
MAX_MAX_BYTES = 1 << 40
