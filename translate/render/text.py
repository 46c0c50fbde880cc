"""The English text on its own: `translation.en.txt`, paragraphs kept."""

from __future__ import annotations

from translate.document import AlignedDocument

TRANSLATION_FILE = "translation.en.txt"


def render_translation(document: AlignedDocument) -> str:
    """The English text: sentences joined by spaces, blank lines between paragraphs."""
    paragraphs = [" ".join(pair.target for pair in group) for group in document.paragraphs()]
    return "\n\n".join(paragraphs) + "\n"
