"""The numbers a sentence states, read into values that a German and an English sentence share.

`number_differences(source, target)` names the numbers of the German that the English does not
render and the numbers the English states that the German does not; either one is a
`number-mismatch`. Each side is scanned once (linear time) for mentions: digits in the local
forms of its language (`5.000`, `3,5`, `14.30 Uhr`, `29.10.2026`; `5,000`, `3.5`, `2:30 p.m.`,
`2026-10-29`), number words (`zwölf`, `twelve`), months, decades, codes (`T-72`) and scale
words (`Mio.`, `billion`). A mention becomes keys: `n:5000` (a count, day, year or ordinal),
`m:10` (a month), `t:2:30` (a clock time on a 12-hour dial), `d:90` (a decade), `c:T72` (a code).
A mention that reads two ways (`5.000` in English, `14:30` as a time or a score) carries both
readings, and the one the other sentence can match is taken.

Strong and weak: digits and plain number words must be matched on the other side. Words that
are numbers only now and then (`ein`, `a`, `one`, `first`, `second`, `beide`, Roman numerals,
the number inside `dreimal`) are weak: they can match a number of the other side, but nothing
needs to match them. So `die beiden Männer` → `the two men` and `ein Prozent` → `1 percent`
pass, and `for the first time` asks nothing of the German.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from translate.align.numberforms import Scanner
from translate.align.numbervalues import Mention
from translate.engines.placeholders import blank_protected_spans


@dataclass(frozen=True, slots=True)
class NumberDifference:
    """The German numbers the English lacks (`missing`) and the English numbers the German does
    not state (`extra`), each as written; both empty when the numbers agree."""

    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra)


def number_differences(source: str, target: str) -> NumberDifference:
    """Compare the numbers of a German sentence and its English translation."""
    german = german_numbers(source)
    english = english_numbers(target)
    german_keys = _chosen(german, _available(english))
    english_keys = _chosen(english, _available(german))
    german_all, german_strong = _counts(german, german_keys)
    english_all, english_strong = _counts(english, english_keys)
    missing = _unmatched(german, german_keys, german_strong, english_all)
    extra = _unmatched(english, english_keys, english_strong, german_all)
    german_ordinals = _lone_ordinals(german, german_keys, _firm(english, english_keys))
    english_ordinals = _lone_ordinals(english, english_keys, _firm(german, german_keys))
    if german_ordinals and english_ordinals:  # `zum ersten Mal` → `for the second time`
        missing, extra = missing + german_ordinals, extra + english_ordinals
    return NumberDifference(missing=missing, extra=extra)


def german_numbers(text: str) -> list[Mention]:
    """The number mentions of a German text, in order (URLs, e-mail addresses... left out)."""
    return Scanner(blank_protected_spans(text), "de").scan()


def english_numbers(text: str) -> list[Mention]:
    """The number mentions of an English text, in order (URLs, e-mail addresses... left out)."""
    return Scanner(blank_protected_spans(text), "en").scan()


def _available(mentions: Iterable[Mention]) -> set[str]:
    return {
        key
        for mention in mentions
        for reading in mention.readings[: mention.offered or None]
        for key in reading
    }


def _chosen(mentions: list[Mention], available: set[str]) -> list[tuple[str, ...]]:
    """Each mention's reading: the first one the other side can match, else its first."""
    return [
        next(
            (reading for reading in mention.readings if all(key in available for key in reading)),
            mention.readings[0],
        )
        for mention in mentions
    ]


def _counts(
    mentions: list[Mention], keys: list[tuple[str, ...]]
) -> tuple[Counter[str], Counter[str]]:
    every: Counter[str] = Counter()
    strong: Counter[str] = Counter()
    for mention, reading in zip(mentions, keys, strict=True):
        every.update(reading)
        if mention.strong:
            strong.update(reading)
    return every, strong


def _firm(mentions: list[Mention], keys: list[tuple[str, ...]]) -> set[str]:
    """The keys of the strong mentions and the ordinal words (not `a`, `ein`, `beide`...)."""
    return {
        key
        for mention, reading in zip(mentions, keys, strict=True)
        if mention.strong or mention.ordinal
        for key in reading
    }


def _lone_ordinals(
    mentions: list[Mention], keys: list[tuple[str, ...]], other: set[str]
) -> tuple[str, ...]:
    """The weak ordinal words whose value the other side states nowhere."""
    return tuple(
        mention.text
        for mention, reading in zip(mentions, keys, strict=True)
        if mention.ordinal and not mention.strong and not other.intersection(reading)
    )


def _unmatched(
    mentions: list[Mention],
    keys: list[tuple[str, ...]],
    strong: Counter[str],
    other: Counter[str],
) -> tuple[str, ...]:
    """The strong mentions with a key stated more often here than anywhere on the other side.

    Per key, every strong mention needs a mention of the other side (strong or weak); a weak
    one needs nothing, so this is a one-to-one matching, counted instead of searched.
    """
    short = {key for key, count in strong.items() if count > other[key]}
    return tuple(
        mention.text
        for mention, reading in zip(mentions, keys, strict=True)
        if mention.strong and short.intersection(reading)
    )


__all__ = [
    "Mention",
    "NumberDifference",
    "english_numbers",
    "german_numbers",
    "number_differences",
]
