"""What a side-by-side row shows of the translation memory: a mark on a person's English, and a
close memory entry offered beside the model's (a fuzzy match), with its similarity."""

from __future__ import annotations

from html import escape

from translate.document import Origin, SentencePair
from translate.render.xmltext import xml_safe


def memory_marks(pair: SentencePair) -> str:
    """The HTML to append to a pair's English cell: empty when the memory has nothing to say."""
    marks = ""
    if pair.origin is Origin.memory:
        marks += (
            '<span class="tm" title="a person&#x27;s translation, from the translation memory">'
            "✎ memory</span>"
        )
    if pair.origin is Origin.edited:
        marks += '<span class="tm" title="post-edited by a person">✎ edited</span>'
    if pair.match is not None:
        marks += (
            f'<div class="tm-match" role="note">translation memory, '
            f'{pair.match.similarity:.0%} match: <q lang="de">{_text(pair.match.source)}</q> '
            f'= <q lang="en">{_text(pair.match.target)}</q></div>'
        )
    return marks


def _text(text: str) -> str:
    return escape(xml_safe(text), quote=True)
