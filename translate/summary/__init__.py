"""The English summary: extractive by default, or written by a model from a prompt template."""

from __future__ import annotations

from translate.summary.extractive import count_words, pick_summary_sentences, summarise
from translate.summary.prompts import PromptTemplate, load_template
from translate.summary.summariser import Summariser, load_summariser

__all__ = [
    "PromptTemplate",
    "Summariser",
    "count_words",
    "load_summariser",
    "load_template",
    "pick_summary_sentences",
    "summarise",
]
