"""The Markdown views: `side-by-side.md` (summary and German | English tables) and `summary.md`.

Every text that reaches Markdown is escaped, so an article's words never become markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from translate.align import FLAG_REASONS
from translate.document import AlignedDocument, RunInfo, SentencePair, Summary, SummarySentence

MARKDOWN_FILE = "side-by-side.md"
SUMMARY_FILE = "summary.md"
# Characters that would start Markdown syntax, raw HTML or an entity (`&amp;` would show as `&`)
# anywhere in a line; escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\|*_`<>\[\]~&])")
# What makes a line a heading, quote, list item or rule when it comes first; escaped there.
_BLOCK_START = re.compile(r"[#>+=-]|\d+(?=[.)])")
_BACKTICKS = re.compile(r"`+")
# Under a summary that quotes a flagged pair: what its ⚑ means, and where the reasons are.
_SUMMARY_FLAG_NOTE = (
    "⚑ marks a sentence taken from a pair flagged for review (the reasons are in "
    "side-by-side.html and aligned.jsonl)."
)


def markdown_text(text: str) -> str:
    """`text` as literal Markdown on one line: whitespace collapsed, every markup character
    escaped, so an article's words (or a hostile file name) never become a link, an image,
    raw HTML or a heading."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    start = _BLOCK_START.match(escaped)
    if start is None:
        return escaped
    # `# x` → `\# x`; `1. x` → `1\. x` (a digit cannot be escaped, the period can).
    cut = start.end() if escaped[0].isdigit() else 0
    return f"{escaped[:cut]}\\{escaped[cut:]}"


def code_span(text: str) -> str:
    """`text` as an inline code span, fenced by more backticks than it holds in a row."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def render_markdown(document: AlignedDocument, summary: Summary, run: RunInfo) -> str:
    """A page to read: the summary, then per paragraph a German | English table."""
    lines = [f"# {markdown_text(document.name)}", "", code_span(run.signature()), ""]
    if summary.sentences:
        marks = flagged_pairs(document)
        lines += ["## Summary", ""]
        lines += [_summary_line(sentence, marks) for sentence in summary.sentences]
        lines.append("")
    for number, group in enumerate(document.paragraphs(), start=1):
        lines += [f"## Paragraph {number}", "", "| | German | English |", "|---|---|---|"]
        lines += [
            f"| {pair.id} | {markdown_text(pair.source)} | {markdown_text(pair.target)}"
            f"{_markdown_flags(pair)} |"
            for pair in group
        ]
        lines.append("")
    flagged = sorted({flag for pair in document.pairs for flag in pair.flags})
    if flagged:
        lines += ["## Review flags", ""]
        lines += [f"- ⚑ {flag}: {FLAG_REASONS[flag]}" for flag in flagged]
        lines.append("")
    return "\n".join(lines)


def _markdown_flags(pair: SentencePair) -> str:
    """` ⚑ kind, kind`; a flag with a specific reason is `kind (reason)`."""
    if not pair.flags:
        return ""
    if not pair.reasons:
        return f" ⚑ {', '.join(pair.flags)}"
    marks = [
        f"{flag} ({markdown_text(reason)})" if reason else flag
        for flag, reason in zip(pair.flags, pair.reasons, strict=True)
    ]
    return f" ⚑ {'; '.join(marks)}"


def flagged_pairs(document: AlignedDocument) -> dict[str, tuple[str, ...]]:
    """The review flags of each flagged pair, by pair id (what a summary sentence's mark names)."""
    return {pair.id: tuple(pair.flags) for pair in document.pairs if pair.flags}


def render_summary(
    summary: Summary, name: str, *, flagged: Mapping[str, tuple[str, ...]] | None = None
) -> str:
    """The summary sentences, each followed by the id of the pair it comes from, and by ⚑ and
    its flags when `flagged` (pair id -> flags, see `flagged_pairs`) names that pair.

    A model's summary has no such ids; a line above it names the model and the prompt instead.
    """
    flagged = flagged or {}
    lines = [f"# Summary: {markdown_text(name)}", ""]
    if summary.model is not None:
        lines += [
            f"Written by the model {markdown_text(summary.model)} from the prompt template "
            f"{markdown_text(summary.template or '')}; not sentences of the article.",
            "",
        ]
    lines += [_summary_line(sentence, flagged) for sentence in summary.sentences]
    if any(sentence.pair_id in flagged for sentence in summary.sentences):
        lines += ["", _SUMMARY_FLAG_NOTE]
    return "\n".join(lines) + "\n"


def _summary_line(sentence: SummarySentence, flagged: Mapping[str, tuple[str, ...]]) -> str:
    """`- text (p1.s2)`, with ` ⚑ flag, flag` when the pair it comes from is flagged."""
    flags = flagged.get(sentence.pair_id, ()) if sentence.pair_id else ()
    mark = f" ⚑ {', '.join(flags)}" if flags else ""  # the kinds; the reasons are in the rows
    return f"- {_with_id(markdown_text(sentence.text), sentence.pair_id)}{mark}"


def _with_id(text: str, pair_id: str | None) -> str:
    return f"{text} ({pair_id})" if pair_id else text
