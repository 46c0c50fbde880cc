"""Output folder names that are safe on every filesystem, made from an article's file name.

An article's name becomes a folder under `--out`, so it must never climb out (`..`), hide
(a leading dot, which is also how translate's temporary names start), take the name of a file
the batch writes beside it (`manifest.json`, `index.html`), collide with a name Windows
reserves (`CON`, `NUL`...), carry characters a filesystem refuses, or pass the 255-byte limit on
a name once the temporary suffix is added. A name that had to change gets a short
hash of the original, so two names that change to the same text stay apart.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import urllib.parse

from translate.ownership import BATCH_FILE

# Room for translate's temporary names around it (`.<name>.<16 hex>.tmp`) under 255 bytes.
MAX_NAME_BYTES = 200
# Characters some filesystem refuses or gives a meaning: path separators, Windows' reserved
# characters, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"COM{n}" for n in range(1, 10)]
    + [f"LPT{n}" for n in range(1, 10)]
)
_FALLBACK = "article"
# What a page's address ends in that says nothing about the article.
_WEB_SUFFIX = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cfm)$", re.IGNORECASE)


def safe_output_name(name: str) -> str:
    """`name` (a file stem, or `a/b/c` with sub-folders) as a safe relative folder name.

    Each part is made safe on its own (`safe_part`); parts that are empty after that are kept as
    `article-<hash>` so that the depth, and with it the layout, stays as the input's. The first
    part sits beside the batch's own files, so it never takes one of their names.
    """
    first, *rest = name.split("/")
    return "/".join([safe_part(first, top_level=True), *(safe_part(part) for part in rest)])


def safe_part(part: str, *, top_level: bool = False) -> str:
    """One folder name: unsafe characters replaced, no leading dots, within MAX_NAME_BYTES; at
    the top of `--out` (`top_level`), not the name of a file the batch writes there."""
    composed = unicodedata.normalize("NFC", part)  # macOS writes names decomposed
    cleaned = _UNSAFE.sub("_", composed).lstrip(". ").rstrip(". ")  # Windows drops trailing ones
    if cleaned.split(".")[0].upper() in _WINDOWS_RESERVED:
        cleaned = f"{cleaned}_"
    unchanged = cleaned == composed and not (top_level and BATCH_FILE.fullmatch(cleaned))
    if unchanged and len(cleaned.encode("utf-8")) <= MAX_NAME_BYTES:
        return cleaned
    digest = hashlib.sha256(part.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    stem = _truncate(cleaned or _FALLBACK, MAX_NAME_BYTES - len(digest) - 1)
    return f"{stem}-{digest}"


def with_digest(name: str, key: str) -> str:
    """`name` with a short hash of `key` on its last part (`2024/a` → `2024/a-1f3e5a7b`): the
    rule for a name that has to change, kept within MAX_NAME_BYTES."""
    head, _, last = name.rpartition("/")
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    suffixed = f"{_truncate(last, MAX_NAME_BYTES - len(digest) - 1)}-{digest}"
    return f"{head}/{suffixed}" if head else suffixed


def _truncate(text: str, max_bytes: int) -> str:
    """The longest prefix of `text` that fits in `max_bytes` of UTF-8 (whole characters)."""
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", "ignore").rstrip(". ")


def url_output_name(url: str) -> str:
    """A stable, safe folder name for the article fetched from `url`: its host and path.

    `https://www.zeitung.example/politik/bericht-100.html?seite=2` becomes
    `www.zeitung.example_politik_bericht-100-<hash of the query>`: no `/`, no `..`, the same
    name on every run, and different queries kept apart.
    """
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or _FALLBACK).lower()
    if parts.port is not None:
        host = f"{host}_{parts.port}"
    segments = [
        segment for segment in urllib.parse.unquote(parts.path).split("/") if segment.strip(". ")
    ]
    if segments:
        segments[-1] = _WEB_SUFFIX.sub("", segments[-1]) or segments[-1]
    name = "_".join([host, *segments])
    if parts.query:
        name += "-" + hashlib.sha256(parts.query.encode("utf-8")).hexdigest()[:8]
    return safe_part(name, top_level=True)
