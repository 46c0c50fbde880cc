"""Checks across a whole document (an article, a batch, the files given to `translate check`).

Names kept consistently: a name the English keeps as written in one pair (`Qalamoun`,
`al-Dumayr`) must be in the English of every other pair whose German has it, German case
endings (`Qalamouns`) counting as the same name. No gazetteer is needed: the document itself
shows which spellings its English keeps. A word that any English or German of the document
writes in small letters (`minister`, `sieben`) is a common word, not a name; the German's first
word is no evidence, nor a word after an article (`die Wiese`) unless the English has an
article before it too (`an der Lenne`, `on the Lenne`); and a word the English keeps in fewer
than half the pairs whose German has it inside a sentence is translated, not kept (`München`
kept once in a club's name, `Munich` everywhere else). Both the evidence and that share are taken
from the pairs within `NAME_REACH` pairs of the one judged: a large set (a file of many
articles, a batch) holds unrelated articles, and a word one article keeps as a name (`Bayern` of
a club) says nothing about another that translates it (`Bayern` → `Bavaria`) hundreds of pairs
away.

Segments kept consistently: the same German sentence with a different English, and the same
English for a different German sentence (compared by their words, ignoring case and
punctuation, from three words up). Both checks go over the pairs once, with dictionaries:
linear in the number of pairs.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SEGMENT_WORD = re.compile(r"\w+")
_POSSESSIVE = re.compile(r"(?<=\w)['’]s?(?!\w)")
# German case endings a name takes (`Qalamouns`, `des Iranes`).
_CASE_ENDINGS = ("s", "es")
_MIN_NAME_LENGTH = 3
_MIN_SEGMENT_WORDS = 3
# A German noun after one of these is a common noun far more often than a name (`die Wiese`,
# `im Hotel`): such an occurrence shows a name only where the English has an article before it
# too (`an der Lenne` → `on the Lenne`).
_DETERMINERS = frozenset(
    {
        *("der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einem", "einen"),
        *("eines", "im", "am", "zum", "zur", "vom", "beim", "ins", "kein", "keine", "keinen"),
        *("keinem", "keiner", "dieser", "diese", "dieses", "diesen", "diesem"),
    }
)
_THE = frozenset({"the", "The"})
# How far (in pairs, either side) a pair's name evidence reaches: a long news article.
NAME_REACH = 50


def inconsistent_names(
    pairs: Sequence[tuple[str, str]], ids: Sequence[str], *, reach: int = NAME_REACH
) -> list[str]:
    """For each pair, the names kept elsewhere that its English lacks, in words ("" if none);
    evidence counts from the pairs within `reach` pairs of each one."""
    german_words, english_words, mentioned = _name_mentions(pairs)
    mentions = _Mentions(reach)
    for index, (could, did) in enumerate(mentioned):
        for form in could:
            mentions.add(form, index, kept=form in did)
    reasons = []
    for index, words in enumerate(german_words):
        lost = []
        starts: list[str] | None = None
        for word in words:
            known = [
                (form, cited)
                for form in name_forms(word)
                if (cited := mentions.evidence(form, index)) is not None
            ]
            if known and starts is None:
                starts = _word_starts(english_words[index])
            if known and starts is not None and not any(_holds(starts, f) for f, _ in known):
                form, cited = known[-1]
                lost.append(f"`{form}` (kept as written in {ids[cited]})")
        unique = list(dict.fromkeys(lost))
        verb = "is" if len(unique) == 1 else "are"
        reasons.append(f"{', '.join(unique)} {verb} not in the English" if unique else "")
    return reasons


def kept_names(pairs: Sequence[tuple[str, str]]) -> dict[str, int]:
    """The names a document's English keeps as written, each with the first pair that keeps
    it: kept in at least half the pairs whose German has it inside a sentence, by the rules of
    `inconsistent_names` (the whole document is one reach)."""
    _, _, mentioned = _name_mentions(pairs)
    eligible: dict[str, int] = {}
    kept: dict[str, int] = {}
    first: dict[str, int] = {}
    for index, (could, did) in enumerate(mentioned):
        for form in could:
            eligible[form] = eligible.get(form, 0) + 1
        for form in did:
            kept[form] = kept.get(form, 0) + 1
            first.setdefault(form, index)
    return {form: first[form] for form, count in kept.items() if 2 * count >= eligible[form]}


def german_words(text: str) -> list[str]:
    """The words of a German text as the name checks see them (letters, inner hyphens)."""
    return _WORD.findall(text)


def english_words(text: str) -> list[str]:
    """The words of an English text as the name checks see them: possessives (`Jabroud's`)
    keep the name as written."""
    return _WORD.findall(_POSSESSIVE.sub("", text))


def inconsistent_segments(pairs: Sequence[tuple[str, str]], ids: Sequence[str]) -> list[str]:
    """For each pair, another pair with the same German and a different English (or the same
    English and a different German), in words ("" if none)."""
    german = [segment_key(source) for source, _ in pairs]
    english = [segment_key(target) for _, target in pairs]
    same_german = _first_different(german, english)
    same_english = _first_different(english, german)
    reasons = []
    for other_english, other_german in zip(same_german, same_english, strict=True):
        parts = []
        if other_english is not None:
            parts.append(f"the same German has `{pairs[other_english][1]}` in {ids[other_english]}")
        if other_german is not None:
            parts.append(
                f"the same English translates `{pairs[other_german][0]}` in {ids[other_german]}"
            )
        reasons.append("; ".join(parts))
    return reasons


def _name_mentions(
    pairs: Sequence[tuple[str, str]],
) -> tuple[list[list[str]], list[list[str]], list[tuple[set[str], set[str]]]]:
    """The German and English words of each pair, and for each pair the name forms its German
    has inside a sentence (could be a name) and those its English keeps as written (did)."""
    german = [german_words(source) for source, _ in pairs]
    english = [english_words(target) for _, target in pairs]
    common = {word.casefold() for words in (*german, *english) for word in words if word.islower()}
    mentioned = []
    for source_words, target_words in zip(german, english, strict=True):
        inside = set(target_words)
        with_article = {word for before, word in itertools.pairwise(target_words) if before in _THE}
        could: set[str] = set()
        did: set[str] = set()
        for before, word in itertools.pairwise(source_words):
            if word.casefold() in common or word.casefold() in _DETERMINERS:
                continue
            where = with_article if before.casefold() in _DETERMINERS else inside
            for form in name_forms(word):
                could.add(form)
                if form in where and form.casefold() not in common:
                    did.add(form)
        mentioned.append((could, did))
    return german, english, mentioned


class _Mentions:
    """Where each candidate name's German occurs inside a sentence, and where the English keeps
    it, in pair order; each question is a binary search, so a large set costs no more per pair."""

    def __init__(self, reach: int) -> None:
        self._reach = reach
        self._where: dict[str, list[int]] = {}
        self._kept: dict[str, list[int]] = {}

    def add(self, form: str, index: int, *, kept: bool) -> None:
        """Record a mention of `form` in pair `index` (pairs come in order)."""
        self._where.setdefault(form, []).append(index)
        if kept:
            self._kept.setdefault(form, []).append(index)

    def evidence(self, form: str, index: int) -> int | None:
        """The first other pair within the reach that keeps `form` as written, if `form` is a
        name there: kept in at least half the pairs of that reach whose German has it inside a
        sentence (a German word that some English quotes once, a title such as `Die Welt`, and
        otherwise translates is no name). None otherwise."""
        kept = self._kept.get(form)
        if kept is None:
            return None
        first, last = index - self._reach, index + self._reach
        low, high = bisect.bisect_left(kept, first), bisect.bisect_right(kept, last)
        where = self._where[form]
        mentioned = bisect.bisect_right(where, last) - bisect.bisect_left(where, first)
        if 2 * (high - low) < mentioned:
            return None
        # `index` itself is at most one of them: the first two suffice.
        others = (at for at in kept[low : min(high, low + 2)] if at != index)
        return next(others, None)


def name_forms(word: str) -> list[str]:
    """The word, and the word without a German case ending, if it has a capital and is long."""
    if len(word) < _MIN_NAME_LENGTH or word.islower() or word.isupper():
        return []
    forms = [word]
    forms += [word[: -len(end)] for end in _CASE_ENDINGS if word.endswith(end)]
    return [form for form in forms if len(form) >= _MIN_NAME_LENGTH and not form.islower()]


def _word_starts(words: list[str]) -> list[str]:
    """The English's words and the parts of its hyphenated ones, sorted for `_holds`."""
    return sorted({part for word in words for part in (word, *word.split("-")[1:])})


def _holds(starts: list[str], name: str) -> bool:
    """Whether a word of the English starts with `name` (`Papuans` holds `Papua`); each part
    of a hyphenated name may stand apart (`Essen/Mülheim` for `Essen-Mülheim`). A binary
    search in the sorted words: a long sentence full of names costs no quadratic time."""
    for part in name.split("-"):
        at = bisect.bisect_left(starts, part)
        if at == len(starts) or not starts[at].startswith(part):
            return False
    return True


def segment_key(text: str) -> str | None:
    """A sentence as the segment checks compare it: its words in small letters, from three."""
    words = _SEGMENT_WORD.findall(text.casefold())
    return " ".join(words) if len(words) >= _MIN_SEGMENT_WORDS else None


def _first_different(keys: Sequence[str | None], others: Sequence[str | None]) -> list[int | None]:
    """For each pair, a pair with the same `keys` key and a different `others` key (the first
    such in document order), None where the pairs of its group all agree. Two passes."""
    first: dict[str, int] = {}
    second: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key is None:
            continue
        if key not in first:
            first[key] = index
        elif key not in second and others[index] != others[first[key]]:
            second[key] = index
    cited: list[int | None] = []
    for index, key in enumerate(keys):
        if key is None or key not in second:
            cited.append(None)
        elif others[index] != others[first[key]]:
            cited.append(first[key])
        else:
            cited.append(second[key])
    return cited
