"""Which sentence pairs a summary may quote: those the review checks have no reason to distrust.

A summary sentence is read without its German, so it should not be one the checks call broken:
a decoding loop (`repetition`), a copy of the German (`untranslated`), a sentence whose URL,
address or code was lost (`protected-span`) or one the model was unsure of (`low-confidence`).
The other flags leave a sentence quotable: `length-ratio` and `split-to-fit` say it is long or
unusual, `number-mismatch` and `glossary` point at one word in an otherwise readable sentence.
"""

from __future__ import annotations

from translate.align.review import LOW_CONFIDENCE, PROTECTED_SPAN, REPETITION, UNTRANSLATED
from translate.document import SentencePair

# The review flags that keep a pair's English out of the summary while other sentences remain.
DISTRUSTED_FLAGS = frozenset({REPETITION, UNTRANSLATED, PROTECTED_SPAN, LOW_CONFIDENCE})


def is_trusted(pair: SentencePair) -> bool:
    """Whether the pair carries none of the `DISTRUSTED_FLAGS`."""
    return DISTRUSTED_FLAGS.isdisjoint(pair.flags)
