"""What a document reader hands back (its own module, so the readers and the module that picks
one need not import each other)."""

from __future__ import annotations

from dataclasses import dataclass, field

from translate.document import SourceMetadata

DOCUMENTS_EXTRA = "pip install 'translate-de-en[documents]'"


@dataclass(frozen=True, slots=True)
class ReadDocument:
    """A document's body paragraphs in reading order, and what its metadata states."""

    paragraphs: tuple[str, ...]
    metadata: SourceMetadata = field(default_factory=SourceMetadata)
