"""Consistency across the articles of one batch run: a name that an earlier article's English
keeps as written and a later article's English respells, and a German sentence that an earlier
article translated otherwise.

Inside one article the review's own checks (`inconsistent-name`, `inconsistent-segment`) apply
already. Across articles only a respelling counts for names (`Ditzingen` → `Dietzingen`: one
edit, two in a name of eight letters or more): unrelated articles may rightly translate a word
another one keeps (a club's `Bayern`, a state's `Bavaria`), so a name that is merely absent
says nothing there.

`BatchConsistency` is fed each finished article's pairs in the order they finish, and answers
with that article's findings, each citing the earlier article (a respelling met before any
article kept the name is remembered, and found when one does). Each pair is looked at once
(linear in the pairs fed), and memory holds, per key, only the first article's answer: the
first article keeping each name, the first respelling of each, and a 16-byte digest per
distinct German sentence, at most `MAX_KEYS` of each (past that, new keys are not remembered;
those held are still compared).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from translate.align.consistency import (
    english_words,
    german_words,
    kept_names,
    name_forms,
    segment_key,
)
from translate.align.review import INCONSISTENT_NAME, INCONSISTENT_SEGMENT
from translate.document import SentencePair

MAX_KEYS = 1_000_000
_DIGEST_BYTES = 16
# A respelling: a capitalised English word at most one edit from a name of 5 to 7 letters,
# two from a longer one (`Qalamoun` → `Kalamun`); two edits in a short word make another word
# (`Nacht` → `Night`, `Johann` → `John`).
_MIN_NAME_LENGTH = 5
_LONG_NAME = 8


@dataclass(frozen=True, slots=True)
class BatchFinding:
    """A pair of an article (`pair`, its id) that disagrees with an earlier article."""

    pair: str
    flag: str
    reason: str

    def record(self) -> dict[str, str]:
        """As the manifest lists it."""
        return {"pair": self.pair, "flag": self.flag, "reason": self.reason}

    def line(self) -> str:
        """One line: `p1.s2: inconsistent-name: reason`."""
        return f"{self.pair}: {self.flag}: {self.reason}"


class BatchConsistency:
    """The accumulator of one batch run (see the module's docstring)."""

    def __init__(self, max_keys: int = MAX_KEYS) -> None:
        self._max_keys = max_keys
        self._names: dict[str, tuple[str, str]] = {}  # name → (article, pair id)
        # A German name form an English respelled before any article kept it:
        # form → (article, pair id, the respelling)
        self._respelled: dict[str, tuple[str, str, str]] = {}
        # German sentence digest → (its English's digest, article, pair id)
        self._segments: dict[bytes, tuple[bytes, str, str]] = {}

    def add(self, article: str, pairs: Sequence[SentencePair]) -> tuple[BatchFinding, ...]:
        """Compare an article's pairs with the articles fed before, then remember its own."""
        texts = [(pair.source, pair.target) for pair in pairs]
        found = [
            *self._segment_findings(article, pairs),
            *self._name_findings(article, texts, pairs),
        ]
        for form, index in kept_names(texts).items():
            earlier = self._respelled.get(form)
            if earlier is not None and earlier[0] != article and form not in self._names:
                reason = (
                    f"`{form}` is `{earlier[2]}` in {earlier[0]} ({earlier[1]}); kept as written "
                    "here"
                )
                found.append(BatchFinding(pairs[index].id, INCONSISTENT_NAME, reason))
            if form not in self._names and len(self._names) < self._max_keys:
                self._names[form] = (article, pairs[index].id)
        order = {pair.id: index for index, pair in enumerate(pairs)}
        return tuple(sorted(found, key=lambda finding: order[finding.pair]))

    def _segment_findings(self, article: str, pairs: Sequence[SentencePair]) -> list[BatchFinding]:
        found = []
        for pair in pairs:
            german = segment_key(pair.source)
            if german is None:
                continue
            key, english = _digest(german), _digest(segment_key(pair.target) or "")
            first = self._segments.get(key)
            if first is None:
                if len(self._segments) < self._max_keys:
                    self._segments[key] = (english, article, pair.id)
            elif first[1] != article and first[0] != english:
                reason = f"the same German has another English in {first[1]} ({first[2]})"
                found.append(BatchFinding(pair.id, INCONSISTENT_SEGMENT, reason))
        return found

    def _name_findings(
        self, article: str, texts: Sequence[tuple[str, str]], pairs: Sequence[SentencePair]
    ) -> list[BatchFinding]:
        """Names an earlier article kept that this one respells; a respelling of a name no
        article has kept yet is remembered, for an article that keeps it later."""
        english = [set(english_words(target)) for _, target in texts]
        article_english = set().union(*english)
        found = []
        for pair, (source, _), target in zip(pairs, texts, english, strict=True):
            german = german_words(source)
            # What a respelling can be: a capitalised English word the German does not have.
            candidates = [word for word in target if word[:1].isupper() and word not in german]
            kept = {word for word in german if set(name_forms(word)) & article_english}
            forms = {form for word in set(german) - kept for form in name_forms(word)}
            for form in forms:
                if len(form) < _MIN_NAME_LENGTH:
                    continue
                respelled = sorted(word for word in candidates if _close(form, word))
                first = self._names.get(form)
                if respelled and first is None:
                    if form not in self._respelled and len(self._respelled) < self._max_keys:
                        self._respelled[form] = (article, pair.id, respelled[0])
                elif respelled and first is not None:
                    reason = (
                        f"`{form}` is `{respelled[0]}` here; {first[0]} keeps it as written "
                        f"({first[1]})"
                    )
                    found.append(BatchFinding(pair.id, INCONSISTENT_NAME, reason))
        return found


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=_DIGEST_BYTES).digest()


def _close(name: str, word: str) -> bool:
    """Whether `word` is `name` respelled: another word one edit away (two for a long name;
    insertions, deletions, substitutions), by an edit distance that stops once it is past."""
    edits = 2 if len(name) >= _LONG_NAME else 1
    if word == name or abs(len(word) - len(name)) > edits:
        return False
    previous = list(range(len(word) + 1))
    for row, letter in enumerate(name, start=1):
        current = [row]
        for column, other in enumerate(word, start=1):
            current.append(
                min(
                    previous[column] + 1,
                    current[column - 1] + 1,
                    previous[column - 1] + (letter != other),
                )
            )
        if min(current) > edits:
            return False
        previous = current
    return previous[-1] <= edits
