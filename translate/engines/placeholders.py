"""What must come out of the model exactly as it went in: protected spans and glossary terms.

URLs, e-mail addresses, @handles, #hashtags and `code in backticks` (and anything already written
like a placeholder, `{1}`) are protected spans; with a glossary, its German terms are masked too.
Each is replaced by a numbered placeholder, `{1}`, `{2}`... in order, before the sentence goes to
the model, and the placeholders in the model's English are replaced after it: a span by itself,
a term by its English term. Placeholders in braces are what NMT models copy most reliably (they
are punctuation and digits, nothing to translate); the restore accepts `{ 1 }` too. When the
model drops a placeholder, the span is missing from the English, and the review flags say so.
Pure functions; the engines never see the original spans.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from translate.glossary import Glossary

_TLDS = "de|at|ch|com|org|net|eu|info|io|gov|edu|uk|fr|it|es|nl|be|pl|int|tv"
_PROTECTED = re.compile(
    r"(?<!\w)`[^`\n]+`(?!\w)"  # not `geht`s ... steht`s`, backticks used as apostrophes
    r"|(?:https?://|www\.)[^\s<>\"“”„‚‘’»«]+"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    rf"|(?<![\w@./-])(?:[a-z0-9-]+\.)+(?:{_TLDS})(?:/[^\s<>\"“”„»«]*)?(?![\w-])"
    r"|(?<![\w@])@\w{1,30}"
    r"|(?<![\w#&])#(?=\w*[^\W\d_])\w+"
    r"|\{\s*\d+\s*\}"
)
_TRAILING = ".,;:!?'\"”“’)]}>"
_PLACEHOLDER = re.compile(r"\{\s*(\d{1,4})\s*\}")
# What a model makes of a placeholder when it garbles one: `{2}`, `{ 2 }`, `{27.`, `{27`.
_PLACEHOLDER_SHAPED = re.compile(r"\{\s*\d+(?:\s*\}|[.,:;]?)")
_OPENING = " \t\"'„“”‚‘’»«(["


@dataclass(frozen=True, slots=True)
class Slot:
    """What placeholder N stands for: the English to put back, and whether it is a glossary
    term (a term at the start of the English sentence gets a capital letter)."""

    english: str
    term: bool = False


@dataclass(frozen=True, slots=True)
class Masked:
    """A sentence as the model sees it, and what each of its placeholders stands for."""

    text: str
    slots: tuple[Slot, ...] = ()


def protected_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each URL, e-mail address, @handle, #hashtag and `code` in `text`.

    A URL's trailing sentence punctuation is not part of it (a closing bracket is, when the URL
    opened it).
    """
    spans = []
    for match in _PROTECTED.finditer(text):
        start, end = match.span()
        while text[start] not in "`{" and end > start + 1 and text[end - 1] in _TRAILING:
            span = text[start:end]
            if span.endswith(")") and span.count("(") >= span.count(")"):
                break
            end -= 1
        spans.append((start, end))
    return spans


def blank_protected_spans(text: str) -> str:
    """`text` with each protected span replaced by spaces (so offsets stay put)."""
    spans = protected_spans(text)
    if not spans:
        return text
    pieces, last = [], 0
    for start, end in spans:
        pieces += [text[last:start], " " * (end - start)]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def mask(text: str, glossary: Glossary | None = None) -> Masked:
    """Replace protected spans (and glossary terms outside them) by `{1}`, `{2}`, ..."""
    found = [(start, end, Slot(text[start:end])) for start, end in protected_spans(text)]
    if glossary is not None:
        blanked = blank_protected_spans(text) if found else text
        terms = glossary.find(blanked)
        found += [(start, end, Slot(english, term=True)) for start, end, english in terms]
    if not found:
        return Masked(text)
    found.sort(key=lambda item: item[0])
    pieces, last = [], 0
    for number, (start, end, _) in enumerate(found, start=1):
        pieces += [text[last:start], f"{{{number}}}"]
        last = end
    pieces.append(text[last:])
    return Masked("".join(pieces), tuple(slot for _, _, slot in found))


def unmask(translation: str, masked: Masked) -> str:
    """The model's English with each placeholder replaced by what it stands for.

    A placeholder the sentence did not have is left as the model wrote it (the review flags it).
    """
    if not masked.slots:
        return translation

    def put_back(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if not 1 <= number <= len(masked.slots):
            return match.group()
        slot = masked.slots[number - 1]
        if slot.term and not translation[: match.start()].strip(_OPENING):
            return slot.english[:1].upper() + slot.english[1:]
        return slot.english

    return _PLACEHOLDER.sub(put_back, translation)


def missing_spans(source: str, target: str) -> tuple[str, ...]:
    """The protected spans of `source` that `target` does not hold as often, unchanged, and any
    placeholder-shaped text left in `target` that `source` did not have: a restore that failed."""
    return (*lost_spans(source, target), *stray_placeholders(source, target))


def lost_spans(source: str, target: str) -> tuple[str, ...]:
    """The protected spans of `source` that `target` does not hold as often, unchanged."""
    wanted = Counter(source[start:end] for start, end in protected_spans(source))
    return tuple(span for span, count in wanted.items() if target.count(span) < count)


def stray_placeholders(source: str, target: str) -> tuple[str, ...]:
    """Placeholder-shaped text of `target` (`{2}`, `{27.`) beyond what `source` has.

    The model invented it, or garbled one of ours so that `unmask` could not put the span back:
    either way it is kept, so a person sees it, and the review flags it as a protected span. A
    German that holds `{1}` itself keeps it (a protected span like any other).
    """
    had = Counter(hit.group() for hit in _PLACEHOLDER_SHAPED.finditer(source))
    stray = []
    for hit in _PLACEHOLDER_SHAPED.finditer(target):
        if had[hit.group()] > 0:
            had[hit.group()] -= 1
        else:
            stray.append(hit.group())
    return tuple(dict.fromkeys(stray))
