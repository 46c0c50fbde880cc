"""The memory's keys: German text the way a lookup should see it, and its words for fuzzy matching.

Two copies of a sentence differ in ways a reader never notices: a line break where a paragraph
was wrapped, a non-breaking space, „typographic“ or "straight" quotes, a composed or decomposed
umlaut. The key folds those away, so a sentence corrected once is found again however the next
article typesets it; case and every other character still count (an exact match is exact).
"""

from __future__ import annotations

import re
import unicodedata

# Every double and single quotation mark German and English typesetting use, folded to ASCII.
_DOUBLE_QUOTES = "„“”‟«»〝〞＂″"
_SINGLE_QUOTES = "‚‘’‛‹›′＇`´"
_QUOTES = str.maketrans(
    {**dict.fromkeys(_DOUBLE_QUOTES, '"'), **dict.fromkeys(_SINGLE_QUOTES, "'")}
)
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """The exact-lookup key: NFC, one kind of each quote, runs of whitespace as one space."""
    folded = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return _SPACE.sub(" ", folded).strip()


def words(key: str) -> tuple[str, ...]:
    """The words of a key, case-folded, punctuation dropped: what fuzzy similarity compares."""
    return tuple(_WORD.findall(key.casefold()))
