"""The review notes a CAT tool shows beside a segment: the same words in the XLIFF and the TMX."""

from __future__ import annotations

from translate.align import flag_reason, pair_reasons
from translate.document import MemoryMatch, SentencePair

MEMORY_NOTE = "from the translation memory: a person's translation, not the model's"
EDITED_NOTE = "post-edited by a person: not the model's translation"


def flag_note(flag: str, reason: str = "") -> str:
    """A review flag and its reason in words: `review (split-to-fit): the sentence was ...`;
    `reason` says what exactly is wrong, where the check knows it."""
    return f"review ({flag}): {flag_reason(flag, reason)}"


def flag_notes(pair: SentencePair) -> list[str]:
    """The pair's review flags as notes, each with its specific reason where there is one."""
    return [flag_note(flag, reason) for flag, reason in pair_reasons(pair)]


def confidence_note(confidence: float) -> str:
    """The confidence with what it means, for a reader who has not seen the README."""
    return (
        f"confidence: {confidence:.4f} (the model's mean log-probability per token; 0 is certain)"
    )


def match_note(match: MemoryMatch) -> str:
    """A close translation-memory entry offered beside the model's English, in words."""
    return f"translation memory, {match.similarity:.0%} match: {match.source} = {match.target}"
