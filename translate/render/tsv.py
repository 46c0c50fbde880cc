"""`aligned.tsv`: one row per sentence pair, for spreadsheets, pandas and Python's `csv`.

The convention is RFC 4180 quoting with a tab for a delimiter, the dialect every one of those
readers speaks by default: each text field (`de`, `en`, `flags`, `origin`) is always enclosed in
double quotes, a double quote inside it is doubled, and tabs and line breaks inside the quotes are
data.
Numbers (`paragraph`, `sentence`, `confidence`) are never quoted, with `.` as the decimal point.
So `csv.reader(file, delimiter="\\t")`, `pandas.read_csv(path, sep="\\t")` and a spreadsheet's
text import give back exactly the text that was written, and a sentence that begins with `=` or
`"` stays text: quoted fields are text to the spreadsheets' importers that honour it.
`origin` (model, memory or edited: whose English it is) came last, after the columns tools
already read by position.
"""

from __future__ import annotations

from translate.document import AlignedDocument, SentencePair

TSV_FILE = "aligned.tsv"
TSV_COLUMNS = ("paragraph", "sentence", "de", "en", "confidence", "flags", "origin")


def quote_field(text: str) -> str:
    """A text field in double quotes, its own double quotes doubled (RFC 4180, section 2)."""
    return '"' + text.replace('"', '""') + '"'


def render_tsv(document: AlignedDocument) -> str:
    """A header, then `paragraph sentence de en confidence flags origin` rows, one per pair.

    Ids are 1-based; the confidence is empty where the engine gave none; `flags` holds the
    pair's review flags separated by commas (empty when there are none), with their specific
    reasons where there are some (`tsv_flags`); `origin` says whose English it is (`model`,
    `memory`, `edited`), as aligned.jsonl's field does.
    """
    rows = ["\t".join(TSV_COLUMNS)]
    rows.extend(
        "\t".join(
            (
                str(pair.paragraph),
                str(pair.sentence),
                quote_field(pair.source),
                quote_field(pair.target),
                _confidence(pair.confidence),
                quote_field(tsv_flags(pair)),
                quote_field(pair.origin.value),
            )
        )
        for pair in document.pairs
    )
    return "\n".join(rows) + "\n"


def tsv_flags(pair: SentencePair) -> str:
    """The `flags` field: the kinds separated by commas (`number-mismatch,glossary`), or, where
    a flag has a specific reason, `kind: reason` entries separated by `; ` (a reason may hold
    commas: `2,000`)."""
    if not pair.reasons:
        return ",".join(pair.flags)
    return "; ".join(
        f"{flag}: {reason}" if reason else flag
        for flag, reason in zip(pair.flags, pair.reasons, strict=True)
    )


def _confidence(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"
