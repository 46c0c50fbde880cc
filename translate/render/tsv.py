"""`aligned.tsv`: one row per sentence pair, for spreadsheets and scripts."""

from __future__ import annotations

import re

from translate.document import AlignedDocument

TSV_FILE = "aligned.tsv"
_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_SPECIAL = re.compile(r"[\\\t\n\r]")


def escape_tsv(text: str) -> str:
    """Escape backslash, tab and line breaks, so every TSV row keeps exactly its fields."""
    return _TSV_SPECIAL.sub(lambda match: _TSV_ESCAPES[match.group()], text)


def render_tsv(document: AlignedDocument) -> str:
    """`paragraph  sentence  de  en  confidence` rows, 1-based ids, text escaped (`escape_tsv`).

    The confidence is empty where the engine gave none.
    """
    rows = ["paragraph\tsentence\tde\ten\tconfidence"]
    rows.extend(
        f"{pair.paragraph}\t{pair.sentence}\t{escape_tsv(pair.source)}\t{escape_tsv(pair.target)}"
        f"\t{_confidence(pair.confidence)}"
        for pair in document.pairs
    )
    return "\n".join(rows) + "\n"


def _confidence(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"
