"""Word alignment from the model's own cross-attention.

opus-mt models are trained with guided alignment: Marian supervises the first attention head of
the last decoder layer to point at the source token each target token translates. So each
English subword is linked to the German subword that head attends to most, and the links are
lifted to whole words (whitespace-separated, as the text is shown), which is what a reader
hovering a word wants to see.
"""

from __future__ import annotations

from collections.abc import Sequence

# SentencePiece marks the start of a word (a preceding space) with this character.
_WORD_START = "▁"


def word_indices(pieces: Sequence[str]) -> list[int]:
    """The 0-based word each SentencePiece piece belongs to (a new word at every `▁`)."""
    indices: list[int] = []
    word = -1
    for piece in pieces:
        if piece.startswith(_WORD_START) or word < 0:
            word += 1
        indices.append(word)
    return indices


def word_links(
    source_pieces: Sequence[str],
    target_pieces: Sequence[str],
    attention: Sequence[Sequence[float]],
    *,
    source_words: int,
    target_words: int,
) -> tuple[tuple[int, int], ...]:
    """(German word, English word) links, sorted, from one head's attention over the pieces.

    `attention[t][s]` is the weight target piece `t` gives source piece `s`; rows and columns
    beyond the pieces (end-of-sentence tokens) are ignored. Links to words past the counts given
    (a normalisation that merged two words) are dropped rather than pointing at the wrong one.
    """
    source_word = word_indices(source_pieces)
    target_word = word_indices(target_pieces)
    links: set[tuple[int, int]] = set()
    for t, row in enumerate(attention[: len(target_pieces)]):
        weights = list(row[: len(source_pieces)])
        if not weights:
            continue
        s = max(range(len(weights)), key=weights.__getitem__)
        link = (source_word[s], target_word[t])
        if link[0] < source_words and link[1] < target_words:
            links.add(link)
    return tuple(sorted(links))
