"""Whether a hyphen at the end of a PDF line splits a word or belongs to it.

A PDF keeps no trace of why a line ends in `-`: the layout may have split `Bundes-regierung`,
or the word is written with a hyphen (`Nord-Aleppo`, `FSA-Miliz`, `CDU-geführt`, `Ein- und
Ausreise`). German spelling answers most cases: the part after a hyphen that belongs to the word
starts with a capital (a noun) or follows an abbreviation or a number, and a suspended hyphen
is followed by a conjunction. The rest is decided by the document itself: a word the text
writes elsewhere with its hyphen keeps it, and any other lowercase continuation is taken as
the layout's split (what justified, hyphenated text is full of).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Words after a suspended hyphen: `Ein- und Ausreise`, `Vor- oder Nachteile`, `Bundes- bis`.
_SUSPENDED = frozenset({"und", "oder", "bis", "sowie", "noch", "als", "wie", "bzw.", "u.", "o."})
_WORD = re.compile(r"[^\W_][\w\-]*", re.UNICODE)
_HYPHENS = "-\u2010\u2011"
SOFT_HYPHEN = "\u00ad"


def words_of(texts: Iterable[str]) -> frozenset[str]:
    """Every word the texts write, a hyphenated one whole (`nord-aleppo`), case-folded."""
    found: set[str] = set()
    for text in texts:
        for match in _WORD.finditer(text):
            word = match.group().strip(_HYPHENS).casefold()
            if word:
                found.add(word)
    return frozenset(found)


def join_hyphenated(left: str, right: str, vocabulary: frozenset[str]) -> str:
    """`left` (a line ending in a hyphen) joined to `right` (the next line's text)."""
    drop, glue = hyphen_joint(left, right, vocabulary)
    return (left[:-1] if drop else left) + glue + right


def hyphen_joint(left: str, right: str, vocabulary: frozenset[str]) -> tuple[bool, str]:
    """How a line ending in a hyphen, `left`, joins the next, `right`: whether its last
    character goes, and what stands between the two (`""` or a space).

    The hyphen is kept, with the words closed up, where it belongs to the word; dropped where
    the layout split the word; and kept with a space where it is a suspended hyphen or a dash.
    """
    if left.endswith(SOFT_HYPHEN):
        return True, ""
    stem = left[:-1]
    before = stem.rsplit(None, 1)[-1] if stem.strip() else ""
    if not before or stem[-1:].isspace() or not before[-1:].isalnum():
        return False, " "  # a dash standing alone, or `(-`: not a split word
    after = right.split(None, 1)[0] if right.strip() else ""
    if after.casefold() in _SUSPENDED:
        return False, " "
    if _belongs_to_word(before, after, vocabulary):
        return False, ""
    return True, ""


def _belongs_to_word(before: str, after: str, vocabulary: frozenset[str]) -> bool:
    """Whether the hyphen between `before-` and `after` is part of the word."""
    first = after[:1]
    if not first.isalpha() or first.isupper():
        return True  # `Nord-Aleppo`, `FSA-Miliz`, `2024-Bilanz`, `Covid-19`
    part = before.rsplit("-", 1)[-1]
    if any(character.isdigit() for character in part) or (len(part) > 1 and part.isupper()):
        return True  # `20-jährige`, `CDU-geführte`, `US-amerikanisch`
    rest = _WORD.match(after)
    tail = rest.group().rstrip(_HYPHENS) if rest else after
    return f"{before}-{tail}".casefold() in vocabulary
