"""Pairing each German sentence with its English translation (1:1 by construction)."""

from __future__ import annotations

from collections.abc import Sequence

from translate.align.review import DEFAULT_CONFIDENCE_THRESHOLD, Finding, review_findings
from translate.document import AlignedDocument, Sentence, SentencePair, Translation
from translate.glossary import Glossary


def align(
    name: str,
    sentences: Sequence[Sentence],
    translations: Sequence[Translation],
    *,
    confidence_threshold: float = DEFAULT_CONFIDENCE_THRESHOLD,
    alignments: Sequence[tuple[tuple[int, int], ...] | None] | None = None,
    glossary: Glossary | None = None,
) -> AlignedDocument:
    """Zip sentences and translations into an `AlignedDocument`, keeping paragraph/sentence ids.

    Each pair gets its review flags (`translate.align.review`; the glossary's check with
    `glossary`) on the way, and its word links when `alignments` (one entry per sentence) are
    given.

    The translation step returns exactly one translation per sentence; a mismatch is a bug, and
    is raised rather than silently shifting every later pair.
    """
    if len(sentences) != len(translations):
        raise ValueError(
            f"{len(sentences)} sentences but {len(translations)} translations in {name}"
        )
    links = alignments if alignments is not None else [None] * len(sentences)
    pairs = []
    for sentence, translation, pair_links in zip(sentences, translations, links, strict=True):
        findings = review_findings(
            sentence.text,
            translation.text,
            confidence=translation.confidence,
            pieces=translation.pieces,
            confidence_threshold=confidence_threshold,
            glossary=glossary,
        )
        flags, reasons = flag_fields(findings)
        pairs.append(
            SentencePair(
                paragraph=sentence.paragraph,
                sentence=sentence.index,
                source=sentence.text,
                target=translation.text,
                pieces=translation.pieces,
                confidence=translation.confidence,
                alignment=pair_links,
                flags=flags,
                reasons=reasons,
                origin=translation.origin,
            )
        )
    return AlignedDocument(name=name, pairs=tuple(pairs))


def flag_fields(findings: Sequence[Finding]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A pair's `flags` and `reasons` from its findings (`reasons` empty when none is specific,
    so a pair with only general reasons is written as before reasons existed)."""
    reasons = tuple(reason for _, reason in findings)
    return tuple(kind for kind, _ in findings), reasons if any(reasons) else ()
