"""German sentence segmentation for news paragraphs.

The translator feeds Marian one sentence at a time, and a wrong split hurts a translation more
than a missed one (the model copes with two sentences in one input, but not with half of one).
So every rule below leans towards *not* splitting when a German reader would hesitate.

How it works: one regex finds the candidate gaps, i.e. whitespace after `.`, `!`, `?` or `…`
(plus any closing quotes or brackets glued to it) and whitespace that holds a line break.
Each gap is then judged by the token to its left and the word to its right:

* `!`, `?` and ellipses end a sentence unless the next word is lowercase.
* A period ends a sentence unless the token before it is an abbreviation, an initial, an
  ordinal number (`am 3. Oktober`, `der 5. Platz`) or a Roman numeral (`Ludwig XIV.`).
  Abbreviations that may also close a sentence (`usw.`, `12 Mio.`) split when the next word
  clearly starts a new sentence.
* A line break with no final punctuation is a boundary only when its line stands on its own
  (headline, byline, list item), not when it merely wraps a running sentence.

Quotes: a closing quote glued to the final punctuation stays with its sentence, so the boundary
goes after it (`„Wir kommen.“ Dann …`). A multi-sentence quotation may be split inside.
"""

from __future__ import annotations

import itertools
import re

from translate.segment.lexicon import (
    ABBREVIATIONS,
    CONTINUATION_WORDS,
    FINAL_ABBREVIATIONS,
    MONTHS,
    NUMBER_ABBREVIATIONS,
    ORDINAL_CUES,
    ORDINAL_NOUNS,
    SENTENCE_OPENERS,
    UNIT_ABBREVIATIONS,
)

# Quotes and brackets that open (`„Wir`, `(dpa)`) or close (`kommen.“`) a quotation or aside;
# `"`, `»`, `«` and `“` can do either, so the position decides.
_OPENERS = "„‚\"“»«‘'(["
_CLOSERS = "\"“”»«’')]"
_OPEN = f"[{re.escape(_OPENERS)}]"
_CLOSE = f"[{re.escape(_CLOSERS)}]"
# Whitespace gaps that may be sentence boundaries: after final punctuation (with the closing
# quotes/brackets glued to it, group `close`), or any gap that contains a line break.
# The second branch starts only where a run of spaces starts, and never backtracks into it:
# otherwise every position of a long run of spaces would rescan the rest of the run.
_GAP = re.compile(rf"(?<=[.!?…])(?P<close>{_CLOSE}*)\s+|(?<![^\S\n])[^\S\n]*+\n\s*")
# A whitespace-delimited token split into opening marks, word, final punctuation, closers.
_TOKEN = re.compile(
    rf"(?P<open>{_OPEN}*)(?P<word>.*?)(?P<punct>[.!?…]*)(?P<close>{_CLOSE}*)\Z",
    re.DOTALL,
)
# The next word after a gap, with any opening quotes or brackets before it.
_NEXT = re.compile(rf"(?P<open>{_OPEN}*)(?P<word>\S*)")
# Letters joined by periods: z.B, d.h, u.a, i.d.R, D.C (the final period is not included).
_DOTTED = re.compile(r"[^\W\d_]{1,2}(?:\.[^\W\d_]{1,2})+")
_ROMAN = re.compile(r"[IVXLC]{2,}")
# A bare number, also as the end of a range (`1. -3. Jahrhundert`).
_NUMBER = re.compile(r"[-–]?\d+")
# A list item at the start of a line: a bullet, a dash or `1.` / `2)` followed by a space.
_ITEM = re.compile(r"[•·▪◦‣*\-–—](?=\s)|\d{1,3}[.)](?=\s)")
_WHITESPACE_BLOCK = re.compile(r"\n[^\S\n]*\n")
_SPACES = re.compile(r"\s*")
_SPACE_AND_BULLETS = frozenset(" \t\n•·▪◦‣*-–—")


# Lines shorter than this can be headlines even inside soft-wrapped text.
_WRAP_MIN_CHARS = 40


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of each sentence in `text`.

    `text[start:end]` is the sentence, stripped of surrounding whitespace. The spans cover every
    non-whitespace character of `text` in order; whitespace-only text gives `[]`.
    """
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    if start == len(text):
        return spans
    wrapped: bool | None = None  # computed on the first ambiguous line break
    quotes = _QuoteCount(text)
    skip_to = 0
    for gap in _GAP.finditer(text, start):
        if gap.start() < skip_to:
            continue
        token_end = end = gap.start() + len(gap.group("close") or "")
        nxt = gap.end()
        if nxt == len(text):
            break
        if gap.group("close") is not None and _lone_closing_quote(text, nxt, quotes):
            end = nxt + 1
            nxt = skip_to = _after_spaces(text, end)
            if nxt == len(text):
                break
        gap_text = text[end:nxt]
        if _WHITESPACE_BLOCK.search(gap_text):
            split = True  # a blank line always ends a paragraph block
        elif gap.group("close") is not None:
            split = _ends_at_punctuation(text, start, token_end, nxt, "\n" in gap_text)
        else:
            if wrapped is None:
                wrapped = _is_soft_wrapped(text)
            split = _ends_at_line_break(text, start, end, nxt, wrapped)
        if split:
            spans.append((start, end))
            start = nxt
    spans.append((start, len(text.rstrip())))
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, stripped: `[text[s:e] for s, e in sentence_spans(text)]`."""
    return [text[s:e] for s, e in sentence_spans(text)]


def _after_spaces(text: str, position: int) -> int:
    """The first position at or after `position` that is not whitespace (or the end)."""
    spaces = _SPACES.match(text, position)
    assert spaces is not None  # the pattern matches the empty string
    return spaces.end()


class _QuoteCount:
    """How many ASCII `"` come before a position, counted once as positions move forward."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._position = 0
        self._count = 0

    def before(self, position: int) -> int:
        """The number of `"` in `text[:position]` (positions must not go backwards)."""
        self._count += self._text.count('"', self._position, position)
        self._position = position
        return self._count


def _lone_closing_quote(text: str, pos: int, quotes: _QuoteCount) -> bool:
    """True if `text[pos]` is a quote standing alone that closes the quotation before it.

    Some sources detach the closing quote (`… bereit sind ... " Garcia sagte`). German `“`/`”`
    close; an ASCII `"` closes when an odd number of `"` come before it.
    """
    char = text[pos]
    if char not in '"“”' or (pos + 1 < len(text) and not text[pos + 1].isspace()):
        return False
    return char != '"' or quotes.before(pos) % 2 == 1


def _token_before(text: str, end: int) -> tuple[int, str]:
    """The start and text of the whitespace-delimited token that ends at `end`."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return start, text[start:end]


def _ends_at_punctuation(text: str, sent_start: int, end: int, nxt: int, newline: bool) -> bool:
    """Whether final punctuation before `end` closes the sentence, given the text at `nxt`."""
    following = _NEXT.match(text, nxt)
    assert following is not None  # the pattern matches the empty string
    opening, word = following.group("open"), following.group("word")
    if newline and _ITEM.match(text, nxt):
        return True
    first = word[:1]
    if first.islower() and "(" not in opening:
        return False
    if first and not opening and first in ",;:.)]-–—":
        return False
    token_start, token = _token_before(text, end)
    parts = _TOKEN.match(token)
    assert parts is not None  # every part of the pattern is optional
    left, punct, close = parts.group("word"), parts.group("punct"), parts.group("close")
    if not left and parts.group("open"):
        return False  # `[…]`, a quoted or bracketed ellipsis marks an omission
    if "!" in punct or "?" in punct or punct.startswith("..") or "…" in punct:
        return True
    if "(" in parts.group("open") and ")" in close:
        return False  # `(65.)`, `(gegr.)`: the period belongs to a bracketed word
    if close:
        return True  # `… gekämpft."`, `(siehe S. 4.)`: the closer confirms the end
    return _period_ends_sentence(text, sent_start, token_start, left, word)


def _period_ends_sentence(
    text: str, sent_start: int, token_start: int, left: str, right: str
) -> bool:
    """Whether `left.` is a sentence end before the word `right` (which is not lowercase)."""
    right = right.rstrip(".,;:!?" + _CLOSERS)
    if not left:
        return False  # a stray period
    if len(left) == 1 and left.isalpha():
        return False  # an initial (`George W. Bush`) or a one-letter abbreviation (`S. 4`)
    if _NUMBER.fullmatch(left):
        return not _is_ordinal(text, sent_start, token_start, right)
    if _ROMAN.fullmatch(left):
        return False  # `Ludwig XIV.`, `Papst Benedikt XVI.`
    if _DOTTED.fullmatch(left):
        return left.lower() in FINAL_ABBREVIATIONS
    last = re.split(r"[.\-]", left)[-1]  # `Dipl.-Ing` → `Ing`
    if _known(last, ABBREVIATIONS) or (last.endswith("str") and last[:1].isupper()):
        return False  # `Goethestr. 12`
    if _known(last, NUMBER_ABBREVIATIONS):
        return not right[:1].isdigit()
    if _known(last, FINAL_ABBREVIATIONS):
        return True
    if _known(last, UNIT_ABBREVIATIONS):
        return right in SENTENCE_OPENERS
    return True


def _known(word: str, words: frozenset[str]) -> bool:
    """`word` is in `words`, also with its first letter lowercased (sentence-initial `Vgl`)."""
    return word in words or (word[:1].isupper() and word[:1].lower() + word[1:] in words)


def _is_ordinal(text: str, sent_start: int, token_start: int, right: str) -> bool:
    """Whether the number ending at a period is an ordinal rather than the sentence's end.

    Ordinals are list numbers at the start of a sentence (`1. Planen …`), days before a month,
    numbers before a typical ordinal noun, or numbers after an article or a possessive
    (`der 5. Platz`). A bare number after anything else ends the sentence (`auf Platz 3.`).
    """
    if right in MONTHS or right in ORDINAL_NOUNS or text[token_start] in _OPENERS:
        return True  # also `(3. Auflage)`, `„1. Renaissance`
    # Back from the number over whitespace and bullets: reaching the sentence's start means
    # the number opens it (a list item). Only this stretch is looked at, never the sentence.
    position = token_start
    while position > sent_start and text[position - 1] in _SPACE_AND_BULLETS:
        position -= 1
    if position <= sent_start:
        return True
    previous_end = token_start
    while previous_end > sent_start and text[previous_end - 1].isspace():
        previous_end -= 1
    _, previous = _token_before(text, previous_end)
    return previous.lower().strip('(„"') in ORDINAL_CUES or previous.endswith((",", ":"))


def _ends_at_line_break(text: str, sent_start: int, end: int, nxt: int, wrapped: bool) -> bool:
    """Whether a line break after a line with no final punctuation ends a sentence.

    It does when the line stands on its own (a headline, a byline, a list item): the line
    began the current sentence, the next line does not continue it in lowercase, and the line
    does not end in a word that needs a continuation. In soft-wrapped text a long line is
    taken as wrapped even then.
    """
    if _ITEM.match(text, nxt) and not text[nxt].isdigit():
        return True
    if text[nxt].islower():
        return False
    line_start = text.rfind("\n", 0, end) + 1
    line = text[line_start:end]
    if line.endswith(":"):
        return True
    if _continues(line):
        return False
    if _ITEM.match(text, nxt):
        return True
    if sent_start < line_start or text[line_start:sent_start].strip():
        return False  # the line goes on a sentence from the line before or within the line
    return not (wrapped and len(line.strip()) >= _WRAP_MIN_CHARS)


def _continues(line: str) -> bool:
    """Whether a line without final punctuation must go on: it ends in a comma, a hyphen, an
    article, preposition, conjunction or determiner, or an inflected adjective (`eine neue`)."""
    if line[-1:] in ",-–(/&+":
        return True
    last = line.rsplit(None, 1)[-1] if line.strip() else ""
    return last.lower() in CONTINUATION_WORDS or (
        len(last) > 3 and last.islower() and last.isalpha() and last.endswith("e")
    )


def _is_soft_wrapped(text: str) -> bool:
    """Whether any single line break in `text` clearly falls inside a sentence.

    Then the text is hard-wrapped running prose, and an ambiguous break after a long line is
    a wrap too.
    """
    lines = text.split("\n")
    for line, following in itertools.pairwise(lines):
        line, following = line.rstrip(), following.lstrip()
        if not line or not following or line[-1] in ".!?…:" + _CLOSERS:
            continue
        if following[0].islower() or _continues(line):
            return True
    return False
