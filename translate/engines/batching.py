"""Translating a list of sentences with any `Translator`, in length-sorted batches.

Sorting by length keeps padding (wasted compute) low; the original order is restored before
returning. A sentence over the model's input limit is never truncated: it is cut into pieces
that fit, at the weakest break available (clause punctuation, then words, then characters).
URLs and the other protected spans, and glossary terms, are masked as placeholders before the
model sees a sentence and restored after (`translate.engines.placeholders`): here, so the
single-article and the batch path (and the cache behind it) all get the restored English.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from translate.document import Translation
from translate.engines.placeholders import mask, unmask
from translate.engines.protocol import Scored, Translator
from translate.glossary import Glossary
from translate.options import DEFAULT_BATCH_SIZE

logger = logging.getLogger(__name__)

# Padded source tokens per batch: long sentences go in smaller batches, short ones in larger ones
# (up to the sentence limit), which keeps the work per `generate` call even.
DEFAULT_BATCH_TOKENS = 2048
# Where to cut an over-long sentence, strongest break first; the text stays with the left piece.
_BREAKS = (re.compile(r"(?<=;)\s+"), re.compile(r"(?<=:)\s+"), re.compile(r"(?<=,)\s+"))
_WORD_BREAK = re.compile(r"\s+")


def translate_sentences(
    sentences: Sequence[str],
    translator: Translator,
    *,
    num_beams: int,
    batch_size: int = DEFAULT_BATCH_SIZE,
    batch_tokens: int = DEFAULT_BATCH_TOKENS,
    glossary: Glossary | None = None,
) -> list[Translation]:
    """Translate sentences; the result has the same length and order as the input.

    Identical sentences (or pieces) are translated once. A batch holds at most `batch_size`
    sentences and, past its first, at most `batch_tokens` padded source tokens. Protected spans
    come back unchanged, and `glossary` terms as their English term, wherever the model kept
    their placeholders.
    """
    masked = [mask(sentence, glossary) for sentence in sentences]
    translations = _translate_masked(
        [item.text for item in masked],
        translator,
        num_beams=num_beams,
        batch_size=batch_size,
        batch_tokens=batch_tokens,
    )
    return [
        replace(translation, text=unmask(translation.text, item)) if item.slots else translation
        for translation, item in zip(translations, masked, strict=True)
    ]


def _translate_masked(
    sentences: Sequence[str],
    translator: Translator,
    *,
    num_beams: int,
    batch_size: int,
    batch_tokens: int,
) -> list[Translation]:
    pieces_per_sentence = _fit_all(sentences, translator)
    for sentence, pieces in zip(sentences, pieces_per_sentence, strict=True):
        if len(pieces) > 1:
            logger.warning(
                "a sentence is longer than the model's %d-token input limit and was translated "
                "in %d pieces: %.60s...",
                translator.input_limit,
                len(pieces),
                sentence,
            )
    unique = list(dict.fromkeys(piece for pieces in pieces_per_sentence for piece in pieces))
    lengths = translator.count_tokens(unique) if unique else []
    translated: dict[str, Scored] = {}
    for batch in token_batches(unique, lengths, batch_size=batch_size, batch_tokens=batch_tokens):
        outputs = translator.translate_scored(batch, num_beams=num_beams)
        if len(outputs) != len(batch):
            raise RuntimeError(f"the model returned {len(outputs)} outputs for {len(batch)} inputs")
        translated.update(zip(batch, outputs, strict=True))
    return [_joined([translated[piece] for piece in pieces]) for pieces in pieces_per_sentence]


def _joined(pieces: Sequence[Scored]) -> Translation:
    """One sentence's translation from its pieces; its confidence is the pieces' lowest."""
    scores = [score for _, score in pieces]
    known = [score for score in scores if score is not None]
    return Translation(
        text=" ".join(text for text, _ in pieces),
        pieces=len(pieces),
        confidence=min(known) if len(known) == len(scores) else None,
    )


def token_batches(
    texts: Sequence[str], lengths: Sequence[int], *, batch_size: int, batch_tokens: int
) -> list[list[str]]:
    """Texts in batches, longest first, each within both limits.

    A batch holds at most `batch_size` texts and `batch_tokens` padded tokens (its text count
    times its longest text's length); a text over the token budget gets a batch of its own.
    """
    by_length = sorted(range(len(texts)), key=lambda i: lengths[i], reverse=True)
    batches: list[list[str]] = []
    longest = 0
    for index in by_length:
        current = batches[-1] if batches else []
        if current and len(current) < batch_size and (len(current) + 1) * longest <= batch_tokens:
            current.append(texts[index])
        else:
            batches.append([texts[index]])
            longest = lengths[index]
    return batches


def _fit_all(sentences: Sequence[str], translator: Translator) -> list[list[str]]:
    """Each sentence as it is if it fits the input limit, else as pieces that each fit."""
    limit = translator.input_limit
    counts = translator.count_tokens(list(dict.fromkeys(sentences))) if sentences else []
    count_of = dict(zip(dict.fromkeys(sentences), counts, strict=True))

    def count(text: str) -> int:
        return translator.count_tokens([text])[0]

    return [
        [sentence] if count_of[sentence] <= limit else split_to_fit(sentence, limit, count)
        for sentence in sentences
    ]


def split_to_fit(text: str, limit: int, count: Callable[[str], int]) -> list[str]:
    """Cut `text` into consecutive pieces of at most `limit` tokens each, as few as possible.

    Tries clause breaks (`;`, `:`, `,`), then word breaks, then plain character halves, and packs
    adjacent parts back together greedily so pieces stay as long (and as fluent) as they can.
    Only whitespace is lost at clause and word breaks.
    """
    if count(text) <= limit or len(text) < 2:
        return [text]
    for pattern in (*_BREAKS, _WORD_BREAK):
        parts = [part for part in pattern.split(text) if part]
        if len(parts) > 1:
            pieces: list[str] = []
            for packed in _pack(parts, limit, count):
                pieces.extend(split_to_fit(packed, limit, count))
            return pieces
    middle = len(text) // 2
    return split_to_fit(text[:middle], limit, count) + split_to_fit(text[middle:], limit, count)


def _pack(parts: list[str], limit: int, count: Callable[[str], int]) -> list[str]:
    """Join adjacent parts with a space while the joined text still fits the limit."""
    packed = [parts[0]]
    for part in parts[1:]:
        candidate = f"{packed[-1]} {part}"
        if count(candidate) <= limit:
            packed[-1] = candidate
        else:
            packed.append(part)
    return packed
