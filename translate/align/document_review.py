"""The review of a whole document: every pair's own checks, and the checks across pairs.

`review_document` is for any sequence of German/English pairs (a notebook, `translate check`);
`review_across` adds the cross-pair flags to an aligned article whose pairs have their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from translate.align.consistency import inconsistent_names, inconsistent_segments
from translate.align.pairing import flag_fields
from translate.align.review import (
    INCONSISTENT_NAME,
    INCONSISTENT_SEGMENT,
    Finding,
    review_findings,
    sorted_findings,
)
from translate.document import AlignedDocument
from translate.glossary import Glossary


def review_document(
    pairs: Sequence[tuple[str, str]], *, glossary: Glossary | None = None
) -> list[tuple[str, ...]]:
    """One tuple of review flags per (German, English) pair: each pair's checks and those
    across the pairs (names and segments kept consistently). Confidence is not known here."""
    return [
        tuple(kind for kind, _ in found) for found in document_findings(pairs, glossary=glossary)
    ]


def document_findings(
    pairs: Sequence[tuple[str, str]],
    *,
    ids: Sequence[str] | None = None,
    glossary: Glossary | None = None,
) -> list[tuple[Finding, ...]]:
    """`review_document` with the reasons in words; `ids` name the pairs in them (default
    `1`, `2`, ... in order)."""
    names = ids if ids is not None else [str(number) for number in range(1, len(pairs) + 1)]
    across = cross_findings(pairs, names)
    return [
        sorted_findings([*review_findings(source, target, glossary=glossary), *extra])
        for (source, target), extra in zip(pairs, across, strict=True)
    ]


def cross_findings(
    pairs: Sequence[tuple[str, str]], ids: Sequence[str]
) -> list[tuple[Finding, ...]]:
    """For each pair, what the checks across the pairs find (names, segments)."""
    names = inconsistent_names(pairs, ids)
    segments = inconsistent_segments(pairs, ids)
    return [
        tuple(
            (kind, reason)
            for kind, reason in ((INCONSISTENT_NAME, name), (INCONSISTENT_SEGMENT, segment))
            if reason
        )
        for name, segment in zip(names, segments, strict=True)
    ]


def review_across(document: AlignedDocument) -> AlignedDocument:
    """The article with the cross-pair flags added to its pairs' own (kept in flag order)."""
    texts = [(pair.source, pair.target) for pair in document.pairs]
    across = cross_findings(texts, [pair.id for pair in document.pairs])
    if not any(across):
        return document
    pairs = []
    for pair, extra in zip(document.pairs, across, strict=True):
        if extra:
            own = zip(pair.flags, pair.reasons or ("",) * len(pair.flags), strict=True)
            flags, reasons = flag_fields(sorted_findings([*own, *extra]))
            pair = replace(pair, flags=flags, reasons=reasons)
        pairs.append(pair)
    return replace(document, pairs=tuple(pairs))
