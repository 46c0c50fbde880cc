"""The content words of an English sentence, as the extractive summary compares them.

Lower-cased, function words out, inflections stripped: two sentences are alike when they share
the words that carry the news (`Councils voted` and `the council votes` share `council` and
`vot`), not `the`, `has` or `said`. The stemmer is deliberately light (plural, `-ed`, `-ing`, a
final `e`, `y` as `i`): it only has to map the forms of one word to one key, and a key
need not be a word.
"""

from __future__ import annotations

import re

_COUNTED_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:['’][^\W_]+)?")
_VOWEL = re.compile(r"[aeiouy]")
# Function words, auxiliaries, pronouns, quantifiers and the verbs of reporting: they make any
# two sentences look alike, so they are left out of the comparison.
_STOPWORD_TEXT = """
a about above according across after afterwards again against ago all almost along already also
although always am among an and another any anyone anything are around as at be became because
become becomes been before being below beside besides between beyond both but by can cannot
could did do does doing done down during each either else even ever every everyone everything
few for from further get gets got had has have having he her here hers herself him himself his
how however i if in including into is it its itself just last least less let like made make
makes making many may me meanwhile might mine more most mostly much must my myself near neither
never nevertheless next no nobody none nor not nothing now of off often on once one only onto or
other others otherwise our ours ourselves out over own per perhaps please put quite rather
really said same say saying says see seem seemed seems several shall she should since so some
somehow someone something sometimes still such than that the their theirs them themselves then
there thereby therefore these they thing things this those though through throughout thus to
together told too toward towards under unless until up upon us used very via was we well were
what whatever when whenever where whereas whether which while who whoever whole whom whose why
will with within without would yet you your yours yourself yourselves
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_DOUBLED = re.compile(r"([bdfgkmnprtv])\1$")


def count_words(text: str) -> int:
    """Words as a reader counts them: `don't` is one word, and so is `5,000` or `3.8`."""
    return len(_COUNTED_WORD.findall(text))


def content_words(text: str) -> list[str]:
    """The stems of the words of `text` that carry content, in order, repeats kept.

    Words are split as `count_words` counts them, so `5,000` and `3.8` stay one word each.
    """
    return [stem(word) for word in _COUNTED_WORD.findall(text.lower()) if word not in STOPWORDS]


def stem(word: str) -> str:
    """One key for the inflected forms of an English word: `closes`, `closed`, `closing` → `clos`.

    Plurals (`cities` → `citi`, like `city`), `-ed`, `-ing` (a doubled consonant undone:
    `planned` → `plan`) and a final `e` go; words of three letters or fewer, numbers and
    words without a vowel are left alone.
    """
    word = word.removesuffix("'s").removesuffix("’s")
    if len(word) <= 3 or not _VOWEL.search(word):
        return word
    if word.endswith(("ies", "ied")):
        return word[:-3] + "i"
    if word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        rest = word[: -len(suffix)]
        if word.endswith(suffix) and len(rest) >= 3 and _VOWEL.search(rest):
            word = _DOUBLED.sub(r"\1", rest)
            break
    if word.endswith("y") and len(word) > 3:
        word = word[:-1] + "i"
    if word.endswith("e") and len(word) > 3:
        word = word.rstrip("e") if len(word.rstrip("e")) >= 3 else word[:-1]
    return word
