"""Cleaning what a summary model wrote: echoes, labels, repeats and a sentence cut off.

A bounded generation usually stops inside a sentence, and small instruction models like to
repeat the prompt or start with "Summary:"; what is left is cut to the word budget.
"""

from __future__ import annotations

import re

from translate.summary.extractive import count_words

_SENTENCE_END = re.compile(r"""[.!?…]["'”’»)\]]*$""")
_SENTENCE_BREAK = re.compile(r"""[.!?…]["'”’»)\]]*(\s+)(?=["'“‘„»(\[]?[A-Z0-9])""")
_LABEL = re.compile(
    r"^(?:(?:here is|here's) (?:a|the|your)\b[^:\n]{0,80}:|(?:short |brief )?summary\s*:)\s*",
    re.IGNORECASE,
)
_ABBREVIATION = re.compile(r"(?:^|\s)(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|No|vs|etc|e\.g|i\.e|[A-Z])\.$")


def ends_a_sentence(text: str) -> bool:
    """True when `text` ends in `.`, `!`, `?` or `…` (closing quotes and brackets allowed)."""
    return _SENTENCE_END.search(text) is not None


# Appended to the one fragment that is kept when nothing but a cut-off sentence came back.
CUT = " …"


def clean_summary(output: str, *, prompt: str, words: int) -> list[str]:
    """The sentences of a model's summary, cleaned and cut to `words` words.

    Removes an echo of the prompt and a leading label ("Summary:", "Here is a summary ...:"),
    collapses whitespace, drops repeated sentences and a final sentence that was cut off (no
    closing `.`, `!` or `?`), then keeps whole sentences while they fit in `words` (always the
    first). If nothing but a cut-off sentence came back, that fragment is kept, ending in `…`.
    """
    text = " ".join(output.split())
    echo = " ".join(prompt.split())
    if echo and text.lower().startswith(echo.lower()):
        text = text[len(echo) :].lstrip()
    text = _LABEL.sub("", text, count=1)
    pieces = split_english_sentences(text)
    if pieces and not _SENTENCE_END.search(pieces[-1]):
        if len(pieces) == 1:
            return [pieces[0].rstrip(" ,;:-–") + CUT]
        pieces = pieces[:-1]
    seen: set[str] = set()
    unique: list[str] = []
    for piece in pieces:
        if piece.lower() not in seen:
            seen.add(piece.lower())
            unique.append(piece)
    if not unique:
        return []
    kept = [unique[0]]
    used = count_words(unique[0])
    for piece in unique[1:]:
        used += count_words(piece)
        if used > words:
            break
        kept.append(piece)
    return kept


def split_english_sentences(text: str) -> list[str]:
    """English sentences of generated text; a break after `Dr.`, `Mr.` or an initial is no break."""
    sentences: list[str] = []
    start = 0
    for end in [match.start(1) for match in _SENTENCE_BREAK.finditer(text)] + [len(text)]:
        piece = text[start:end].strip()
        start = end
        if not piece:
            continue
        if sentences and _ABBREVIATION.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences
