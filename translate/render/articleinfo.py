"""What a batch index shows of an article besides its counts: a title and, when known, a date.

News text rarely says in words which line is its title; the first sentence is the headline when
there is one (the segmenter makes a line of its own a sentence of its own) and the lead
otherwise, so it serves either way. A date is taken only where it is plainly the article's: a
dateline among the first sentences, a line that is a date and little else (a place, a time, an
agency, `Stand:`: `Berlin, 3. Mai 2024`, `03.05.2024, 14:32 Uhr (dpa)`), or a dated path
(`archiv/2024-05-03/bericht.txt`, `2024/05/03/`); a date in running text (`Am 9. November 1989
fiel die Mauer.`) is history, not the article's date. All regexes here are
linear: fixed-width digit runs, no nested repetition.
"""

from __future__ import annotations

import datetime
import re

from translate.document import AlignedDocument

# A dateline is short, and besides its date holds at most a place (capitalised words), a time
# and a few fixed words; a sentence that holds a date and goes on is running text.
_DATELINE_MAX_CHARS = 80
_DATELINE_SENTENCES = 3
_DATELINE_PLACE_WORDS = 4
_DATELINE_FILLER = frozenset(
    {"am", "um", "uhr", "stand", "aktualisiert", "veröffentlicht", "erstellt", "zuletzt"}
)
_PARENTHESES = re.compile(r"\([^()]{0,40}\)")
_WORD = re.compile(r"[^\W\d_]+")
_MONTHS = {
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "feber": 2,
    "märz": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "dezember": 12,
}
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)")
_WRITTEN = re.compile(
    r"(?<!\d)(\d{1,2})\.\s{0,2}(" + "|".join(_MONTHS) + r")\s{1,2}(\d{4})(?!\d)", re.I
)
# In a path the parts need a separator: a run of 8 digits in a file name is as often an id.
_PATH = re.compile(r"(?<!\d)((?:19|20)\d{2})([-_/])(\d{2})\2(\d{2})(?!\d)")


def article_title(document: AlignedDocument) -> str:
    """The English of the article's first sentence that is not a dateline; its name if none."""
    for pair in document.pairs:
        if _dateline_date(pair.source) is None:
            return pair.target
    return document.pairs[0].target if document.pairs else document.name


def article_date(document: AlignedDocument) -> str | None:
    """The ISO date (`2024-05-03`) of a dateline among the first sentences, else None."""
    for pair in document.pairs[:_DATELINE_SENTENCES]:
        found = _dateline_date(pair.source)
        if found is not None:
            return found
    return None


def date_in_path(path: str) -> str | None:
    """The ISO date of a dated path (`2024-05-03`, `2024_05_03`, `2024/05/03`), else None."""
    for match in _PATH.finditer(path.replace("\\", "/")):
        found = _iso(match.group(1), match.group(3), match.group(4))
        if found is not None:
            return found
    return None


def _dateline_date(text: str) -> str | None:
    if len(text) > _DATELINE_MAX_CHARS:
        return None
    found = _first_date(text)
    if found is None:
        return None
    date, start, end = found
    rest = _PARENTHESES.sub(" ", text[:start] + " " + text[end:])
    words = [word for word in _WORD.findall(rest) if word.lower() not in _DATELINE_FILLER]
    if len(words) > _DATELINE_PLACE_WORDS or any(word[0].islower() for word in words):
        return None
    return date


def date_in_text(text: str) -> str | None:
    """The first valid date written as `2024-05-03`, `3.5.2024` or `3. Mai 2024` in `text`."""
    found = _first_date(text)
    return found[0] if found else None


def _first_date(text: str) -> tuple[str, int, int] | None:
    """The first valid date in `text` as ISO, with where it starts and ends."""
    candidates: list[tuple[int, int, str | None]] = []
    for match in _ISO.finditer(text):
        date = _iso(match.group(1), match.group(2), match.group(3))
        candidates.append((match.start(), match.end(), date))
    for match in _NUMERIC.finditer(text):
        date = _iso(match.group(3), match.group(2), match.group(1))
        candidates.append((match.start(), match.end(), date))
    for match in _WRITTEN.finditer(text):
        month = str(_MONTHS[match.group(2).lower()])
        candidates.append((match.start(), match.end(), _iso(match.group(3), month, match.group(1))))
    for start, end, date in sorted(candidates):
        if date is not None:
            return date, start, end
    return None


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None
