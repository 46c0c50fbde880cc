"""Surface cues that tell the news in a sentence from the colour around it, in English and German.

A reference summary restates facts: numbers and the dated event ("on Thursday", "am
Donnerstag") mark them. It seldom repeats direct speech, and a person introduced with an age
("Hildegard Sommer, 81,") usually opens a scene rather than the news. Each cue is looked for in
the English translation and, where the pipeline has it, in the German original too: quotation
marks, day names and numbers are unambiguous there even when the translation drops or rewords
them. Every pattern is a plain alternation without nested repeats, so matching is linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGIT = re.compile(r"\d")
_SPEECH = re.compile(r"[\"“”„«»]")
_EN_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_EN_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DE_DAYS = "Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag"
_DE_MONTHS = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
# A dated event, not a habit: "on Tuesday", not "every second Tuesday".
_DATED = re.compile(
    rf"\b(?:(?:on|last|this|next|since|until|by|from) (?:{_EN_DAYS})"
    r"|yesterday|today|tonight|(?:this|last) (?:week|month|weekend)"
    rf"|on \d{{1,2}} (?:{_EN_MONTHS})|on (?:{_EN_MONTHS}) \d{{1,2}}"
    rf"|(?:am|seit|bis|ab|vom|zum) (?:{_DE_DAYS})|gestern|heute"
    r"|(?:dieser|diese|vergangene[nr]?|letzte[nr]?) Woche"
    rf"|am \d{{1,2}}\. ?(?:{_DE_MONTHS}))\b"
)
# "Hildegard Sommer, 81,", "the 38-year-old nurse", "die 38-jährige Pflegerin".
_AGE = re.compile(r", \d{1,3},|\b\d{1,3}-year-old\b|\b\d{1,3}-[Jj]ährige")


@dataclass(frozen=True, slots=True)
class Cues:
    """What the surface of one sentence says about it (see the module docstring)."""

    number: bool
    speech: bool
    dated: bool
    age: bool


def read_cues(target: str, source: str | None = None) -> Cues:
    """The cues of an English sentence, and of its German original when there is one."""
    texts = (target,) if source is None or source == target else (target, source)
    return Cues(
        number=any(_DIGIT.search(text) for text in texts),
        speech=any(_SPEECH.search(text) for text in texts),
        dated=any(_DATED.search(text) for text in texts),
        age=any(_AGE.search(text) for text in texts),
    )
