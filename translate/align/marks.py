"""Marks that carry meaning: a question or exclamation, paired brackets and quotes, and mojibake.

A question turned into a statement, a dropped closing bracket or quotation mark, and `Ã¤` where
`ä` was meant are failures users of MT tools report; each check here compares what the German
and the English hold, in one pass over each, and returns what it found in words ("" lists
nothing). Quotation marks are counted as one kind, whatever their shape: English moves and
reshapes them (`„Ja“` → `"Yes"`), so only whether they pair up is compared. Single quotes are
left out: English uses the same characters as apostrophes.
"""

from __future__ import annotations

import re

_DOUBLE_QUOTES = '"“”„«»'
_BRACKETS = (("(", ")"), ("[", "]"))

# UTF-8 read as Windows-1252 or Latin-1: a lead byte (Â-ß for two bytes, à-ï for three) shown as
# a letter, followed by continuation bytes (0x80-0xBF) shown as their cp1252 or Latin-1 signs.
# German and English text never put these side by side; the replacement character says the
# same (bytes that decoded to nothing).
_CONTINUATION = "\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE = re.compile(rf"[ÂÃÅ][{_CONTINUATION}]|â[€‚ƒ„…†‡ˆ‰\x80-\x89][{_CONTINUATION}]|ï»¿|\ufffd")


def sentence_type_changes(source: str, target: str) -> tuple[str, ...]:
    """A question or exclamation of one side that the other side does not have, in words.

    A side is a question when it holds a `?` (a quoted question inside a statement included);
    the English of `Er fragte, ob sie kommt.` is a statement, as the German is.
    """
    changes = []
    for mark, name in (("?", "a question"), ("!", "an exclamation")):
        german, english = mark in source, mark in target
        if german and not english:
            changes.append(f"the German is {name} (`{mark}`), the English is not")
        elif english and not german:
            changes.append(f"the English is {name} (`{mark}`), the German is not")
    return tuple(changes)


def unpaired_marks(source: str, target: str) -> tuple[str, ...]:
    """Brackets and quotation marks that pair up in the German but not in the English, in words."""
    found = []
    for opening, closing in _BRACKETS:
        if _balanced(source, opening, closing) and not _balanced(target, opening, closing):
            found.append(
                f"the English has {target.count(opening)} `{opening}` but "
                f"{target.count(closing)} `{closing}`"
            )
    # A mojibake sequence holds quote-shaped signs (`â€œ`, `â€“`) that are no quotation marks.
    german_quotes = _quotes(_MOJIBAKE.sub("", source))
    english_quotes = _quotes(_MOJIBAKE.sub("", target))
    if german_quotes % 2 == 0 and english_quotes % 2 == 1:
        found.append(
            f"the German's {german_quotes} quotation marks pair up, the English's "
            f"{english_quotes} do not"
        )
    return tuple(found)


def mojibake(source: str, target: str) -> tuple[str, ...]:
    """Mojibake in either side (`Ã¤`, `â€ž`, `\ufffd`), in words."""
    found = []
    for side, text in (("German", source), ("English", target)):
        hits = list(dict.fromkeys(hit.group() for hit in _MOJIBAKE.finditer(text)))
        if hits:
            shown = ", ".join(f"`{hit}`" for hit in hits[:3])
            found.append(f"the {side} has {shown}: UTF-8 read in another encoding upstream")
    return tuple(found)


def _quotes(text: str) -> int:
    return sum(text.count(mark) for mark in _DOUBLE_QUOTES)


def _balanced(text: str, opening: str, closing: str) -> bool:
    """Every `closing` closes an earlier `opening`, and every `opening` is closed."""
    if opening not in text and closing not in text:
        return True
    depth = 0
    for character in text:
        if character == opening:
            depth += 1
        elif character == closing:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0
