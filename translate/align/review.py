"""Review flags: cheap checks that catch the silent failures users of MT tools complain about.

Each check looks at one sentence pair and names a reason to look at it again: the model was
unsure, left the sentence untranslated, looped, produced far too much or too little text, the
sentence had to be cut to fit the model, a number of the German is not in the English (or the
English states one the German does not), a URL or other protected span did not come through
unchanged, or a glossary term was not used. A flag is a hint for a person, never a correction.
"""

from __future__ import annotations

import re
from collections import Counter

from translate.align.numbers import number_differences
from translate.engines.placeholders import missing_spans
from translate.errors import UsageError
from translate.glossary import Glossary

LOW_CONFIDENCE = "low-confidence"
UNTRANSLATED = "untranslated"
REPETITION = "repetition"
LENGTH_RATIO = "length-ratio"
SPLIT_TO_FIT = "split-to-fit"
NUMBER_MISMATCH = "number-mismatch"
PROTECTED_SPAN = "protected-span"
GLOSSARY = "glossary"

FLAG_REASONS = {
    LOW_CONFIDENCE: "the model was unsure of this translation (low mean token log-probability)",
    UNTRANSLATED: "the English is (nearly) a copy of the German: probably left untranslated",
    REPETITION: "the English repeats the same words over and over: a decoding loop",
    LENGTH_RATIO: "the English is far longer or shorter than German-to-English usually is",
    SPLIT_TO_FIT: "the sentence was too long for the model and was translated in pieces",
    NUMBER_MISMATCH: "a number, date or time of the German is missing or different in the "
    "English, or the English states one the German does not",
    PROTECTED_SPAN: "a URL, e-mail address, @handle, #hashtag or `code` of the German is "
    "missing or changed in the English",
    GLOSSARY: "a glossary term of the German is not rendered with the glossary's English term",
}

# Mean token log-probability below which a translation is flagged. exp(-1.5) ≈ 0.22: on
# average the model gave its own choice less than a one-in-four chance.
DEFAULT_CONFIDENCE_THRESHOLD = -1.5
# English text is usually 0.8-1.2 times as long as the German it translates (in characters);
# outside 0.4-2.5 something was dropped or invented. Short sentences vary too much to judge.
_LENGTH_RATIO_RANGE = (0.4, 2.5)
_LENGTH_MIN_CHARS = 25
# A copy keeps almost every trigram; names-only sentences ("Angela Merkel.") are short.
_COPY_SIMILARITY = 0.9
_COPY_MIN_WORDS = 4
# A loop: one word n-gram (n = 1..3) filling most of a long enough output.
_LOOP_MIN_WORDS = 8
_LOOP_SHARE = 0.5
_WORD = re.compile(r"\w+")


def review_flags(
    source: str,
    target: str,
    *,
    confidence: float | None = None,
    pieces: int = 1,
    confidence_threshold: float = DEFAULT_CONFIDENCE_THRESHOLD,
    glossary: Glossary | None = None,
) -> tuple[str, ...]:
    """The reasons to review this pair, in a fixed order; empty when nothing looks wrong.

    `pieces` is how many pieces the sentence was translated in; `glossary` the run's glossary,
    if it had one.
    """
    flags = []
    if confidence is not None and confidence < confidence_threshold:
        flags.append(LOW_CONFIDENCE)
    if _is_copy(source, target):
        flags.append(UNTRANSLATED)
    if _loops(target):
        flags.append(REPETITION)
    if _length_is_off(source, target):
        flags.append(LENGTH_RATIO)
    if pieces > 1:
        flags.append(SPLIT_TO_FIT)
    if number_differences(source, target):
        flags.append(NUMBER_MISMATCH)
    if missing_spans(source, target):
        flags.append(PROTECTED_SPAN)
    if glossary is not None and glossary.unenforced(source, target):
        flags.append(GLOSSARY)
    return tuple(flags)


def review_pair(
    source: str,
    target: str,
    *,
    confidence: float | None = None,
    glossary: Glossary | None = None,
) -> tuple[str, ...]:
    """The review flags of any German/English pair: the checks a run makes on each of its pairs.

    `confidence` (a mean token log-probability) enables `low-confidence`; `glossary` enables
    `glossary`. A pair translated in pieces is the pipeline's to know, so `split-to-fit` is not
    among them.
    """
    if not isinstance(source, str) or not isinstance(target, str):
        raise UsageError(
            "review_pair takes the German and the English sentence as two str, not "
            f"{type(source).__name__} and {type(target).__name__}."
        )
    return review_flags(source, target, confidence=confidence, glossary=glossary)


def _is_copy(source: str, target: str) -> bool:
    if len(source.split()) < _COPY_MIN_WORDS:
        return False
    return trigram_similarity(source, target) >= _COPY_SIMILARITY


def trigram_similarity(a: str, b: str) -> float:
    """Dice similarity of the two texts' character trigrams (case-folded), from 0 to 1.

    Linear in the texts' length, where difflib's matcher is quadratic (a 300 KB paragraph with
    no sentence end took minutes); a copy with a word or two changed still scores above 0.9.
    """
    first, second = _trigrams(a), _trigrams(b)
    total = first.total() + second.total()
    return 2 * (first & second).total() / total if total else 1.0


def _trigrams(text: str) -> Counter[str]:
    folded = text.casefold()
    return Counter(folded[i : i + 3] for i in range(len(folded) - 2))


def _loops(target: str) -> bool:
    words = _WORD.findall(target.casefold())
    if len(words) < _LOOP_MIN_WORDS:
        return False
    for size in (1, 2, 3):
        grams = Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))
        _, count = grams.most_common(1)[0]
        if count >= 3 and count * size >= _LOOP_SHARE * len(words):
            return True
    return False


def _length_is_off(source: str, target: str) -> bool:
    if len(source) < _LENGTH_MIN_CHARS:
        return False
    low, high = _LENGTH_RATIO_RANGE
    return not low <= len(target) / len(source) <= high
