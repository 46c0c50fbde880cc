"""Values of number mentions: the record of a mention, its keys, and reading digit strings.

A key says what a number is, the same however a language writes it: `n:5000` (a count, day,
year or ordinal: `5.000`, `5,000`, `fünftausend`), `m:10` (a month), `t:14:30` (a time of day,
24-hour clock), `d:90` (a decade), `c:T72` (a code). Pure functions and tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from translate.align import numberpatterns as patterns
from translate.align import numberwords as words

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
_GROUPING = re.compile(r"[ '’\u00a0\u202f\u2009]")
GERMAN_WEAK = {
    **dict.fromkeys(("ein", "eine", "einen", "einem", "einer", "eines", "eins"), "n:1"),
    **dict.fromkeys(("einmal", "erstmals", "erstmalig"), "n:1"),
    **dict.fromkeys(("beide", "beiden", "beider", "beides", "doppelt", "doppelte"), "n:2"),
    **dict.fromkeys(("doppelten", "doppelter", "doppeltes"), "n:2"),
    **dict.fromkeys(("halb", "halbe", "halben", "halber", "halbes", "hälfte"), "n:0.5"),
    **dict.fromkeys(("eineinhalb", "anderthalb"), "n:1.5"),
    "dutzend": "n:12",
    "jahrzehnt": "n:10",
    "null": "n:0",
    # `zu zweit`, `zu dritt`: how many together; the stem stands alone only there.
    **{"zweit": "n:2", "dritt": "n:3", "viert": "n:4", "fünft": "n:5", "sechst": "n:6"},
    **dict.fromkeys(("mittag", "mittags"), "t:12:00"),
    "mitternacht": "t:0:00",
}
ENGLISH_WEAK = {
    **dict.fromkeys(("a", "an", "once", "single"), "n:1"),
    **dict.fromkeys(("twice", "both", "double"), "n:2"),
    **dict.fromkeys(("thrice", "triple"), "n:3"),
    "half": "n:0.5",
    "decade": "n:10",
    "fortnight": "n:2",  # two weeks
    "nil": "n:0",
    **dict.fromkeys(("noon", "midday"), "t:12:00"),
    "midnight": "t:0:00",
}


@dataclass(frozen=True, slots=True)
class Mention:
    """A number as the sentence writes it, and what it can mean.

    `readings` are the ways to read it, most likely first; each is a tuple of keys (a date is a
    day, a month and a year). A weak mention may match the other side but needs no match.
    `offered` > 0 offers only that many first readings to the other side: a time (`20 Uhr`) may
    match a bare `8`, but a bare-number reading of one time must not match another time.
    `ordinal` marks an ordinal word (`ersten`, `second`): two weak ones that disagree are a
    mismatch (`zum ersten Mal` → `for the second time`).
    """

    text: str
    readings: tuple[tuple[str, ...], ...]
    strong: bool = True
    start: int = 0
    end: int = 0
    offered: int = 0
    ordinal: bool = False


def number_key(value: Decimal | int) -> str:
    """`n:<value>`, written the same way however the value was written (`5.000`, `5000`)."""
    number = Decimal(value).normalize()
    return f"n:{number:f}"


def digit_readings(raw: str, *, german: bool) -> list[tuple[Decimal, ...]]:
    """The readings of a digit string: `5.000` is 5000 in German, 5 (or 5000) in English."""
    raw = _GROUPING.sub("", raw)
    if ":" in raw:
        return [tuple(Decimal(part) for part in raw.split(":"))]
    if "." in raw and "," in raw:  # both marks: the last one is the decimal mark
        mark = "." if raw.rfind(".") > raw.rfind(",") else ","
        whole, _, fraction = raw.rpartition(mark)
        whole = whole.replace("," if mark == "." else ".", "")
        if whole.isdigit():
            return [(Decimal(f"{whole}.{fraction}"),)]
        return [tuple(Decimal(part) for part in re.split(r"[.,]", raw))]
    mark = "." if "." in raw else "," if "," in raw else ""
    if not mark:
        return [(Decimal(raw),)]
    parts = raw.split(mark)
    grouped = len(parts[0]) <= 3 and all(len(part) == 3 for part in parts[1:])
    if len(parts) > 2:
        return [(Decimal("".join(parts)),)] if grouped else [tuple(Decimal(p) for p in parts)]
    decimal = (Decimal(f"{parts[0]}.{parts[1]}"),)
    thousands = (Decimal(parts[0] + parts[1]),)
    if mark == ("," if german else "."):  # `5.000` in English: 5, or a German 5000 copied
        return [decimal, thousands] if grouped else [decimal]
    return [thousands] if grouped else [decimal]  # `3.5` in German: English style


def clock_of(raw: str) -> tuple[int, int] | None:
    """(hour, minute) when `raw` can be a time of day: `14`, `14.30`, `14:30`."""
    parts = re.split(r"[.:]", raw)
    if len(parts) == 1 and raw.isdigit():
        hour, minute = int(raw), 0
    elif len(parts) == 2 and parts[0].isdigit() and len(parts[1]) == 2 and parts[1].isdigit():
        hour, minute = int(parts[0]), int(parts[1])
    else:
        return None
    return (hour, minute) if hour <= 24 and minute < 60 else None


def time_readings(hours: list[int], minute: int, *, numbers: bool = True) -> list[tuple[str, ...]]:
    """A time of day, on the 24-hour clock (`14.30 Uhr` = `2.30 p.m.` = `t:14:30`), one reading
    per hour it may be; a full hour may also be a bare number (`um 20 Uhr` → `at 8`)."""
    readings: list[tuple[str, ...]] = [(f"t:{hour % 24}:{minute:02d}",) for hour in hours]
    if numbers and minute == 0:
        bare = {hour % 24 for hour in hours} | {hour % 12 for hour in hours if hour % 12}
        readings += [(number_key(hour),) for hour in sorted(bare)]
    return readings


def date_keys(day: int, month: int, year: int | None = None) -> tuple[str, ...]:
    keys = (number_key(day), f"m:{month}")
    return (*keys, number_key(year)) if year is not None else keys


def full_year(year: int) -> int:
    if year >= 100:
        return year
    return 2000 + year if year < 50 else 1900 + year


def scale_factor(word: str, *, german: bool) -> int:
    if german:
        return words.GERMAN_SCALES[word]
    return {"mln": 10**6, "mn": 10**6, "bn": 10**9, "tn": 10**12}.get(
        word, words.ENGLISH_SCALES.get(word, 1)
    )


def key_value(key: str) -> Decimal:
    return Decimal(key.removeprefix("n:"))


def roman_value(numeral: str) -> int:
    total = 0
    for index, letter in enumerate(numeral):
        value = _ROMAN_VALUES[letter]
        following = numeral[index + 1 : index + 2]
        total += -value if following and _ROMAN_VALUES[following] > value else value
    return total


def clock_hours(hour: int, clock_word: re.Match[str], *, german: bool) -> list[int]:
    """The hours (0-23) a clock time can be: German is on the 24-hour clock (`8 Uhr abends` is
    20:00); English says a.m. or p.m., or leaves it open (`eight o'clock`). `clock_word` is
    the match of `GERMAN_CLOCK` or `ENGLISH_CLOCK` after the number."""
    if german:
        return [hour + 12 if clock_word.group(1) and hour < 12 else hour]
    morning_or_evening = clock_word.group(1) or clock_word.group(2)
    if morning_or_evening:
        return [hour % 12 + (12 if morning_or_evening.casefold() == "p" else 0)]
    if clock_word.group(3) and hour <= 12:
        return [hour % 12, hour % 12 + 12]
    return [hour]


def join_year_ranges(text: str, mentions: list[Mention]) -> list[Mention]:
    """`mentions` of `text` with the second year of a range written with two digits (`2026/27`,
    `1939-45`) read as the whole year."""
    joined = list(mentions)
    for index in range(1, len(joined)):
        first, second = joined[index - 1], joined[index]
        if text[first.end : second.start] not in patterns.RANGE_MARKS:
            continue
        if not (first.text.isdigit() and len(first.text) == 4 and int(first.text) >= 1000):
            continue
        if second.text.isdigit() and len(second.text) == 2:
            century, year = divmod(int(first.text), 100)
            if int(second.text) > year:
                full = number_key(century * 100 + int(second.text))
                joined[index] = replace(second, readings=((full,),))
    return joined
