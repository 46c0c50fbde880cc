"""A vocabulary shortlist: the English tokens the model uses on the user's own German.

The decoder's output layer scores every one of opus-mt's 58,101 tokens at every step, more than
half of a step's work. With a vocabulary map (`use_vmap`), CTranslate2 scores only the tokens
the map allows. The map is learned from the user's own German and the model's own
full-vocabulary English (`shortlist_build`): every token the model wrote for a sample of the
archive; as many of the target vocabulary's commonest tokens as a validation part of the sample
shows are needed for what the rest did not contain (`general_count`); and the tokens that are
always needed: every punctuation token, and the tokens of the placeholders `{1}`, `{2}`...
that protected spans and glossary terms become before the model sees a sentence (so glossary
terms need nothing of their own).

The map is *static*: one set of tokens for every batch, on CTranslate2's line with an empty
source key, rather than candidates per German token. CTranslate2 4.x keeps the old positions of
token ids when the candidate set changes between two calls (`Decoder::update_output_layer`
adds new ids to `_to_output_word_id` but never clears it), so a per-token map, whose set
changes with every batch, maps the decoder's start token to a stale position from the second
call on: here it crashed with `vector::_M_range_check` whenever the new set was smaller, and a
stale position inside the set would silently pick a wrong token. A static
set has the same positions in every call, and a sentence's translation no longer depends on
the other sentences of its batch. Pure: pieces in, text out.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# The shares of the target vocabulary's most frequent tokens tried, smallest first, until the
# shortlist covers `COVERAGE` of the validation sentences' English.
GENERAL_SHARES = (0.0, 1 / 64, 1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2, 1.0)
COVERAGE = 0.99
# How many placeholders (`{1}` to `{N}`) a sentence may need: their tokens are always allowed.
PLACEHOLDERS = 30
_WORD_START = "\u2581"


@dataclass(frozen=True, slots=True)
class Shortlist:
    """A learned vocabulary map: the English tokens decoding may choose from, sorted."""

    tokens: tuple[str, ...]

    def vmap(self) -> str:
        """The map in CTranslate2's `vmap.txt` format: one line whose source key is empty (the
        tokens allowed in every batch)."""
        return "\t" + " ".join(self.tokens) + "\n"

    @property
    def identity(self) -> str:
        """The SHA-256 of the map's text: what a run signature and the cache record of it."""
        return hashlib.sha256(self.vmap().encode("utf-8")).hexdigest()


def learn_shortlist(targets: Iterable[Sequence[str]], *, always: Iterable[str] = ()) -> Shortlist:
    """Learn a shortlist from the target tokens of a model's own translations of a sample: every
    English token the model wrote, and the `always` tokens."""
    kept = set(always)
    for tokens in targets:
        kept.update(tokens)
    return Shortlist(tokens=tuple(sorted(kept)))


def general_count(
    learned: Shortlist,
    general: Sequence[str],
    validation: Sequence[Sequence[str]],
    *,
    coverage: float = COVERAGE,
) -> int:
    """How many of the target vocabulary's most frequent tokens (`general`, commonest first)
    the shortlist needs besides what it `learned`, so that at least `coverage` of the
    `validation` translations (target tokens of sentences it did not learn from) use only its
    tokens: the smallest of `GENERAL_SHARES` that does, else all of them.

    What the sample never showed (a new name, a rare word) still comes out right when its
    tokens are among the commonest ones; the share needed depends on the archive and the model,
    so it is measured, not fixed.
    """
    needed = [set(tokens) - set(learned.tokens) for tokens in validation]
    for share in GENERAL_SHARES:
        count = round(share * len(general))
        allowed = set(general[:count])
        covered = sum(tokens <= allowed for tokens in needed)
        if covered >= coverage * len(needed):
            return count
    return len(general)


def placeholder_texts(count: int = PLACEHOLDERS) -> list[str]:
    """`{1}` ... `{count}`: the placeholders masked sentences hold (see `placeholders.mask`)."""
    return [f"{{{number}}}" for number in range(1, count + 1)]


def is_punctuation(piece: str) -> bool:
    """True for a token of punctuation or symbols alone (`▁(`, `.`, `“`), word start aside."""
    text = piece.replace(_WORD_START, "")
    return bool(text) and all(unicodedata.category(char)[0] in "PS" for char in text)
