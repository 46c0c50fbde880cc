"""An article's paragraphs cut into numbered sentences, with any segmenter."""

from __future__ import annotations

import re

from translate.document import Article, Sentence
from translate.segment.registry import Segmenter
from translate.segment.rules import split_sentences

_WHITESPACE = re.compile(r"\s+")


def segment_article(article: Article, split: Segmenter = split_sentences) -> list[Sentence]:
    """Split every paragraph into sentences, whitespace inside a sentence normalised to spaces.

    `split` defaults to our German rules (`translate.segment.rules.split_sentences`).
    """
    return [
        Sentence(paragraph=number, index=index, text=_WHITESPACE.sub(" ", text))
        for number, paragraph in enumerate(article.paragraphs, start=1)
        for index, text in enumerate(split(paragraph), start=1)
    ]
