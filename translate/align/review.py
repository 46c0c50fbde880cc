"""Review flags: cheap checks that catch the silent failures users of MT tools complain about.

Each check looks at one sentence pair and names a reason to look at it again: the model was
unsure, left the sentence untranslated, looped, produced far too much or too little text, the
sentence had to be cut to fit the model, a number of the German is not in the English (or the
English states one the German does not), a URL or other protected span did not come through
unchanged, a glossary term was not used, an acronym or code of the German is missing, a question
or exclamation or a pair of brackets or quotes did not survive, or the text shows mojibake. A
flag is a hint for a person, never a correction.

A check finds a `Finding`: the flag's kind and, where the check knows it, what exactly is wrong
in words (`` `25. Oktober 2024` is not in the English ``). The pair keeps the kinds in `flags`
and the specifics in `reasons`, one per flag ("" where only the kind's general reason applies).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from translate.align.acronyms import missing_codes
from translate.align.marks import mojibake, sentence_type_changes, unpaired_marks
from translate.align.numbers import NumberDifference, number_differences
from translate.document import SentencePair
from translate.engines.placeholders import lost_spans, stray_placeholders
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
MISSING_CODE = "missing-code"
QUESTION_EXCLAMATION = "question-exclamation"
UNPAIRED_MARK = "unpaired-mark"
MOJIBAKE = "mojibake"
INCONSISTENT_NAME = "inconsistent-name"
INCONSISTENT_SEGMENT = "inconsistent-segment"
# The flags that compare a pair with the other pairs of its document, not with itself.
CROSS_PAIR_FLAGS = frozenset({INCONSISTENT_NAME, INCONSISTENT_SEGMENT})

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
    MISSING_CODE: "an acronym (`SANA`), code (`T-72`) or brand-like word (`YouTube`) of the "
    "German is not in the English",
    QUESTION_EXCLAMATION: "the German is a question or exclamation and the English is not, or "
    "the other way round",
    UNPAIRED_MARK: "brackets or quotation marks paired in the German are unpaired in the English",
    MOJIBAKE: "the text holds mojibake (`Ã¤` for `ä`): an encoding went wrong upstream",
    INCONSISTENT_NAME: "a name the English keeps as written elsewhere is missing or respelled here",
    INCONSISTENT_SEGMENT: "the same German has a different English elsewhere, or the same "
    "English stands for a different German",
}
# The order flags are listed in, whichever check found them.
FLAG_ORDER = tuple(FLAG_REASONS)

# A flag's kind and what exactly is wrong in words ("" where the kind's general reason is all).
Finding = tuple[str, str]

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
# What may stand between the parts of one date or amount (`25. Oktober 2024`).
_ADJACENT = re.compile(r"[.,]?\s+")


def review_findings(
    source: str,
    target: str,
    *,
    confidence: float | None = None,
    pieces: int = 1,
    confidence_threshold: float = DEFAULT_CONFIDENCE_THRESHOLD,
    glossary: Glossary | None = None,
) -> tuple[Finding, ...]:
    """What is wrong with this pair, flag by flag in `FLAG_ORDER`; empty when nothing looks wrong.

    `pieces` is how many pieces the sentence was translated in; `glossary` the run's glossary,
    if it had one.
    """
    findings: list[Finding] = []
    if confidence is not None and confidence < confidence_threshold:
        findings.append((LOW_CONFIDENCE, ""))
    if _is_copy(source, target):
        findings.append((UNTRANSLATED, ""))
    if _loops(target):
        findings.append((REPETITION, ""))
    if _length_is_off(source, target):
        findings.append((LENGTH_RATIO, ""))
    if pieces > 1:
        findings.append((SPLIT_TO_FIT, ""))
    if difference := number_differences(source, target):
        findings.append((NUMBER_MISMATCH, _number_reason(source, target, difference)))
    if spans := _span_reasons(source, target):
        findings.append((PROTECTED_SPAN, spans))
    if glossary is not None and (terms := _glossary_reason(glossary, source, target)):
        findings.append((GLOSSARY, terms))
    if codes := missing_codes(source, target):
        findings.append((MISSING_CODE, _listed(codes, "not in the English")))
    if changes := sentence_type_changes(source, target):
        findings.append((QUESTION_EXCLAMATION, "; ".join(changes)))
    if marks := unpaired_marks(source, target):
        findings.append((UNPAIRED_MARK, "; ".join(marks)))
    if garbled := mojibake(source, target):
        findings.append((MOJIBAKE, "; ".join(garbled)))
    return tuple(findings)


def review_flags(
    source: str,
    target: str,
    *,
    confidence: float | None = None,
    pieces: int = 1,
    confidence_threshold: float = DEFAULT_CONFIDENCE_THRESHOLD,
    glossary: Glossary | None = None,
) -> tuple[str, ...]:
    """The kinds of `review_findings`: the reasons to review this pair, in a fixed order."""
    findings = review_findings(
        source,
        target,
        confidence=confidence,
        pieces=pieces,
        confidence_threshold=confidence_threshold,
        glossary=glossary,
    )
    return tuple(kind for kind, _ in findings)


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


def flag_reason(kind: str, reason: str = "") -> str:
    """A flag's reason in words: what exactly is wrong where known, else the kind's meaning."""
    return reason or FLAG_REASONS.get(kind, kind)


def pair_reasons(pair: SentencePair) -> tuple[tuple[str, str], ...]:
    """(kind, reason in words) for each of the pair's flags, in order."""
    specific = pair.reasons or ("",) * len(pair.flags)
    return tuple(
        (kind, flag_reason(kind, reason)) for kind, reason in zip(pair.flags, specific, strict=True)
    )


def sorted_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Findings in `FLAG_ORDER`, one per kind (the first one found of each kind)."""
    first: dict[str, str] = {}
    for kind, reason in findings:
        first.setdefault(kind, reason)
    rank = {kind: index for index, kind in enumerate(FLAG_ORDER)}
    return tuple(sorted(first.items(), key=lambda item: rank.get(item[0], len(rank))))


def _number_reason(source: str, target: str, difference: NumberDifference) -> str:
    parts = []
    if difference.missing:
        parts.append(_listed(_joined(source, difference.missing), "not in the English"))
    if difference.extra:
        values = ", ".join(f"`{value}`" for value in _joined(target, difference.extra))
        such = "such number" if len(difference.extra) == 1 else "such numbers"
        parts.append(f"the English says {values}, the German has no {such}")
    return "; ".join(parts)


def _joined(text: str, values: tuple[str, ...]) -> list[str]:
    """The values, those written next to each other in `text` joined as written there: the
    day, month and year of `25. Oktober 2024` are one date to a reader. The values come in
    text order, so one pass over `text` finds them all."""
    joined: list[str] = []
    cursor, run_start, run_end = 0, -1, -1
    for value in values:
        start = text.find(value, cursor)
        if start < 0:  # not written as is (the scanner normalised it): keep it apart
            joined.append(value)
            run_start = run_end = -1
            continue
        end = start + len(value)
        if run_end >= 0 and _ADJACENT.fullmatch(text, run_end, start):
            joined[-1] = text[run_start:end]
        else:
            joined.append(value)
            run_start = start
        cursor = run_end = end
    return joined


def _span_reasons(source: str, target: str) -> str:
    parts = []
    if missing := lost_spans(source, target):
        parts.append(_listed(missing, "not in the English unchanged"))
    if stray := stray_placeholders(source, target):
        values = ", ".join(f"`{value}`" for value in stray)
        parts.append(f"the English has {values}, placeholder-shaped text the German does not have")
    return "; ".join(parts)


def _glossary_reason(glossary: Glossary, source: str, target: str) -> str:
    unenforced = glossary.unenforced(source, target)
    if not unenforced:
        return ""
    english = {source[start:end]: term for start, end, term in glossary.find(source)}
    return "; ".join(
        f"`{german}` is not rendered as the glossary's `{english[german]}`" for german in unenforced
    )


def _listed(values: Iterable[str], predicate: str) -> str:
    """`` `a` is not in the English `` or `` `a`, `b` are not in the English ``."""
    items = list(values)
    verb = "is" if len(items) == 1 else "are"
    return f"{', '.join(f'`{value}`' for value in items)} {verb} {predicate}"


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
